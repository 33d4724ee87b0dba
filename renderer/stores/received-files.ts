/**
 * Where received files go as they arrive: the desktop app writes them to the
 * downloads folder; a browser to its own storage for the site where it has
 * one (set up once per page), else keeps them in memory.
 */
import { downloadSinks, type DownloadTarget } from '../engine/files/download-sink.js';
import type { FileSinks } from '../engine/files/file-store.js';
import { privateStorageSinks } from '../engine/files/private-storage-sink.js';

export type ReceivedIn = 'downloads' | 'storage' | 'memory';

let browserSinks: Promise<FileSinks | null> | null = null;

/** The sinks for a session (null: the engine's memory sinks), and where they put files. */
export async function receivedFileSinks(
  downloads: DownloadTarget | undefined,
): Promise<{ sinks: FileSinks | null; receivedIn: ReceivedIn }> {
  if (downloads) return { sinks: downloadSinks(downloads), receivedIn: 'downloads' };
  browserSinks ??= privateStorageSinks();
  const sinks = await browserSinks;
  return { sinks, receivedIn: sinks ? 'storage' : 'memory' };
}
