/**
 * How the sender cuts a file into frames and reads it: frames as large as
 * the channel carries (up to what every build accepts), and each slice of
 * the file read once, the next while the current one is sent.
 */
import { describe, expect, it } from 'vitest';
import {
  CHUNK_BYTES,
  FALLBACK_CHUNK_BYTES,
  SLICE_BYTES,
  chunkBytesFor,
  type TransferView,
} from '../../../../renderer/engine/files/transfer-types.js';
import { MAX_CHUNK_BYTES } from '../../../../renderer/engine/protocol/file-messages.js';
import { fileBytes, memorySource, pass, useFilesWorld, type WorldMember } from './files-world.js';

const world = useFilesWorld();

const KiB = 1024;
const only = (member: WorldMember): TransferView => {
  const list = member.files.list();
  expect(list).toHaveLength(1);
  return list[0]!;
};

async function received(view: TransferView, data: Uint8Array): Promise<boolean> {
  return view.file !== null && Buffer.from(await view.file.arrayBuffer()).equals(Buffer.from(data));
}

describe('frame size', () => {
  it('is what the channel carries, never more than every build accepts, and 64 KiB when it does not say', () => {
    expect(CHUNK_BYTES).toBe(MAX_CHUNK_BYTES);
    expect(chunkBytesFor(256 * KiB)).toBe(256 * KiB);
    // Firefox says it carries 1 GiB, or Infinity: an earlier build still takes no frame over 256 KiB.
    expect(chunkBytesFor(1024 * 1024 * KiB)).toBe(MAX_CHUNK_BYTES);
    expect(chunkBytesFor(Number.POSITIVE_INFINITY)).toBe(MAX_CHUNK_BYTES);
    expect(chunkBytesFor(64 * KiB)).toBe(64 * KiB);
    expect(chunkBytesFor(16 * KiB)).toBe(16 * KiB);
    expect(chunkBytesFor(null)).toBe(FALLBACK_CHUNK_BYTES);
    expect(chunkBytesFor(0)).toBe(FALLBACK_CHUNK_BYTES);
    expect(chunkBytesFor(Number.NaN)).toBe(FALLBACK_CHUNK_BYTES);
  });

  for (const [said, expected] of [
    [256 * KiB, 256 * KiB],
    [64 * KiB, 64 * KiB],
    [null, FALLBACK_CHUNK_BYTES],
  ] as const) {
    it(`follows a channel that carries ${said ?? 'an unsaid number of'} bytes: frames of ${expected}, the file whole`, async () => {
      world().maxMessageSize = said;
      const ann = world().add('Ann');
      const ben = world().add('Ben');
      const frames: number[] = [];
      world().tamper = (bytes) => frames.push(bytes.length);
      const data = fileBytes(SLICE_BYTES + 300 * KiB + 5);
      ann.files.send([memorySource('data.bin', data)], null);
      await pass(20);
      ben.files.accept(only(ben).key);
      await pass(3000);
      expect(Math.max(...frames)).toBe(expected);
      expect(frames.reduce((sum, length) => sum + length, 0)).toBe(data.length);
      expect(only(ben).state).toBe('done');
      expect(await received(only(ben), data)).toBe(true);
    });
  }
});

describe('reading the file', () => {
  it('reads each slice once, the next one while the current one is being sent', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    const data = fileBytes(3 * SLICE_BYTES + 12_345, 3);
    const source = memorySource('data.bin', data);
    const reads: Array<{ offset: number; framesSent: number }> = [];
    let framesSent = 0;
    world().tamper = () => framesSent++;
    const read = source.read;
    source.read = (offset, length) => {
      reads.push({ offset, framesSent });
      return read(offset, length);
    };
    ann.files.send([source], null);
    await pass(20);
    ben.files.accept(only(ben).key);
    await pass(5000);
    expect(only(ben).state).toBe('done');
    expect(await received(only(ben), data)).toBe(true);
    expect(reads.map((each) => each.offset)).toEqual([0, 1, 2, 3].map((slice) => slice * SLICE_BYTES));
    // The second slice was asked for before the first one's frames were all sent.
    expect(reads[1]!.framesSent).toBeLessThan(SLICE_BYTES / CHUNK_BYTES);
  });

  it('fails the transfer with the reason when a slice read ahead cannot be read', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    const data = fileBytes(2 * SLICE_BYTES + 1);
    const source = memorySource('data.bin', data);
    const read = source.read;
    source.read = (offset, length) =>
      offset === SLICE_BYTES ? Promise.reject(new Error('the disk went away')) : read(offset, length);
    ann.files.send([source], null);
    await pass(20);
    ben.files.accept(only(ben).key);
    await pass(3000);
    expect(only(ann)).toMatchObject({
      state: 'failed',
      problem: 'Could not read the file: the disk went away',
    });
    expect(only(ben).state).toBe('failed');
  });
});
