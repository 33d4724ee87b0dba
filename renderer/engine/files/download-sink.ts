/**
 * Received files written to disk as they arrive, through whatever hosts the
 * page (the desktop app writes into the downloads folder; see
 * DownloadBridge) or the browser's own storage (private-storage-sink.ts):
 * memory stays flat whatever the file's size. Chunks are gathered to a MiB
 * before each write, so a file crosses to the writer in few, large calls,
 * unless the writer takes them as they come (gatherBytes).
 */
import type { FileSink, FileSinks, ReceivedFile } from './file-store.js';

/** What the engine needs of a download writer (the bridge's DownloadBridge fits it). */
export interface DownloadTarget {
  create(request: { name: string; size: number }): Promise<{ handle: string; name: string }>;
  /** `bytes` are the target's from then on: the sink keeps no hold of them, so a target may move them to another thread. */
  write(handle: string, offset: number, bytes: Uint8Array): Promise<void>;
  /**
   * Bytes gathered into one write (WRITE_BYTES unless it says): a writer in
   * another process wants few, large calls; one in a thread of the page's
   * own takes each chunk as it comes (0), which spares copying it.
   */
  readonly gatherBytes?: number;
  finish(handle: string): Promise<string>;
  discard(handle: string): Promise<void>;
}

const WRITE_BYTES = 1024 * 1024;

/** What the user gets of a finished file, from what the writer's `finish` said. */
export type Received = (finished: string) => Promise<ReceivedFile>;

/** The desktop app's writer names the file it saved in the downloads folder. */
const savedOnDisk: Received = (savedAs) => Promise.resolve({ blob: null, savedAs });

class DownloadSink implements FileSink {
  private handle: Promise<string> | null = null;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private offset = 0;
  private discarded = false;

  constructor(
    private readonly target: DownloadTarget,
    private readonly name: string,
    private readonly size: number,
    private readonly received: Received,
  ) {}

  async write(bytes: Uint8Array): Promise<void> {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= (this.target.gatherBytes ?? WRITE_BYTES)) await this.flush();
  }

  async finish(): Promise<ReceivedFile> {
    await this.flush();
    return this.received(await this.target.finish(await this.opened()));
  }

  discard(): void {
    this.discarded = true;
    this.pending = [];
    if (this.handle) void this.handle.then((handle) => this.target.discard(handle)).catch(() => {});
  }

  /** The file on the other side, made on the first write (nothing is created for an offer never accepted). */
  private opened(): Promise<string> {
    this.handle ??= this.target.create({ name: this.name, size: this.size }).then(({ handle }) => handle);
    return this.handle;
  }

  private async flush(): Promise<void> {
    if (this.discarded) throw new Error('the transfer was stopped');
    const handle = await this.opened();
    if (this.pendingBytes === 0) return;
    const bytes = this.pending.length === 1 ? this.pending[0]! : gathered(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    const offset = this.offset;
    this.offset += bytes.length;
    await this.target.write(handle, offset, bytes);
  }
}

/** `parts`, `length` bytes in all, in one buffer. */
function gathered(parts: readonly Uint8Array[], length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

/** Sinks that write to disk: no size limit but the disk's (or `limit`, worded by `limitText`). */
export function downloadSinks(
  target: DownloadTarget,
  { limit = Number.MAX_SAFE_INTEGER, limitText = 'the disk is too small', received = savedOnDisk } = {},
): FileSinks {
  return { limit, limitText, create: (name, size) => new DownloadSink(target, name, size, received) };
}
