/**
 * What the hashing thread does (hash-worker.ts runs it; unit tests call it
 * directly): one hash per job id, fed in order, finished on request.
 * The messages stay inside one page, between its own threads, so they are
 * typed but not validated like those that cross the network.
 */
import { FileHash, type StreamingHash } from './file-hash.js';

export type HashRequest =
  /** The next bytes of job `id`'s file (a buffer of their own, moved, not copied). */
  | { type: 'update'; id: number; bytes: ArrayBuffer }
  /** Every byte is in: answer with the digest, and forget the job. */
  | { type: 'finish'; id: number }
  /** The job's file will never be finished (its transfers ended): forget it, no answer. */
  | { type: 'drop'; id: number };

/** Which SHA-256 the thread runs: WebAssembly where the page allows it. */
export type HashEngine = 'webassembly' | 'javascript';

export type HashAnswer =
  /** The thread is running and takes requests, hashing with this SHA-256. */
  | { type: 'ready'; engine: HashEngine }
  /** Job `id` has hashed `bytes` so far: what the page may let go of (see FileHasher.keepUp). */
  | { type: 'hashed'; id: number; bytes: number }
  | { type: 'digest'; id: number; hex: string }
  /** The job could not be done (a request out of order); its file's check fails. */
  | { type: 'failed'; id: number; reason: string };

export class HashJobs {
  private readonly jobs = new Map<number, { hash: StreamingHash; bytes: number }>();

  /** `createHash`: the thread's hash (WebAssembly where it runs), FileHash by default. */
  constructor(private readonly createHash: () => StreamingHash = () => new FileHash()) {}

  /** Carries out one request; its answer, if it has one. */
  handle(request: HashRequest): HashAnswer | null {
    if (request.type === 'drop') {
      this.jobs.delete(request.id);
      return null;
    }
    const job = this.jobs.get(request.id) ?? { hash: this.createHash(), bytes: 0 };
    this.jobs.set(request.id, job);
    try {
      if (request.type === 'update') {
        job.hash.update(new Uint8Array(request.bytes));
        job.bytes += request.bytes.byteLength;
        return { type: 'hashed', id: request.id, bytes: job.bytes };
      }
      this.jobs.delete(request.id);
      return { type: 'digest', id: request.id, hex: job.hash.hex() };
    } catch (error) {
      this.jobs.delete(request.id);
      return {
        type: 'failed',
        id: request.id,
        reason: error instanceof Error ? error.message : String(error),
      };
    }
  }

  /** Jobs started and not finished. */
  get open(): number {
    return this.jobs.size;
  }
}
