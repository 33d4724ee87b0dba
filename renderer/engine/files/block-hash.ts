/**
 * The check of a whole file: the SHA-256 of each 1 MiB block, in order,
 * then the SHA-256 of those digests one after another (an empty file has no
 * block: the SHA-256 of nothing).
 *
 * Why blocks rather than the file's plain SHA-256: Web Crypto digests only
 * whole inputs, and a plain SHA-256 fed chunk by chunk must then be done in
 * JavaScript. That was this module's first form; measured, it ran at about
 * 130 MB/s on a 2-core machine, and on both sides of a transfer took the
 * throughput from 0.82x to 0.66x of a bare data channel. Web Crypto's native
 * SHA-256 is several times cheaper, and a block's digest needs only that
 * block. Any changed byte changes its block's digest and so the result, as
 * surely as with a plain SHA-256; only `sha256sum` cannot produce it directly
 * (`split -b 1M` and hashing the digests can).
 *
 * Bytes are fed in order, in pieces of any size; memory is the one block
 * being filled.
 */
export const HASH_BLOCK_BYTES = 1024 * 1024;

const hexOf = (digest: ArrayBuffer): string =>
  Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');

export class BlockHash {
  private readonly digests: Array<Promise<ArrayBuffer>> = [];
  private readonly block = new Uint8Array(HASH_BLOCK_BYTES);
  private filled = 0;
  private result: Promise<string> | null = null;

  /** Feeds the next bytes of the file. */
  update(bytes: Uint8Array): void {
    if (this.result) throw new Error('this hash is already finished');
    let at = 0;
    while (at < bytes.length) {
      const take = Math.min(HASH_BLOCK_BYTES - this.filled, bytes.length - at);
      this.block.set(bytes.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === HASH_BLOCK_BYTES) this.digestBlock();
    }
  }

  /** The result as 64 lowercase hex digits; the hash takes nothing more after (asking again gives the same). */
  hex(): Promise<string> {
    this.result ??= (async () => {
      if (this.filled > 0) this.digestBlock();
      const digests = await Promise.all(this.digests);
      const joined = new Uint8Array(digests.length * 32);
      digests.forEach((digest, index) => joined.set(new Uint8Array(digest), index * 32));
      return hexOf(await crypto.subtle.digest('SHA-256', joined));
    })();
    return this.result;
  }

  private digestBlock(): void {
    const full = this.block.subarray(0, this.filled);
    // Web Crypto copies its input when called (the spec's digest(), step 2), so the block is reused.
    this.digests.push(crypto.subtle.digest('SHA-256', full));
    this.filled = 0;
  }
}
