/**
 * The incremental SHA-256 against the standard's vectors (FIPS 180-4
 * examples, and the million-'a' one), and against Web Crypto on random data
 * fed in random pieces: block and padding edges included.
 */
import { describe, expect, it } from 'vitest';
import { Sha256 } from '../../../../renderer/engine/files/sha256.js';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
const hexOf = (buffer: ArrayBuffer): string =>
  Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');

/** Deterministic bytes, so a failure can be replayed. */
function bytes(length: number, seed: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[index] = state >>> 24;
  }
  return out;
}

describe('SHA-256', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    [
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu',
      'cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1',
    ],
  ])('hashes the standard vector %j', (text, digest) => {
    expect(new Sha256().update(ascii(text)).hex()).toBe(digest);
  });

  it('hashes a million "a", fed in uneven pieces', () => {
    const hash = new Sha256();
    const piece = ascii('a'.repeat(999));
    let left = 1_000_000;
    while (left > 0) {
      const take = Math.min(left, 1 + (left % 997));
      hash.update(piece.subarray(0, take));
      left -= take;
    }
    expect(hash.hex()).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('agrees with Web Crypto at every length around the block and padding edges, however it is fed', async () => {
    const lengths = [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 65_536 + 3, 1_048_579];
    for (const [index, length] of lengths.entries()) {
      const data = bytes(length, index + 1);
      const expected = hexOf(await crypto.subtle.digest('SHA-256', data));
      const whole = new Sha256().update(data).hex();
      const pieces = new Sha256();
      for (let at = 0, step = 1; at < length; at += step, step = (step * 7 + 3) % 5000 || 1)
        pieces.update(data.subarray(at, Math.min(length, at + step)));
      expect([whole, pieces.hex()]).toEqual([expected, expected]);
    }
  });

  it('takes nothing more once finished', () => {
    const hash = new Sha256();
    hash.hex();
    expect(() => hash.update(ascii('x'))).toThrow(/already finished/);
  });
});
