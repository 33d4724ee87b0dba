/**
 * The same SHA-256 as FileHash, computed by WebAssembly (hash-wasm): about
 * twice as fast as the JavaScript one on the same machine, which the
 * hashing thread, busy for every byte of every transfer on both sides,
 * feels. All jobs share one WebAssembly instance, each keeping its own
 * SHA-256 state between updates (save and load copy a few dozen bytes).
 * The thread's script comes without a content security policy of its own
 * (the host sends one with documents only), so WebAssembly compiles there
 * while the page's policy stays as strict as before. Where it cannot (a
 * server that gives workers a policy without 'wasm-unsafe-eval'), the
 * thread hashes with FileHash instead.
 */
import { createSHA256 } from 'hash-wasm';
import type { StreamingHash } from './file-hash.js';

type Sha256 = Awaited<ReturnType<typeof createSHA256>>;

/** Makes WebAssembly file hashes; rejects where WebAssembly cannot run. */
export async function wasmFileHashes(): Promise<() => StreamingHash> {
  const sha256 = await createSHA256();
  return () => new WasmFileHash(sha256);
}

class WasmFileHash implements StreamingHash {
  private state: Uint8Array;
  private result: string | null = null;

  constructor(private readonly sha256: Sha256) {
    sha256.init();
    this.state = sha256.save();
  }

  update(bytes: Uint8Array): void {
    if (this.result !== null) throw new Error('this hash is already finished');
    this.sha256.load(this.state);
    this.sha256.update(bytes);
    this.state = this.sha256.save();
  }

  hex(): string {
    if (this.result === null) {
      this.sha256.load(this.state);
      this.result = this.sha256.digest('hex');
    }
    return this.result;
  }
}
