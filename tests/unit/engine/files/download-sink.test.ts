/**
 * A received file written to disk as it arrives: the engine's download
 * sinks over the desktop app's writer (main/files/download-writer.ts, on a
 * temporary folder), between members' RoomFiles over fake links.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DownloadWriter } from '../../../../main/files/download-writer.js';
import { downloadSinks, type DownloadTarget } from '../../../../renderer/engine/files/download-sink.js';
import { CHUNK_BYTES, WINDOW_BYTES } from '../../../../renderer/engine/files/transfer-types.js';
import { fileBytes, memorySource, pass, useFilesWorld } from './files-world.js';

let folder: string;
let writer: DownloadWriter;
const world = useFilesWorld();
/** The largest write that crossed to the writer. */
let largestWrite = 0;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'huddle-sink-'));
  writer = new DownloadWriter(() => folder);
  largestWrite = 0;
});

afterEach(async () => {
  await writer.discardAll();
  await rm(folder, { recursive: true, force: true });
});

/** The writer as the bridge would give it to the page. */
const target = (): DownloadTarget => ({
  create: (request) => writer.create(request),
  write: (handle, offset, bytes) => {
    largestWrite = Math.max(largestWrite, bytes.length);
    return writer.write(handle, offset, bytes);
  },
  finish: (handle) => writer.finish(handle),
  discard: (handle) => writer.discard(handle),
});

/** Passes fake time until `done` (the disk works on real time). */
async function until(done: () => boolean): Promise<void> {
  for (let step = 0; step < 2000 && !done(); step++) await pass(10);
}

describe('a file received to disk', () => {
  it('goes chunk by chunk, uncopied, to a writer that takes chunks as they come and moves them away', async () => {
    const writes: number[] = [];
    const moving: DownloadTarget = {
      ...target(),
      gatherBytes: 0,
      // As the storage thread does: each chunk's buffer is moved, which leaves the page's view empty.
      write: (handle, offset, bytes) => {
        writes.push(bytes.length);
        const moved = structuredClone(bytes, { transfer: [bytes.buffer] });
        return writer.write(handle, offset, moved);
      },
    };
    const ann = world().add('Ann');
    const ben = world().add('Ben', { sinks: downloadSinks(moving) });
    // Past the sender's window, so the file arrives only if the receiver's acks count what it wrote.
    const data = fileBytes(WINDOW_BYTES + 1024 * 1024 + 5);
    ann.files.send([memorySource('clip.bin', data)], null);
    await pass(20);
    ben.files.accept(ben.files.list()[0]!.key);
    await until(() => ben.files.list()[0]?.state === 'done' && ann.files.list()[0]?.state === 'done');
    expect(ben.files.list()[0]).toMatchObject({ state: 'done', bytes: data.length, problem: null });
    expect(Buffer.from(await readFile(path.join(folder, 'clip.bin'))).equals(Buffer.from(data))).toBe(true);
    // One write per chunk as it came, none gathered.
    expect(Math.max(...writes)).toBe(CHUNK_BYTES);
    expect(writes.reduce((sum, length) => sum + length, 0)).toBe(data.length);
  });

  it('is written in MiB writes, named when checked, and never held whole', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben', { sinks: downloadSinks(target()) });
    const data = fileBytes(3 * 1024 * 1024 + 5);
    ann.files.send([memorySource('photo.raw', data)], null);
    await pass(20);
    ben.files.accept(ben.files.list()[0]!.key);
    await until(() => ben.files.list()[0]?.state === 'done' && ann.files.list()[0]?.state === 'done');
    const [view] = ben.files.list();
    expect(view).toMatchObject({ state: 'done', file: null, savedAs: path.join(folder, 'photo.raw') });
    expect(Buffer.from(await readFile(path.join(folder, 'photo.raw'))).equals(Buffer.from(data))).toBe(true);
    expect(largestWrite).toBeLessThanOrEqual(1024 * 1024 + 64 * 1024);
    expect(ann.files.list()[0]?.state).toBe('done');
  });

  it('leaves nothing behind when cancelled mid-way', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben', { sinks: downloadSinks(target()) });
    ann.files.send([memorySource('big.bin', fileBytes(8 * 1024 * 1024))], null);
    await pass(20);
    ben.files.accept(ben.files.list()[0]!.key);
    await until(() => (ben.files.list()[0]?.bytes ?? 0) > 2 * 1024 * 1024);
    ann.files.cancel(ann.files.list()[0]!.key);
    await until(() => ben.files.list()[0]?.state === 'cancelled');
    await vi.waitFor(async () => expect(await readdir(folder)).toEqual([]));
  });
});
