/**
 * Recognises the app's own page: a `file:` URL naming a file inside the
 * renderer folder.
 *
 * Comparing URL strings is not enough. Chromium and Node spell the same path
 * differently (Chromium upper-cases a Windows drive letter, the two escape
 * different characters), and when the spellings differ every IPC call and
 * every camera permission is refused. So the URL is turned back into a path
 * and compared as a path: lexically first (`..`, other drives, other
 * folders), then once more with symlinks resolved, so a link inside the
 * folder cannot make a file outside it count as the app.
 *
 * The path rules and the file system are passed in, so the Windows rules are
 * unit-tested on any machine, with `path.win32`.
 *
 * Why the page stays on `file:` rather than a privileged custom scheme
 * (`protocol.handle`, which Electron's checklist prefers): a scheme marked
 * secure may make Chromium treat the page like https: and block plain
 * `ws://` to a stock PeerJS server on the LAN as mixed content. Joining such
 * a server must keep working, and that cannot be tried without Electron.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AppPageOptions {
  /** The renderer folder, a native path of `platform`. */
  directory: string;
  /** Whose path rules apply: Windows paths ignore case, and use drive letters and backslashes. */
  platform: NodeJS.Platform;
  /** The real path of an existing file (symlinks resolved); throws when there is none. */
  realpath(file: string): string;
}

export interface AppPage {
  /** Is `url` a file inside the renderer folder (the folder itself is not a page)? */
  contains(url: string): boolean;
}

function pathsFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** The native path a `file:` URL names, or null for anything else (including encoded separators). */
export function filePathOf(url: string, platform: NodeJS.Platform): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'file:') return null;
  try {
    // Throws for an encoded "/" (and "\" on Windows), which a file name cannot
    // hold: whatever decodes it later could read it as a separator.
    const file = fileURLToPath(parsed, { windows: platform === 'win32' });
    return file.includes('\0') ? null : file;
  } catch {
    return null;
  }
}

/** Is `target` strictly inside `directory`, by the rules of `paths` (case-insensitive on Windows)? */
export function isInside(directory: string, target: string, paths: path.PlatformPath): boolean {
  const relative = paths.relative(paths.resolve(directory), paths.resolve(target));
  // Empty: the folder itself. Absolute: another drive or share on Windows.
  if (relative === '' || paths.isAbsolute(relative)) return false;
  const [first] = relative.split(paths.sep);
  return first !== '..';
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The app's page when it is shown from the loopback web host instead of from
 * disk: the exact origin, and only a loopback one (never a LAN address, which
 * anyone on the network could answer from).
 */
export function webHostPage(origin: string): AppPage {
  let app: URL | null;
  try {
    app = new URL(origin);
  } catch {
    app = null;
  }
  const usable = app !== null && /^https?:$/.test(app.protocol) && loopbackHosts.has(app.hostname);
  return {
    contains(url) {
      if (!usable || !app) return false;
      try {
        return new URL(url).origin === app.origin;
      } catch {
        return false;
      }
    },
  };
}

export function createAppPage(options: AppPageOptions): AppPage {
  const paths = pathsFor(options.platform);
  let realDirectory: string | null = null;

  function resolvedDirectory(): string | null {
    try {
      realDirectory ??= options.realpath(options.directory);
    } catch {
      // Not there (yet); tried again on the next call.
    }
    return realDirectory;
  }

  return {
    contains(url) {
      const file = filePathOf(url, options.platform);
      if (file === null || !isInside(options.directory, file, paths)) return false;
      const directory = resolvedDirectory();
      if (directory === null) return false;
      let realFile: string;
      try {
        realFile = options.realpath(file);
      } catch {
        // A file that does not exist is nobody's page.
        return false;
      }
      return isInside(directory, realFile, paths);
    },
  };
}

/**
 * May the app's session load `url`? A `file:` URL only when it is a file of
 * the app: the page is served from disk by Chromium's file loader, which
 * would read any file, so this check (on every request) is what makes the
 * renderer folder the only thing served. Other schemes are for the
 * navigation, permission and CSP rules to judge.
 */
export function isAllowedRequest(url: string, appPage: AppPage): boolean {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return true;
  }
  return protocol !== 'file:' || appPage.contains(url);
}
