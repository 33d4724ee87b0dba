/**
 * Where received files go as they arrive: the desktop app writes them to the
 * downloads folder; a browser to its own storage for the site where it has
 * one (set up once per page), else keeps them in memory.
 */
import { downloadSinks, type DownloadTarget } from '../engine/files/download-sink.js';
import { memorySinks, type FileSinks } from '../engine/files/file-store.js';
import { privateStorageSinks } from '../engine/files/private-storage-sink.js';

export type ReceivedIn = 'downloads' | 'storage' | 'memory';

let browserSinks: Promise<FileSinks | null> | null = null;

/**
 * The sinks for this page's sessions, opened now; `placed` hears where they
 * put files once that is known. Never rejects: without storage, memory.
 */
export async function receivedFileSinks(
  downloads: DownloadTarget | undefined,
  placed: (where: ReceivedIn) => void,
): Promise<FileSinks> {
  if (downloads) {
    placed('downloads');
    return downloadSinks(downloads);
  }
  browserSinks ??= privateStorageSinks();
  const sinks = await browserSinks;
  placed(sinks ? 'storage' : 'memory');
  return sinks ?? memorySinks();
}
