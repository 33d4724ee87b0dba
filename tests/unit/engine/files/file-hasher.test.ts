/**
 * The transfers' hash: the same plain SHA-256 whether it runs on the hashing
 * thread or in the page; bytes fed before the thread is up are not lost;
 * shared runs of a file are hashed once; a thread that fails or never starts
 * leaves the page hashing by itself, and one that dies mid-file fails that
 * file's check with a reason rather than hanging it.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  FileHasher,
  HashThread,
  startHashThread,
  type HashPort,
} from '../../../../renderer/engine/files/file-hasher.js';
import { HashJobs, type HashAnswer, type HashRequest } from '../../../../renderer/engine/files/hash-jobs.js';
import { CHUNK_BYTES } from '../../../../renderer/engine/files/transfer-types.js';
import { fileBytes } from './files-world.js';

const nodeSha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * A hashing thread in the test's own thread: HashJobs answering each message
 * a moment later, as a worker does; or, held, only when the test says.
 */
class FakeWorker implements HashPort {
  onmessage: ((event: MessageEvent<HashAnswer>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly jobs = new HashJobs();
  readonly moved: ArrayBuffer[] = [];
  private readonly held: HashRequest[] = [];

  constructor(private readonly holding = false) {}

  postMessage(request: HashRequest, transfer: Transferable[]): void {
    this.moved.push(...(transfer as ArrayBuffer[]));
    if (this.holding) this.held.push(request);
    else setTimeout(() => this.say(this.jobs.handle(request)), 0);
  }

  /** Carries out the first `count` requests held. */
  work(count: number): void {
    for (const request of this.held.splice(0, count)) this.say(this.jobs.handle(request));
  }

  /** Passes an answer to the page, as the worker does; a request with none (a drop) says nothing. */
  say(answer: HashAnswer | null): void {
    if (answer) this.onmessage?.({ data: answer } as MessageEvent<HashAnswer>);
  }

  fail(message: string): void {
    this.onerror?.({ message } as ErrorEvent);
  }
}

function runningThread(holding = false): { worker: FakeWorker; thread: Promise<HashThread | null> } {
  const worker = new FakeWorker(holding);
  const thread = startHashThread(() => worker, 1000);
  worker.say({ type: 'ready', engine: 'javascript' });
  return { worker, thread };
}

function feed(hasher: FileHasher, data: Uint8Array, size: number): void {
  for (let at = 0; at < data.length; at += size) hasher.update(data.subarray(at, at + size));
}

describe('the transfers’ file hash', () => {
  it('on the hashing thread is the plain SHA-256, its bytes moved over in copies of their own', async () => {
    const { worker, thread } = runningThread();
    const data = fileBytes(3 * CHUNK_BYTES + 1234, 5);
    const hasher = new FileHasher(thread);
    feed(hasher, data, 100_000); // fed before the thread said it runs: kept, then handed over
    expect(await hasher.hex()).toBe(nodeSha256(data));
    expect(worker.moved.reduce((sum, buffer) => sum + buffer.byteLength, 0)).toBe(data.length);
    expect(worker.jobs.open).toBe(0);
  });

  it('keeps the jobs of two files apart on one thread', async () => {
    const { thread } = runningThread();
    const a = fileBytes(70_000, 1);
    const b = fileBytes(90_000, 2);
    const first = new FileHasher(thread);
    const second = new FileHasher(thread);
    await Promise.resolve();
    for (let at = 0; at < 90_000; at += 10_000) {
      first.update(a.subarray(at, at + 10_000));
      second.update(b.subarray(at, at + 10_000));
    }
    expect(await Promise.all([first.hex(), second.hex()])).toEqual([nodeSha256(a), nodeSha256(b)]);
  });

  it('in a page without a thread is the same SHA-256, and the same answer when asked again', async () => {
    const data = fileBytes(CHUNK_BYTES + 17, 3);
    const hasher = new FileHasher(Promise.resolve(null));
    feed(hasher, data, 4096);
    const first = await hasher.hex();
    expect(first).toBe(nodeSha256(data));
    expect(await hasher.hex()).toBe(first);
    expect(() => hasher.update(new Uint8Array(1))).toThrow(/already finished/);
  });

  it('takes overlapping runs of the file (transfers sharing it) and hashes each byte once', async () => {
    const data = fileBytes(5000, 9);
    const hasher = new FileHasher(runningThread().thread);
    hasher.updateFrom(0, data.subarray(0, 1000));
    hasher.updateFrom(0, data.subarray(0, 600));
    hasher.updateFrom(500, data.subarray(500, 2500));
    hasher.updateFrom(2500, data.subarray(2500, 5000));
    hasher.updateFrom(4000, data.subarray(4000, 5000));
    expect(hasher.length).toBe(5000);
    expect(await hasher.hex()).toBe(nodeSha256(data));
  });

  it('refuses bytes past a gap: they would give a wrong hash', () => {
    const hasher = new FileHasher(Promise.resolve(null));
    hasher.updateFrom(0, new Uint8Array(10));
    expect(() => hasher.updateFrom(11, new Uint8Array(5))).toThrow(/bytes 10 to 11 were never hashed/);
  });

  it('hashes in the page when the thread cannot be made, fails to load, or never says it runs', async () => {
    const data = fileBytes(20_000, 4);
    const refused = startHashThread(() => {
      throw new Error('refused by the page’s policy');
    });
    const failing = new FakeWorker();
    const failed = startHashThread(() => failing, 1000);
    failing.fail('404');
    const silent = startHashThread(() => new FakeWorker(), 10);
    for (const thread of [refused, failed, silent]) {
      expect(await thread).toBeNull();
      const hasher = new FileHasher(thread);
      hasher.update(data);
      expect(await hasher.hex()).toBe(nodeSha256(data));
    }
  });

  it('fails the check with the reason when the thread dies before the digest', async () => {
    const { worker, thread } = runningThread();
    const hasher = new FileHasher(thread);
    hasher.update(fileBytes(1000, 1));
    await thread;
    const digest = hasher.hex();
    worker.fail('out of memory');
    await expect(digest).rejects.toThrow('the hashing thread failed: out of memory');
    const later = new FileHasher(thread);
    await expect(later.hex()).resolves.toBe(nodeSha256(new Uint8Array(0)));
  });

  it('keeps a transfer waiting while the thread is more than a limit behind, until it catches up', async () => {
    const { worker, thread } = runningThread(true);
    const hasher = new FileHasher(thread);
    await thread;
    await hasher.keepUp(0); // nothing handed over yet: no wait
    hasher.update(new Uint8Array(300));
    hasher.update(new Uint8Array(300));
    let caughtUp = false;
    const waiting = hasher.keepUp(400).then(() => (caughtUp = true));
    await Promise.resolve();
    await Promise.resolve();
    expect(caughtUp).toBe(false);
    worker.work(1); // 300 of 600 hashed: 300 behind, within 400
    await waiting;
    expect(caughtUp).toBe(true);
  });

  it('lets every waiting transfer go when the thread dies; the check then fails with the reason', async () => {
    const { worker, thread } = runningThread(true);
    const hasher = new FileHasher(thread);
    await thread;
    hasher.update(new Uint8Array(1000));
    const waiting = hasher.keepUp(10);
    worker.fail('gone');
    await waiting;
    await expect(hasher.hex()).rejects.toThrow('the hashing thread failed: gone');
  });

  it('forgets a job on the thread once the last transfer using it ends without the digest', async () => {
    const { worker, thread } = runningThread();
    const data = fileBytes(100_000, 6);
    // One file going to two members: both transfers use its one hash.
    const hasher = new FileHasher(thread);
    hasher.hold();
    hasher.hold();
    feed(hasher, data, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(worker.jobs.open).toBe(1);
    hasher.letGo(); // one member declined: the other's transfer still needs the job
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(worker.jobs.open).toBe(1);
    hasher.letGo(); // the other cancelled: nothing will finish it
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(worker.jobs.open).toBe(0);
    await expect(hasher.hex()).rejects.toThrow(/abandoned/);
  });

  it('keeps a finished job’s digest when its transfers end after it', async () => {
    const { worker, thread } = runningThread();
    const data = fileBytes(50_000, 7);
    const hasher = new FileHasher(thread);
    hasher.hold();
    feed(hasher, data, 10_000);
    const digest = hasher.hex();
    hasher.letGo();
    expect(await digest).toBe(nodeSha256(data));
    expect(await hasher.hex()).toBe(nodeSha256(data));
    expect(worker.jobs.open).toBe(0);
  });
});
