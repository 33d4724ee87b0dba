/**
 * The check of a whole file: its plain SHA-256, the same digest
 * `sha256sum` prints, computed as bytes come, in pieces of any size.
 * Memory stays flat: only SHA-256's own state (a 64-byte block) is kept.
 *
 * Web Crypto digests only whole inputs, so a streaming SHA-256 has to run
 * in JavaScript; @noble/hashes' is audited, has no dependencies, and needs
 * no WebAssembly (which the app's Content-Security-Policy does not allow).
 * It costs CPU, about 70 MB/s in a page on a 2-core machine: the transfers
 * run it on a thread of its own (file-hasher.ts), so it slows no page's
 * sending or receiving.
 */
import { sha256 } from '@noble/hashes/sha2.js';

const hexOf = (digest: Uint8Array): string =>
  Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');

export class FileHash {
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
