/**
 * The file hash is the file's plain SHA-256: against known vectors, and
 * against Node's crypto.createHash('sha256') however the bytes are fed
 * (odd slice sizes that straddle SHA-256's 64-byte blocks and the sender's
 * 64 KiB chunks and 1 MiB slices). Both hashes are held to it: the
 * page's JavaScript one and the hashing thread's WebAssembly one, the
 * latter also with several files hashed at once, as the thread does.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FileHash, type StreamingHash } from '../../../../renderer/engine/files/file-hash.js';
import { wasmFileHashes } from '../../../../renderer/engine/files/wasm-file-hash.js';
import { CHUNK_BYTES, SLICE_BYTES } from '../../../../renderer/engine/files/transfer-types.js';
import { fileBytes } from './files-world.js';

const nodeSha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

const makeWasmHash = await wasmFileHashes();
const kinds: Array<[string, () => StreamingHash]> = [
  ['JavaScript', () => new FileHash()],
  ['WebAssembly', makeWasmHash],
];

/** Feeds `data` in pieces whose sizes follow `sizes` round and round. */
function fed(data: Uint8Array, sizes: readonly number[], makeHash: () => StreamingHash): string {
  const hash = makeHash();
  for (let at = 0, turn = 0; at < data.length; turn++) {
    const end = Math.min(data.length, at + sizes[turn % sizes.length]!);
    hash.update(data.subarray(at, end));
    at = end;
  }
  return hash.hex();
}

describe.each(kinds)('the file hash (%s)', (_kind, makeHash) => {
  it('of an empty file is the SHA-256 of nothing', () => {
    expect(makeHash().hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('of "abc" is the FIPS 180-2 example', () => {
    const hash = makeHash();
    hash.update(new TextEncoder().encode('abc'));
    expect(hash.hex()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it("equals Node's SHA-256 of a known file, however it is sliced", () => {
    const data = fileBytes(3 * SLICE_BYTES + 12_345, 7);
    const expected = nodeSha256(data);
    const slicings = [
      [data.length],
      [1],
      [63, 65, 1],
      [CHUNK_BYTES - 1, CHUNK_BYTES + 1, 3],
      [SLICE_BYTES + 7, 999_983],
      [64, 128, 4096],
    ];
    const small = data.subarray(0, 300_001);
    for (const sizes of slicings) {
      // Byte-by-byte feeding is slow in any JavaScript hash: a smaller prefix shows the same thing.
      const input = sizes[0] === 1 ? small : data;
      expect(fed(input, sizes, makeHash), `sliced as ${sizes.join(', ')}`).toBe(
        sizes[0] === 1 ? nodeSha256(small) : expected,
      );
    }
  });

  it('agrees at every length around SHA-256 block and padding edges', () => {
    const data = fileBytes(300, 3);
    for (let length = 0; length <= 300; length++) {
      const slice = data.subarray(0, length);
      expect(fed(slice, [7, 13], makeHash)).toBe(nodeSha256(slice));
    }
  });

  it('changes with any one byte', () => {
    const data = fileBytes(2 * SLICE_BYTES + 5);
    const before = fed(data, [CHUNK_BYTES], makeHash);
    data[SLICE_BYTES + 10]! ^= 1;
    expect(fed(data, [CHUNK_BYTES], makeHash)).not.toBe(before);
  });

  it('takes nothing more once finished, and gives the same answer again', () => {
    const hash = makeHash();
    const first = hash.hex();
    expect(hash.hex()).toBe(first);
    expect(() => hash.update(new Uint8Array(1))).toThrow(/already finished/);
  });
});

describe('the WebAssembly hashes of several files at once', () => {
  it("keep apart: each equals its own file's SHA-256", () => {
    const files = [fileBytes(SLICE_BYTES + 99, 1), fileBytes(CHUNK_BYTES * 3 + 5, 2), fileBytes(0, 3)];
    const hashes = files.map(() => makeWasmHash());
    // Interleaved, as the thread gets chunks of several transfers.
    for (let at = 0; at < SLICE_BYTES + 99; at += 4099)
      files.forEach((data, index) => hashes[index]!.update(data.subarray(at, at + 4099)));
    expect(hashes.map((hash) => hash.hex())).toEqual(files.map(nodeSha256));
  });
});
