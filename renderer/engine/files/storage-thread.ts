/**
 * The page's end of the storage thread (storage-worker.ts): a writer for
 * received files in the browser's private storage, each write moved (not
 * copied) to the thread, which writes it through a synchronous access
 * handle. Where no thread runs (no Worker, a browser without synchronous
 * handles, a thread that never starts), private-storage-sink.ts writes
 * through a writable stream in the page instead.
 */
import type { DownloadTarget } from './download-sink.js';
import type { StorageAnswer, StorageRequest } from './storage-jobs.js';
import { startThread, type ThreadPort } from './thread-start.js';

/** What the page needs of the storage thread: a Worker, or a fake in tests. */
export interface StoragePort extends ThreadPort<StorageAnswer> {
  postMessage(request: StorageRequest, transfer: Transferable[]): void;
}

/** How long a new storage thread gets to say it runs before the page writes by itself. */
export const STORAGE_THREAD_START_MS = 5000;

/** A request without its call number, which the thread's end adds. */
type Unnumbered<R> = R extends { call: number } ? Omit<R, 'call'> : never;

export class StorageThread {
  private lastCall = 0;
  private lastFile = 0;
  private readonly calls = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  /** Why the thread stopped working, once it has. */
  private broken: string | null = null;

  constructor(private readonly port: StoragePort) {
    port.onmessage = (event) => this.answer(event.data);
    port.onerror = (event) =>
      this.stop(`the storage thread failed${event.message ? `: ${event.message}` : ''}`);
  }

  /** Writes files into `folder`, each under a name of our own (never the sender's). */
  writerIn(folder: FileSystemDirectoryHandle): DownloadTarget {
    let count = 0;
    /** Our name of each file -> the thread's number for it, while it is open there. */
    const open = new Map<string, number>();
    const fileOf = (handle: string): number => {
      const file = open.get(handle);
      if (file === undefined) throw new Error('the file is closed');
      return file;
    };
    return {
      // Each chunk goes to the thread as it comes, moved: gathering would copy it.
      gatherBytes: 0,
      create: async () => {
        const name = `${++count}.part`;
        await folder.getFileHandle(name, { create: true });
        const file = ++this.lastFile;
        await this.call({ type: 'open', file, folder, name });
        open.set(name, file);
        return { handle: name, name };
      },
      write: async (handle, offset, bytes) => {
        // The sink hands over bytes it keeps no hold of; only a view of part of a buffer is copied.
        const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
        const buffer = whole && bytes.buffer instanceof ArrayBuffer ? bytes.buffer : bytes.slice().buffer;
        return this.call({ type: 'write', file: fileOf(handle), offset, bytes: buffer }, [buffer]);
      },
      finish: async (handle) => {
        const file = fileOf(handle);
        open.delete(handle);
        await this.call({ type: 'close', file });
        return handle;
      },
      discard: async (handle) => {
        const file = open.get(handle);
        open.delete(handle);
        // The thread must let go of the file before it can be removed.
        if (file !== undefined) await this.call({ type: 'close', file }).catch(() => {});
        await folder.removeEntry(handle).catch(() => {});
      },
    };
  }

  private call(request: Unnumbered<StorageRequest>, transfer: Transferable[] = []): Promise<void> {
    if (this.broken) return Promise.reject(new Error(this.broken));
    const call = ++this.lastCall;
    return new Promise((resolve, reject) => {
      this.calls.set(call, { resolve, reject });
      this.port.postMessage({ ...request, call } as StorageRequest, transfer);
    });
  }

  private answer(answer: StorageAnswer): void {
    if (answer.type !== 'done' && answer.type !== 'failed') return;
    const waiting = this.calls.get(answer.call);
    this.calls.delete(answer.call);
    if (answer.type === 'done') waiting?.resolve();
    else waiting?.reject(new Error(answer.reason));
  }

  private stop(reason: string): void {
    this.broken = reason;
    for (const { reject } of this.calls.values()) reject(new Error(reason));
    this.calls.clear();
  }
}

/** The page's real storage thread; Vite bundles the worker from this exact form. */
function createStorageWorker(): StoragePort {
  return new Worker(new URL('./storage-worker.ts', import.meta.url), { type: 'module' });
}

/**
 * Starts a storage thread; null where none runs: no Worker, or one that
 * could not be created, failed while loading, cannot open synchronous
 * handles, or said nothing within `startMs`.
 */
export async function startStorageThread(
  create: () => StoragePort = createStorageWorker,
  startMs = STORAGE_THREAD_START_MS,
): Promise<StorageThread | null> {
  if (typeof Worker === 'undefined' && create === createStorageWorker) return null;
  const port = await startThread(create, startMs, (answer: StorageAnswer) =>
    answer.type === 'ready' || answer.type === 'unavailable' ? answer.type : null,
  );
  return port && new StorageThread(port);
}
