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
 *
 * Each chunk handed over is a copy held until the thread has hashed it, so a
 * thread that falls behind (a busy machine) would hold ever more of the file:
 * the transfers wait on keepUp() before going on, which keeps what is held to
 * HASH_MAX_BEHIND_BYTES and the page's memory flat whatever the file's size.
 */
import { FileHash } from './file-hash.js';
import type { HashAnswer, HashRequest } from './hash-jobs.js';
import { startThread, type ThreadPort } from './thread-start.js';

/** What the hasher needs of the hashing thread: a Worker, or a fake in tests. */
export interface HashPort extends ThreadPort<HashAnswer> {
  postMessage(request: HashRequest, transfer: Transferable[]): void;
}

/** How long a new hashing thread gets to say it runs before the page hashes by itself. */
export const HASH_THREAD_START_MS = 5000;
/** The most a transfer lets the hashing thread fall behind the bytes it has handed over. */
export const HASH_MAX_BEHIND_BYTES = 8 * 1024 * 1024;

interface Waiting {
  resolve: (hex: string) => void;
  reject: (error: Error) => void;
}

/** Per job: bytes handed over and hashed, and who waits for the thread to catch up. */
interface Progress {
  handed: number;
  hashed: number;
  caughtUp: Array<{ maxBehind: number; resolve: () => void }>;
}

/** The page's end of the hashing thread: jobs by id, digests awaited. */
export class HashThread {
  private lastJob = 0;
  private readonly waiting = new Map<number, Waiting>();
  private readonly progress = new Map<number, Progress>();
  /** Why the thread stopped working, once it has. */
  broken: string | null = null;

  constructor(private readonly port: HashPort) {
    port.onmessage = (event) => this.answer(event.data);
    port.onerror = (event) => this.stop(`the hashing thread failed${describeEvent(event)}`);
  }

  newJob(): number {
    const job = ++this.lastJob;
    this.progress.set(job, { handed: 0, hashed: 0, caughtUp: [] });
    return job;
  }

  /** Hands a copy of `bytes` over (the caller's buffer may still be sent or written). */
  update(job: number, bytes: Uint8Array): void {
    const copy = bytes.slice();
    const progress = this.progress.get(job);
    if (progress) progress.handed += copy.byteLength;
    this.port.postMessage({ type: 'update', id: job, bytes: copy.buffer }, [copy.buffer]);
  }

  /** Resolves once the job is no more than `maxBehind` bytes behind what was handed over (or the thread stopped). */
  keepUp(job: number, maxBehind: number): Promise<void> {
    const progress = this.progress.get(job);
    if (this.broken || !progress || progress.handed - progress.hashed <= maxBehind) return Promise.resolve();
    return new Promise((resolve) => progress.caughtUp.push({ maxBehind, resolve }));
  }

  /** The job will not be finished: the thread forgets it, and nobody waits on it any more. */
  drop(job: number): void {
    this.release(job);
    if (!this.broken) this.port.postMessage({ type: 'drop', id: job }, []);
  }

  finish(job: number): Promise<string> {
    this.release(job);
    if (this.broken) return Promise.reject(new Error(this.broken));
    return new Promise((resolve, reject) => {
      this.waiting.set(job, { resolve, reject });
      this.port.postMessage({ type: 'finish', id: job }, []);
    });
  }

  private answer(answer: HashAnswer): void {
    if (answer.type === 'ready') return;
    if (answer.type === 'hashed') {
      const progress = this.progress.get(answer.id);
      if (!progress) return;
      progress.hashed = answer.bytes;
      const behind = progress.handed - progress.hashed;
      const still = progress.caughtUp.filter(({ maxBehind }) => behind > maxBehind);
      for (const waiter of progress.caughtUp) if (!still.includes(waiter)) waiter.resolve();
      progress.caughtUp = still;
      return;
    }
    const waiting = this.waiting.get(answer.id);
    this.waiting.delete(answer.id);
    if (answer.type === 'digest') waiting?.resolve(answer.hex);
    else waiting?.reject(new Error(answer.reason));
  }

  /** Nobody waits on the job's progress any more. */
  private release(job: number): void {
    for (const { resolve } of this.progress.get(job)?.caughtUp ?? []) resolve();
    this.progress.delete(job);
  }

  private stop(reason: string): void {
    this.broken = reason;
    for (const { reject } of this.waiting.values()) reject(new Error(reason));
    this.waiting.clear();
    for (const job of [...this.progress.keys()]) this.release(job);
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
export async function startHashThread(
  create: () => HashPort = createHashWorker,
  startMs = HASH_THREAD_START_MS,
): Promise<HashThread | null> {
  const port = await startThread(create, startMs, (answer: HashAnswer) =>
    answer.type === 'ready' ? 'ready' : null,
  );
  return port && new HashThread(port);
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
  /** Where the bytes are hashed, once known: a job on the hashing thread, or this thread. */
  private engine: { thread: HashThread; job: number } | { local: FileHash } | null = null;
  private result: Promise<string> | null = null;
  /** Transfers using this hash (those of one file to several members share it); see hold(). */
  private holders = 0;
  private readonly ready: Promise<void>;

  constructor(thread: Promise<HashThread | null> = sharedHashThread()) {
    this.ready = thread.then((running) => {
      this.engine =
        running && !running.broken ? { thread: running, job: running.newJob() } : { local: new FileHash() };
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

  /**
   * Resolves once the hashing thread is at most `maxBehind` bytes behind what
   * was fed: a transfer waits on it before taking or sending more.
   */
  async keepUp(maxBehind = HASH_MAX_BEHIND_BYTES): Promise<void> {
    await this.ready;
    if (this.engine && 'thread' in this.engine && this.result === null)
      await this.engine.thread.keepUp(this.engine.job, maxBehind);
  }

  /** A transfer starts using this hash; it calls letGo() when it ends, however it ends. */
  hold(): void {
    this.holders++;
  }

  /**
   * A transfer using this hash ended. When the last one ends before the
   * digest was asked for (cancelled, declined, failed), the hashing thread
   * forgets the job: nothing will ever finish it.
   */
  letGo(): void {
    if (--this.holders > 0 || this.result !== null) return;
    this.result = Promise.reject(new Error('this hash was abandoned'));
    this.result.catch(() => {});
    void this.ready.then(() => {
      const engine = this.engine;
      if (engine && 'thread' in engine) engine.thread.drop(engine.job);
    });
  }

  /** The digest as 64 lowercase hex digits, once every byte fed is hashed; the hash takes nothing more after. */
  hex(): Promise<string> {
    this.result ??= this.ready.then(() => {
      const engine = this.engine!;
      return 'thread' in engine ? engine.thread.finish(engine.job) : engine.local.hex();
    });
    return this.result;
  }

  /** Only once `ready` has set the engine: bytes fed before that wait in `queued`. */
  private hand(bytes: Uint8Array): void {
    const engine = this.engine!;
    if ('thread' in engine) engine.thread.update(engine.job, bytes);
    else engine.local.update(bytes);
  }
}
