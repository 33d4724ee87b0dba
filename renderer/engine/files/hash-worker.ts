/**
 * The page's hashing thread: a dedicated worker running HashJobs, so that a
 * file's SHA-256 never holds up the page's main thread, which drives the
 * transfers' channels (file-hasher.ts starts it).
 */
import { FileHash } from './file-hash.js';
import { HashJobs, type HashAnswer, type HashEngine, type HashRequest } from './hash-jobs.js';
import { wasmFileHashes } from './wasm-file-hash.js';

/** The worker's global scope, as much of it as this uses (the page's types describe a window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<HashRequest>) => void) | null;
  postMessage(answer: HashAnswer): void;
}

const scope = self as unknown as WorkerScope;
// The page sends work only after 'ready', so the hash is chosen by then.
void wasmFileHashes()
  .then((createHash) => ({ createHash, engine: 'webassembly' as HashEngine }))
  .catch(() => ({ createHash: () => new FileHash(), engine: 'javascript' as HashEngine }))
  .then(({ createHash, engine }) => {
    const jobs = new HashJobs(createHash);
    scope.onmessage = (event) => {
      const answer = jobs.handle(event.data);
      if (answer) scope.postMessage(answer);
    };
    scope.postMessage({ type: 'ready', engine });
  });
