/**
 * The check of a whole file: its plain SHA-256, the same digest
 * `sha256sum` prints, computed as bytes come, in pieces of any size.
 * Memory stays flat: only SHA-256's own state (a 64-byte block) is kept.
 *
 * Web Crypto digests only whole inputs, so a streaming SHA-256 has to run
 * in JavaScript or WebAssembly. This one is @noble/hashes' (audited, no
 * dependencies, no WebAssembly), about 70 MB/s on a 2-core machine: what a
 * page hashes with when it has no hashing thread. The hashing thread
 * (file-hasher.ts) runs the WebAssembly one where it can (wasm-file-hash.ts).
 */
import { sha256 } from '@noble/hashes/sha2.js';

const hexOf = (digest: Uint8Array): string =>
  Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');

/** A SHA-256 fed in pieces: FileHash, or the hashing thread's WebAssembly one. */
export interface StreamingHash {
  /** Feeds the next bytes of the file, in order. */
  update(bytes: Uint8Array): void;
  /** The result as 64 lowercase hex digits; the hash takes nothing more after (asking again gives the same). */
  hex(): string;
}

export class FileHash implements StreamingHash {
  private readonly state = sha256.create();
  private result: string | null = null;

  /** Feeds the next bytes of the file, in order. */
  update(bytes: Uint8Array): void {
    if (this.result !== null) throw new Error('this hash is already finished');
    this.state.update(bytes);
  }

  /** The result as 64 lowercase hex digits; the hash takes nothing more after (asking again gives the same). */
  hex(): string {
    this.result ??= hexOf(this.state.digest());
    return this.result;
  }
}
