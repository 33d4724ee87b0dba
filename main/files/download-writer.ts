/**
 * Received files written into the user's downloads folder for the page, a
 * chunk at a time, so a large file never sits in memory.
 *
 * The page never names a path. `create` picks one — the offered name made
 * safe, in the downloads folder, written first as `<name>.part` — and hands
 * back a random handle; `write`, `finish` and `discard` accept only handles
 * this writer made, and only for the file's own bytes, in order, up to its
 * announced size. Everything arriving here is untrusted (IPC from the page)
 * and checked. On `finish` the part file takes its final name, never
 * overwriting anything already there ("name (1).ext" and so on).
 *
 * Plain Node: the downloads folder is passed in, so all of it is unit-tested.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** What the page asks for: a file of this name and size. */
export interface DownloadRequest {
  name: string;
  size: number;
}

interface OpenDownload {
  file: FileHandle;
  partPath: string;
  name: string;
  size: number;
  written: number;
  /** Writes run one at a time, in order. */
  busy: Promise<unknown>;
}

const MAX_NAME = 255;
/** Largest write accepted in one call. */
export const MAX_WRITE_BYTES = 16 * 1024 * 1024;
/** Files open at once; more are refused (a page gone wrong, not a user). */
const MAX_OPEN = 64;
const HANDLE = /^[0-9a-f]{32}$/u;

/** The offered name as a plain file name: no folders, no control characters, nothing hidden, not empty. */
export function safeFileName(name: string): string {
  const base = name
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/gu, '_')
    .replace(/^[\s.]+|[\s.]+$/gu, '')
    .slice(0, 200);
  // Names Windows reserves for devices are given a prefix on every system, so a file can move between them.
  return !base || /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/iu.test(base) ? `download ${base}`.trim() : base;
}

function parseRequest(value: unknown): DownloadRequest {
  const request = value as Partial<DownloadRequest> | null;
  if (
    typeof request !== 'object' ||
    request === null ||
    typeof request.name !== 'string' ||
    request.name.length === 0 ||
    request.name.length > MAX_NAME ||
    typeof request.size !== 'number' ||
    !Number.isSafeInteger(request.size) ||
    request.size < 0
  )
    throw new Error('Refused: not a file name and size.');
  return { name: request.name, size: request.size };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

export class DownloadWriter {
  private readonly open = new Map<string, OpenDownload>();

  constructor(private readonly folder: () => string) {}

  /** Starts a file for `request` (untrusted); resolves with its handle and the name it will have. */
  async create(request: unknown): Promise<{ handle: string; name: string }> {
    const { name, size } = parseRequest(request);
    if (this.open.size >= MAX_OPEN) throw new Error('Refused: too many files are being received at once.');
    const safe = safeFileName(name);
    const folder = this.folder();
    // A part file of our own: exclusive creation never opens someone else's file.
    for (let attempt = 0; ; attempt++) {
      const partPath = path.join(folder, `${safe}.${randomBytes(4).toString('hex')}.part`);
      try {
        const file = await open(partPath, 'wx');
        const handle = randomBytes(16).toString('hex');
        this.open.set(handle, { file, partPath, name: safe, size, written: 0, busy: Promise.resolve() });
        return { handle, name: safe };
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'EEXIST' || attempt >= 5) throw error;
      }
    }
  }

  /** Writes the next bytes of the file (untrusted): `offset` must be where the last write ended. */
  async write(handle: unknown, offset: unknown, bytes: unknown): Promise<void> {
    const download = this.get(handle);
    if (!(bytes instanceof Uint8Array) || bytes.length === 0 || bytes.length > MAX_WRITE_BYTES)
      throw new Error('Refused: not bytes to write.');
    return this.queue(download, async () => {
      if (offset !== download.written) throw new Error('Refused: bytes out of order.');
      if (download.written + bytes.length > download.size)
        throw new Error('Refused: more bytes than the file was announced to have.');
      await download.file.write(bytes, 0, bytes.length, download.written);
      download.written += bytes.length;
    });
  }

  /** Every byte is written and checked: the file takes its final name. Resolves with its path. */
  async finish(handle: unknown): Promise<string> {
    const download = this.get(handle);
    return this.queue(download, async () => {
      if (download.written !== download.size) throw new Error('Refused: the file is not complete.');
      await download.file.close();
      this.open.delete(handle as string);
      const { name } = download;
      const dot = name.lastIndexOf('.');
      const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
      for (let copy = 0; copy < 1000; copy++) {
        const target = path.join(
          path.dirname(download.partPath),
          copy ? `${stem} (${copy})${extension}` : name,
        );
        // Checked then renamed: a file appearing between the two would be replaced, a risk the
        // folder's owner alone can create; nothing the page sends can aim the rename elsewhere.
        if (await exists(target)) continue;
        await rename(download.partPath, target);
        return target;
      }
      throw new Error('Refused: no free name for the file.');
    });
  }

  /** The transfer failed or was cancelled: the part file goes. Unknown handles are ignored. */
  async discard(handle: unknown): Promise<void> {
    if (typeof handle !== 'string' || !this.open.has(handle)) return;
    const download = this.open.get(handle)!;
    this.open.delete(handle);
    await download.busy.catch(() => {});
    await download.file.close().catch(() => {});
    await rm(download.partPath, { force: true });
  }

  /** The app quits: every unfinished file goes. */
  async discardAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((handle) => this.discard(handle)));
  }

  private get(handle: unknown): OpenDownload {
    const download = typeof handle === 'string' && HANDLE.test(handle) ? this.open.get(handle) : undefined;
    if (!download) throw new Error('Refused: not a file this app is receiving.');
    return download;
  }

  private queue<T>(download: OpenDownload, work: () => Promise<T>): Promise<T> {
    const result = download.busy.then(work);
    download.busy = result.catch(() => {});
    return result;
  }
}
