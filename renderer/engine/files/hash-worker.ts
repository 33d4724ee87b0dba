/**
 * The page's hashing thread: a dedicated worker running HashJobs, so that a
 * file's SHA-256 never holds up the page's main thread, which drives the
 * transfers' channels (file-hasher.ts starts it).
 */
import { HashJobs, type HashAnswer, type HashRequest } from './hash-jobs.js';

/** The worker's global scope, as much of it as this uses (the page's types describe a window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<HashRequest>) => void) | null;
  postMessage(answer: HashAnswer): void;
}

const scope = self as unknown as WorkerScope;
const jobs = new HashJobs();
scope.onmessage = (event) => {
  const answer = jobs.handle(event.data);
  if (answer) scope.postMessage(answer);
};
scope.postMessage({ type: 'ready' });
