/**
 * A file's SHA-256 as the transfers need it: fed on the page's main thread,
 * in order, as chunks go out or come in, and computed on the page's hashing
 * thread (hash-worker.ts). Hashing in the page itself took most of both
 * pages' main threads during a transfer, and each chunk's few milliseconds
 * there held up the channel behind it: measured, a third of the throughput.
 *
 * Where the page cannot run the thread (no Worker, a policy that refuses it,
 * a page opened from a file), the hash runs in the page as before. Bytes fed
 * before the thread is known to be up are kept and handed over once it is.
 */
import { FileHash } from './file-hash.js';
import type { HashAnswer, HashRequest } from './hash-jobs.js';

/** What the hasher needs of the hashing thread: a Worker, or a fake in tests. */
export interface HashPort {
  postMessage(request: HashRequest, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<HashAnswer>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/** How long a new hashing thread gets to say it runs before the page hashes by itself. */
export const HASH_THREAD_START_MS = 5000;

interface Waiting {
  resolve: (hex: string) => void;
  reject: (error: Error) => void;
}

/** The page's end of the hashing thread: jobs by id, digests awaited. */
export class HashThread {
  private lastJob = 0;
  private readonly waiting = new Map<number, Waiting>();
  /** Why the thread stopped working, once it has. */
  broken: string | null = null;

  constructor(private readonly port: HashPort) {
    port.onmessage = (event) => this.answer(event.data);
    port.onerror = (event) => this.stop(`the hashing thread failed${describeEvent(event)}`);
  }

  newJob(): number {
    return ++this.lastJob;
  }

  /** Hands a copy of `bytes` over (the caller's buffer may still be sent or written). */
  update(job: number, bytes: Uint8Array): void {
    const copy = bytes.slice();
    this.port.postMessage({ type: 'update', id: job, bytes: copy.buffer }, [copy.buffer]);
  }

  finish(job: number): Promise<string> {
    if (this.broken) return Promise.reject(new Error(this.broken));
    return new Promise((resolve, reject) => {
      this.waiting.set(job, { resolve, reject });
      this.port.postMessage({ type: 'finish', id: job }, []);
    });
  }

  private answer(answer: HashAnswer): void {
    if (answer.type === 'ready') return;
    const waiting = this.waiting.get(answer.id);
    this.waiting.delete(answer.id);
    if (answer.type === 'digest') waiting?.resolve(answer.hex);
    else waiting?.reject(new Error(answer.reason));
  }

  private stop(reason: string): void {
    this.broken = reason;
    for (const { reject } of this.waiting.values()) reject(new Error(reason));
    this.waiting.clear();
  }
}

function describeEvent(event: ErrorEvent): string {
  return event.message ? `: ${event.message}` : '';
}

/** The page's real hashing thread; Vite bundles the worker from this exact form. */
function createHashWorker(): HashPort {
  return new Worker(new URL('./hash-worker.ts', import.meta.url), { type: 'module' });
}

/**
 * Starts a hashing thread; null where none runs: it could not be created,
 * failed while loading, or said nothing within `startMs`.
 */
export function startHashThread(
  create: () => HashPort = createHashWorker,
  startMs = HASH_THREAD_START_MS,
): Promise<HashThread | null> {
  let port: HashPort;
  try {
    port = create();
  } catch {
    return Promise.resolve(null);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), startMs);
    port.onerror = () => {
      clearTimeout(timer);
      resolve(null);
    };
    port.onmessage = (event) => {
      if (event.data.type !== 'ready') return;
      clearTimeout(timer);
      resolve(new HashThread(port));
    };
  });
}

let shared: Promise<HashThread | null> | null = null;

/** The page's one hashing thread, started on first use; null in a page without workers (and under Node). */
export function sharedHashThread(): Promise<HashThread | null> {
  if (typeof Worker === 'undefined') return Promise.resolve(null);
  shared ??= startHashThread();
  return shared;
}

export class FileHasher {
  private fed = 0;
  /** Copies of what was fed before the thread was known; null once it is. */
  private queued: Uint8Array[] | null = [];
  private thread: HashThread | null = null;
  private job = 0;
  private local: FileHash | null = null;
  private result: Promise<string> | null = null;
  private readonly ready: Promise<void>;

  constructor(thread: Promise<HashThread | null> = sharedHashThread()) {
    this.ready = thread.then((running) => {
      if (running && !running.broken) {
        this.thread = running;
        this.job = running.newJob();
      } else this.local = new FileHash();
      for (const bytes of this.queued ?? []) this.hand(bytes);
      this.queued = null;
    });
  }

  /** Bytes of the file fed so far. */
  get length(): number {
    return this.fed;
  }

  /** Feeds the next bytes of the file, in order. */
  update(bytes: Uint8Array): void {
    if (this.result !== null) throw new Error('this hash is already finished');
    this.fed += bytes.length;
    if (this.queued) this.queued.push(bytes.slice());
    else this.hand(bytes);
  }

  /**
   * Feeds what of `bytes` (the file's bytes from `offset`) is not hashed yet.
   * Several transfers of one file share its hash this way: whichever is
   * furthest ahead feeds it, and each byte is hashed once.
   */
  updateFrom(offset: number, bytes: Uint8Array): void {
    if (offset > this.fed) throw new Error(`bytes ${this.fed} to ${offset} were never hashed`);
    const known = this.fed - offset;
    if (known < bytes.length) this.update(bytes.subarray(known));
  }

  /** The digest as 64 lowercase hex digits, once every byte fed is hashed; the hash takes nothing more after. */
  hex(): Promise<string> {
    this.result ??= this.ready.then(() =>
      this.thread ? this.thread.finish(this.job) : (this.local ?? new FileHash()).hex(),
    );
    return this.result;
  }

  private hand(bytes: Uint8Array): void {
    if (this.thread) this.thread.update(this.job, bytes);
    else this.local?.update(bytes);
  }
}
