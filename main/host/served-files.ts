/**
 * Which request paths the web host may answer from the renderer folder.
 *
 * express.static already refuses `..`, encoded separators that decode to a
 * traversal, and dotfiles, but it follows symlinks: a link inside the folder
 * would serve whatever it points at to every guest on the LAN. This check
 * runs before it and allows a path only when the file it names, with every
 * symlink resolved, is still inside the folder (app-page.ts's rule for the
 * desktop window, applied to URL paths). Anything it cannot place, it
 * refuses; a file that does not exist is left to express.static's 404.
 *
 * The path rules and realpath are passed in, so this is unit-tested with
 * Windows rules too.
 */
import path from 'node:path';
import { isInside } from '../app-page.js';

export interface ServedFilesOptions {
  /** The renderer folder, with symlinks already resolved. */
  realDirectory: string;
  /** The real path of an existing file; throws when there is none. */
  realpath(file: string): string;
  paths?: path.PlatformPath;
}

export type ServedFileDecision = 'serve' | 'refuse' | 'missing';

/** What to do with a request for `requestPath` (a URL path, still %-encoded, without the query). */
export function servedFileDecision(requestPath: string, options: ServedFilesOptions): ServedFileDecision {
  const paths = options.paths ?? path;
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return 'refuse';
  }
  if (decoded.includes('\0')) return 'refuse';
  // The folder's own index is served for "/"; check the file, not the folder.
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  // join, not resolve: a path that looks absolute stays under the folder, and
  // `..` is folded in, so the lexical check sees where it really points.
  const target = paths.join(options.realDirectory, relative);
  if (!isInside(options.realDirectory, target, paths)) return 'refuse';
  let real: string;
  try {
    real = options.realpath(target);
  } catch {
    return 'missing';
  }
  return isInside(options.realDirectory, real, paths) ? 'serve' : 'refuse';
}
