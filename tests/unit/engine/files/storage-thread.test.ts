/**
 * The storage thread (files/storage-jobs.ts, files/storage-thread.ts): the
 * page's writes reach the file in order at their offsets, each moved to the
 * thread rather than copied; a full disk, a write to a closed file and a
 * thread that dies fail that write with a reason; a discarded file is
 * closed before it is removed; a thread that cannot open synchronous
 * handles, or never says it runs, leaves the page writing by itself.
 */
import { describe, expect, it } from 'vitest';
import {
  StorageJobs,
  type StorageAnswer,
  type StorageRequest,
  type SyncFile,
} from '../../../../renderer/engine/files/storage-jobs.js';
import {
  startStorageThread,
  StorageThread,
  type StoragePort,
} from '../../../../renderer/engine/files/storage-thread.js';

/** A file as a synchronous access handle sees it; `room` bytes fit before the disk is full. */
class FakeSyncFile implements SyncFile {
  bytes = new Uint8Array(0);
  closed = false;
  flushed = false;
  constructor(private readonly room = Infinity) {}
  write(data: Uint8Array, { at }: { at: number }): number {
    if (this.closed) throw new Error('InvalidStateError: the handle is closed');
    const fits = Math.max(0, Math.min(data.length, this.room - at));
    const grown = new Uint8Array(Math.max(this.bytes.length, at + fits));
    grown.set(this.bytes);
    grown.set(data.subarray(0, fits), at);
    this.bytes = grown;
    return fits;
  }
  flush(): void {
    this.flushed = true;
  }
  close(): void {
    this.closed = true;
  }
}

/** A folder that makes files on request and removes them; `open` counts what the thread opened. */
function fakeFolder(room = Infinity) {
  const files = new Map<string, FakeSyncFile>();
  const folder = {
    getFileHandle: (name: string, { create = false } = {}) => {
      if (!files.has(name) && create) files.set(name, new FakeSyncFile(room));
      return files.has(name) ? Promise.resolve({ name }) : Promise.reject(new Error(`no file ${name}`));
    },
    removeEntry: (name: string) => {
      if (files.get(name)?.closed === false) return Promise.reject(new Error('NoModificationAllowedError'));
      files.delete(name);
      return Promise.resolve();
    },
  };
  return { files, folder: folder as unknown as FileSystemDirectoryHandle };
}

/** A storage thread in the test's own thread: StorageJobs answering as a worker does. */
class FakeWorker implements StoragePort {
  onmessage: ((event: MessageEvent<StorageAnswer>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  readonly moved: ArrayBuffer[] = [];
  readonly jobs: StorageJobs;

  constructor(files: Map<string, FakeSyncFile>) {
    this.jobs = new StorageJobs(
      (_folder, name) => {
        const file = files.get(name);
        return file ? Promise.resolve(file) : Promise.reject(new Error(`no file ${name}`));
      },
      (answer) => setTimeout(() => this.say(answer), 0),
    );
  }
  postMessage(request: StorageRequest, transfer: Transferable[]): void {
    this.moved.push(...(transfer as ArrayBuffer[]));
    // Moved as a worker moves them: the page's buffers are left empty. (A folder handle is not cloned here.)
    const { folder, ...rest } = request as StorageRequest & { folder?: FileSystemDirectoryHandle };
    this.jobs.handle({
      ...structuredClone(rest, { transfer }),
      ...(folder ? { folder } : {}),
    } as StorageRequest);
  }
  say(answer: StorageAnswer): void {
    this.onmessage?.({ data: answer } as MessageEvent<StorageAnswer>);
  }
  terminate(): void {
    this.terminated = true;
  }
}

async function runningThread(room = Infinity) {
  const { files, folder } = fakeFolder(room);
  const worker = new FakeWorker(files);
  const started = startStorageThread(() => worker, 1000);
  worker.say({ type: 'ready' });
  const thread = await started;
  expect(thread).toBeInstanceOf(StorageThread);
  return { files, worker, writer: thread!.writerIn(folder) };
}

describe('the storage thread', () => {
  it('writes each file at its offsets, moving whole buffers and copying only views of part of one', async () => {
    const { files, worker, writer } = await runningThread();
    const { handle, name } = await writer.create({ name: 'report.pdf', size: 6 });
    expect(name).toBe('1.part');
    const first = new Uint8Array([1, 2, 3]);
    await writer.write(handle, 0, first);
    expect(worker.moved).toEqual([first.buffer]); // its own buffer, moved
    expect(first.byteLength).toBe(0);
    const shared = new Uint8Array([9, 4, 5, 6, 9]);
    await writer.write(handle, 3, shared.subarray(1, 4));
    // A view of part of a buffer goes as a copy: the rest of the buffer is not the writer's to move.
    expect(worker.moved).toHaveLength(2);
    expect(worker.moved[1]).not.toBe(shared.buffer);
    expect(shared).toEqual(new Uint8Array([9, 4, 5, 6, 9]));
    expect(await writer.finish(handle)).toBe('1.part');
    const file = files.get('1.part')!;
    expect(file.bytes).toEqual(new Uint8Array([1, 2, 3, 4, 5, 6]));
    expect(file.flushed && file.closed).toBe(true);
    expect(worker.jobs.openFiles).toBe(0);
    await expect(writer.write(handle, 6, new Uint8Array([7]))).rejects.toThrow('the file is closed');
  });

  it('fails a write the disk has no room for, with a reason, and the file can still be discarded', async () => {
    const { files, worker, writer } = await runningThread(4);
    const { handle } = await writer.create({ name: 'big.bin', size: 8 });
    await writer.write(handle, 0, new Uint8Array(3));
    await expect(writer.write(handle, 3, new Uint8Array(3))).rejects.toThrow(
      'only 1 of 3 bytes could be written: the disk may be full',
    );
    expect(worker.jobs.openFiles).toBe(0);
    await writer.discard(handle);
    expect(files.size).toBe(0);
  });

  it('closes a discarded file on the thread before removing it', async () => {
    const { files, worker, writer } = await runningThread();
    const { handle } = await writer.create({ name: 'a.txt', size: 2 });
    await writer.write(handle, 0, new Uint8Array([1]));
    await writer.discard(handle);
    expect(files.size).toBe(0);
    expect(worker.jobs.openFiles).toBe(0);
  });

  it('fails the writes waiting on a thread that dies, and every later one, with the reason', async () => {
    const { files, folder } = fakeFolder();
    const worker = new FakeWorker(files);
    worker.postMessage = () => {}; // the thread takes requests and never answers
    const started = startStorageThread(() => worker, 1000);
    worker.say({ type: 'ready' });
    const writer = (await started)!.writerIn(folder);
    const creating = writer.create({ name: 'x', size: 1 });
    worker.onerror?.({ message: 'out of memory' } as ErrorEvent);
    await expect(creating).rejects.toThrow('the storage thread failed: out of memory');
    await expect(writer.create({ name: 'y', size: 1 })).rejects.toThrow('the storage thread failed');
  });

  it('is not used where the thread cannot open synchronous handles, or never says it runs', async () => {
    const unable = new FakeWorker(new Map());
    const refusing = startStorageThread(() => unable, 1000);
    unable.say({ type: 'unavailable' });
    expect(await refusing).toBeNull();
    expect(unable.terminated).toBe(true);

    const silent = new FakeWorker(new Map());
    expect(await startStorageThread(() => silent, 20)).toBeNull();
    expect(silent.terminated).toBe(true);

    expect(
      await startStorageThread(() => {
        throw new Error('workers are not allowed here');
      }),
    ).toBeNull();
  });
});
