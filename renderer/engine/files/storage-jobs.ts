/**
 * What the storage thread does (storage-worker.ts runs it): received files
 * written into the browser's private storage through synchronous access
 * handles, which only a worker may open. A handle writes straight to the
 * file; the page's other way, a writable stream, sends every byte to the
 * browser's own process, which writes it to a copy of the file and copies
 * that into place at the end: measured, about six times the CPU for the
 * same 200 MB (0.9 s against 5.6 s on a 2-core machine).
 *
 * Requests arrive in order and are carried out in order, one at a time.
 * The messages stay inside one page, between its own threads, so they are
 * typed but not validated like those that cross the network.
 */

/** The part of a synchronous access handle this uses (tests pass fakes). */
export interface SyncFile {
  write(bytes: Uint8Array, options: { at: number }): number;
  flush(): void;
  close(): void;
}

/** Opens `name` in `folder` for synchronous writing. */
export type OpenSyncFile = (folder: FileSystemDirectoryHandle, name: string) => Promise<SyncFile>;

export type StorageRequest =
  /** Open file `name` of `folder` (made already) as file `file`. */
  | { type: 'open'; call: number; file: number; folder: FileSystemDirectoryHandle; name: string }
  /** Write `bytes` (a buffer of their own, moved, not copied) at `offset`. */
  | { type: 'write'; call: number; file: number; offset: number; bytes: ArrayBuffer }
  /** Every byte is written: flush and close the file. */
  | { type: 'close'; call: number; file: number };

export type StorageAnswer =
  /** The thread runs and can open synchronous handles. */
  | { type: 'ready' }
  /** The thread runs, but this browser opens no synchronous handles: the page writes by itself. */
  | { type: 'unavailable' }
  | { type: 'done'; call: number }
  | { type: 'failed'; call: number; reason: string };

/** Opens a synchronous access handle, as browsers offer it in workers. */
export const openSyncFile: OpenSyncFile = async (folder, name) => {
  const file = await folder.getFileHandle(name);
  return (
    file as FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncFile> }
  ).createSyncAccessHandle();
};

/** Whether this thread can open synchronous access handles. */
export function syncFilesHere(): boolean {
  const handle: unknown = (globalThis as { FileSystemFileHandle?: unknown }).FileSystemFileHandle;
  return typeof handle === 'function' && 'createSyncAccessHandle' in (handle.prototype as object);
}

export class StorageJobs {
  private readonly files = new Map<number, SyncFile>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly open: OpenSyncFile,
    private readonly answer: (answer: StorageAnswer) => void,
  ) {}

  /** Takes a request; it is carried out after those before it. */
  handle(request: StorageRequest): void {
    this.queue = this.queue.then(async () => {
      try {
        await this.carryOut(request);
        this.answer({ type: 'done', call: request.call });
      } catch (error) {
        this.answer({ type: 'failed', call: request.call, reason: reasonOf(error) });
      }
    });
  }

  /** Files open and not closed. */
  get openFiles(): number {
    return this.files.size;
  }

  private async carryOut(request: StorageRequest): Promise<void> {
    if (request.type === 'open') {
      this.files.set(request.file, await this.open(request.folder, request.name));
      return;
    }
    const file = this.files.get(request.file);
    if (!file) throw new Error('the file is closed');
    if (request.type === 'close') {
      this.files.delete(request.file);
      try {
        file.flush();
      } finally {
        file.close();
      }
      return;
    }
    const bytes = new Uint8Array(request.bytes);
    let written: number;
    try {
      written = file.write(bytes, { at: request.offset });
    } catch (error) {
      this.closeAfterFailure(request.file, file);
      throw error;
    }
    if (written !== bytes.length) {
      this.closeAfterFailure(request.file, file);
      throw new Error(`only ${written} of ${bytes.length} bytes could be written: the disk may be full`);
    }
  }

  /** A file that failed a write is closed: the page discards it, which needs it closed. */
  private closeAfterFailure(id: number, file: SyncFile): void {
    this.files.delete(id);
    try {
      file.close();
    } catch {
      // Closed already.
    }
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof DOMException && error.name === 'QuotaExceededError')
    return "the browser's storage for this site is full";
  return error instanceof Error ? error.message : String(error);
}
