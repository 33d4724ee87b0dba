/**
 * Where a file's bytes come from (the sender's file, read in slices) and
 * where a received file's bytes go (a FileSink). The browser's sink keeps
 * the file in memory, up to a limit it states; the engine only sees these
 * interfaces, so tests and the desktop app can put other stores behind them.
 */

/** The sender's file: read a slice at a time, never whole. */
export interface FileSource {
  readonly name: string;
  readonly size: number;
  readonly mediaType: string;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A received file: in memory, or saved to disk. */
export interface ReceivedFile {
  blob: Blob | null;
  savedAs: string | null;
}

/** A received file being written, in order. */
export interface FileSink {
  /** Takes the next bytes; a sink that writes to disk resolves once they are written. */
  write(bytes: Uint8Array): void | Promise<void>;
  /** Every byte is in, and checked: the file as the user gets it. */
  finish(): Promise<ReceivedFile>;
  /** The transfer failed or was cancelled: forget what was written. */
  discard(): void;
}

export interface FileSinks {
  /** Largest file this receiver can take, in bytes; larger offers are refused as too large. */
  readonly limit: number;
  /** Words the limit for a refusal ("this browser keeps received files in memory, up to 1 GiB"). */
  readonly limitText: string;
  create(name: string, size: number, mediaType: string): FileSink;
}

/** A browser receiver assembles files in memory up to this size. */
export const MEMORY_LIMIT_BYTES = 1024 ** 3;
/** Chunks are merged into a Blob every this many bytes: the browser may keep large Blobs out of the page's heap. */
const MERGE_BYTES = 16 * 1024 * 1024;

/** A File (or any Blob) as a source. */
export function blobSource(file: Blob & { name?: string }, name = file.name ?? 'file'): FileSource {
  return {
    name,
    size: file.size,
    mediaType: file.type,
    read: async (offset, length) => new Uint8Array(await file.slice(offset, offset + length).arrayBuffer()),
  };
}

class MemorySink implements FileSink {
  private parts: Blob[] = [];
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(private readonly mediaType: string) {}

  write(bytes: Uint8Array): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= MERGE_BYTES) this.merge();
  }

  finish(): Promise<ReceivedFile> {
    this.merge();
    const blob = new Blob(this.parts, { type: this.mediaType });
    this.parts = [];
    return Promise.resolve({ blob, savedAs: null });
  }

  discard(): void {
    this.parts = [];
    this.pending = [];
    this.pendingBytes = 0;
  }

  private merge(): void {
    if (this.pending.length === 0) return;
    this.parts.push(new Blob(this.pending as BlobPart[]));
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/** The browser's sinks: in memory, up to `limit`. */
export function memorySinks(limit = MEMORY_LIMIT_BYTES): FileSinks {
  return {
    limit,
    limitText: `this app keeps received files in memory, up to ${formatBytes(limit)}`,
    create: (_name, _size, mediaType) => new MemorySink(mediaType),
  };
}

/** 1536 -> "1.5 KiB": sizes as people read them. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  return `${value >= 100 || Number.isInteger(value) ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
