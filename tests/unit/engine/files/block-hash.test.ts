/**
 * The file hash (SHA-256 of the 1 MiB blocks' SHA-256s): against known
 * vectors, and against the same construction computed independently with
 * Node's crypto at every length around the block edges, however it is fed.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BlockHash, HASH_BLOCK_BYTES } from '../../../../renderer/engine/files/block-hash.js';
import { fileBytes } from './files-world.js';

const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

/** The construction, written out plainly with Node's SHA-256. */
function reference(data: Uint8Array): string {
  const digests: Buffer[] = [];
  for (let at = 0; at < data.length; at += HASH_BLOCK_BYTES)
    digests.push(sha256(data.subarray(at, at + HASH_BLOCK_BYTES)));
  return createHash('sha256').update(Buffer.concat(digests)).digest('hex');
}

describe('the file hash', () => {
  it('of an empty file is the SHA-256 of nothing', async () => {
    expect(await new BlockHash().hex()).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('of a file of one block is the SHA-256 of its SHA-256 ("abc": the known double SHA-256)', async () => {
    const hash = new BlockHash();
    hash.update(new TextEncoder().encode('abc'));
    expect(await hash.hex()).toBe('4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358');
  });

  it('agrees with the construction done independently, at every length around the block edges, however fed', async () => {
    const lengths = [
      1,
      65_536,
      HASH_BLOCK_BYTES - 1,
      HASH_BLOCK_BYTES,
      HASH_BLOCK_BYTES + 1,
      3 * HASH_BLOCK_BYTES + 77,
    ];
    for (const [index, length] of lengths.entries()) {
      const data = fileBytes(length, index + 1);
      const whole = new BlockHash();
      whole.update(data);
      const pieces = new BlockHash();
      for (let at = 0, step = 1; at < length; at += step, step = (step * 7 + 3) % 200_000 || 1)
        pieces.update(data.subarray(at, Math.min(length, at + step)));
      const expected = reference(data);
      expect([await whole.hex(), await pieces.hex()]).toEqual([expected, expected]);
    }
  });

  it('changes with any one byte', async () => {
    const data = fileBytes(2 * HASH_BLOCK_BYTES + 5);
    const before = new BlockHash();
    before.update(data);
    data[HASH_BLOCK_BYTES + 10]! ^= 1;
    const after = new BlockHash();
    after.update(data);
    expect(await after.hex()).not.toBe(await before.hex());
  });

  it('takes nothing more once finished, and gives the same answer again', async () => {
    const hash = new BlockHash();
    const first = await hash.hex();
    expect(await hash.hex()).toBe(first);
    expect(() => hash.update(new Uint8Array(1))).toThrow(/already finished/);
  });
});
