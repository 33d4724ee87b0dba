/**
 * The page's storage thread: a dedicated worker running StorageJobs, so
 * received files are written through synchronous access handles, which
 * browsers open only in workers (storage-thread.ts starts it).
 */
import {
  openSyncFile,
  StorageJobs,
  syncFilesHere,
  type StorageAnswer,
  type StorageRequest,
} from './storage-jobs.js';

/** The worker's global scope, as much of it as this uses (the page's types describe a window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<StorageRequest>) => void) | null;
  postMessage(answer: StorageAnswer): void;
}

const scope = self as unknown as WorkerScope;
if (syncFilesHere()) {
  const jobs = new StorageJobs(openSyncFile, (answer) => scope.postMessage(answer));
  scope.onmessage = (event) => jobs.handle(event.data);
  scope.postMessage({ type: 'ready' });
} else scope.postMessage({ type: 'unavailable' });
