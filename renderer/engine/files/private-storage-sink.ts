/**
 * Received files in the browser's own storage for this site (the origin
 * private file system), written as they arrive: a browser guest's memory
 * stays flat whatever the file's size, as the desktop app's does. The file
 * the user saves is read back from there, as a disk-backed File.
 *
 * Files are written on the page's storage thread where it runs
 * (storage-thread.ts), through a writable stream in the page otherwise. The
 * thread starts with the first file accepted: most pages never receive one,
 * and a page opening (a member joining) has better uses for the time.
 *
 * Each page keeps its files in a folder of its own, held by a Web Lock for
 * as long as the page lives; a page starting up removes the folders that no
 * live page holds (files of earlier sessions, saved or not). Where the
 * browser has no such storage, or refuses it (some private windows do),
 * the caller keeps files in memory instead.
 */
import { downloadSinks, type DownloadTarget } from './download-sink.js';
import { formatBytes, type FileSinks } from './file-store.js';
import { startStorageThread, type StorageThread } from './storage-thread.js';

const ROOT = 'huddle-received';
const LOCK_PREFIX = 'huddle-received-';

/** What this needs of `navigator.storage` and `navigator.locks` (tests pass fakes). */
export interface BrowserStorage {
  storage: Pick<StorageManager, 'getDirectory' | 'estimate'>;
  locks: Pick<LockManager, 'request' | 'query'>;
}

function browserStorage(): BrowserStorage | null {
  const { storage, locks } = globalThis.navigator ?? {};
  return typeof storage?.getDirectory === 'function' && locks ? { storage, locks } : null;
}

/** Sinks in the browser's private storage, or null where it has none to give. */
export async function privateStorageSinks(
  available: BrowserStorage | null = browserStorage(),
  storageThread: () => Promise<StorageThread | null> = startStorageThread,
): Promise<FileSinks | null> {
  if (!available) return null;
  const { storage, locks } = available;
  try {
    const root = await (await storage.getDirectory()).getDirectoryHandle(ROOT, { create: true });
    await removeAbandoned(root, locks);
    const id = crypto.randomUUID();
    // Held until the page goes: other pages leave this folder alone meanwhile.
    await new Promise<void>((held) => {
      void locks.request(LOCK_PREFIX + id, () => {
        held();
        return new Promise<never>(() => {});
      });
    });
    const folder = await root.getDirectoryHandle(id, { create: true });
    const { quota = 0, usage = 0 } = await storage.estimate();
    const free = Math.max(0, quota - usage);
    const writer = startedOnFirstFile(async () => {
      const thread = await storageThread();
      console.info(
        `[huddle] received files are written ${thread ? 'on the storage thread' : 'by the page (no storage thread runs here)'}`,
      );
      return thread ? thread.writerIn(folder) : streamWriterIn(folder);
    });
    return downloadSinks(writer, {
      limit: free,
      limitText: `this browser's storage for this site has ${formatBytes(free)} free`,
      received: async (name) => ({ blob: await (await folder.getFileHandle(name)).getFile(), savedAs: null }),
    });
  } catch (error) {
    console.warn(
      `[huddle] received files stay in memory: ${error instanceof Error ? error.message : String(error)}`,
    );
    return null;
  }
}

/**
 * A writer made by `start` when the first file is created, and used from
 * then on. Until it is made, chunks are gathered as for any writer; once
 * made, its own `gatherBytes` holds.
 */
function startedOnFirstFile(start: () => Promise<DownloadTarget>): DownloadTarget {
  let made: DownloadTarget | null = null;
  let starting: Promise<DownloadTarget> | null = null;
  const writer = (): Promise<DownloadTarget> => (starting ??= start().then((target) => (made = target)));
  return {
    get gatherBytes() {
      return made?.gatherBytes;
    },
    create: async (request) => (await writer()).create(request),
    write: async (handle, offset, bytes) => (await writer()).write(handle, offset, bytes),
    finish: async (handle) => (await writer()).finish(handle),
    discard: async (handle) => (await writer()).discard(handle),
  };
}

/** Removes every page's folder that no live page holds the lock of. */
async function removeAbandoned(
  root: FileSystemDirectoryHandle,
  locks: BrowserStorage['locks'],
): Promise<void> {
  const snapshot = await locks.query();
  const live = new Set([...(snapshot.held ?? []), ...(snapshot.pending ?? [])].map((lock) => lock.name));
  const abandoned: string[] = [];
  for await (const name of root.keys()) if (!live.has(LOCK_PREFIX + name)) abandoned.push(name);
  await Promise.all(abandoned.map((name) => root.removeEntry(name, { recursive: true }).catch(() => {})));
}

/** Writes each received file into `folder` under a name of our own (never the sender's), through writable streams. */
function streamWriterIn(folder: FileSystemDirectoryHandle): DownloadTarget {
  let count = 0;
  const writers = new Map<string, FileSystemWritableFileStream>();
  const writer = (handle: string): FileSystemWritableFileStream => {
    const found = writers.get(handle);
    if (!found) throw new Error('the file is closed');
    return found;
  };
  return {
    async create() {
      const handle = `${++count}.part`;
      const file = await folder.getFileHandle(handle, { create: true });
      writers.set(handle, await file.createWritable());
      return { handle, name: handle };
    },
    async write(handle, offset, bytes) {
      await writer(handle).write({ type: 'write', position: offset, data: bytes as Uint8Array<ArrayBuffer> });
    },
    async finish(handle) {
      await writer(handle).close();
      writers.delete(handle);
      return handle;
    },
    async discard(handle) {
      await writers
        .get(handle)
        ?.abort()
        .catch(() => {});
      writers.delete(handle);
      await folder.removeEntry(handle).catch(() => {});
    },
  };
}
