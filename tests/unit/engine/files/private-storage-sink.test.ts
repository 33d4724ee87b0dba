/**
 * Received files in the browser's private storage for the site
 * (files/private-storage-sink.ts), against an in-memory stand-in for the
 * origin private file system and Web Locks with the same semantics: a
 * writable commits on close, folders are removed recursively, locks held
 * by live pages are listed.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  privateStorageSinks,
  type BrowserStorage,
} from '../../../../renderer/engine/files/private-storage-sink.js';

class FakeFile {
  bytes = new Uint8Array(0);
  createWritable(): Promise<unknown> {
    let staged = new Uint8Array(this.bytes);
    return Promise.resolve({
      write: ({ position, data }: { position: number; data: Uint8Array }) => {
        const grown = new Uint8Array(Math.max(staged.length, position + data.length));
        grown.set(staged);
        grown.set(data, position);
        staged = grown;
        return Promise.resolve();
      },
      close: () => {
        this.bytes = staged;
        return Promise.resolve();
      },
      abort: () => Promise.resolve(),
    });
  }
  getFile(): Promise<Blob> {
    return Promise.resolve(new Blob([this.bytes]));
  }
}

class FakeFolder {
  readonly entries = new Map<string, FakeFolder | FakeFile>();
  getDirectoryHandle(name: string, { create = false } = {}): Promise<FakeFolder> {
    const found = this.entries.get(name);
    if (found instanceof FakeFolder) return Promise.resolve(found);
    if (found || !create) return Promise.reject(new Error(`no folder ${name}`));
    const made = new FakeFolder();
    this.entries.set(name, made);
    return Promise.resolve(made);
  }
  getFileHandle(name: string, { create = false } = {}): Promise<FakeFile> {
    const found = this.entries.get(name);
    if (found instanceof FakeFile) return Promise.resolve(found);
    if (found || !create) return Promise.reject(new Error(`no file ${name}`));
    const made = new FakeFile();
    this.entries.set(name, made);
    return Promise.resolve(made);
  }
  removeEntry(name: string): Promise<void> {
    this.entries.delete(name);
    return Promise.resolve();
  }
  async *keys(): AsyncGenerator<string> {
    for (const name of [...this.entries.keys()]) yield name;
  }
}

function fakeStorage(options: { quota?: number; usage?: number; refuse?: boolean } = {}) {
  const origin = new FakeFolder();
  const held = new Set<string>();
  const available = {
    storage: {
      getDirectory: () =>
        options.refuse ? Promise.reject(new Error('SecurityError')) : Promise.resolve(origin),
      estimate: () => Promise.resolve({ quota: options.quota ?? 10 * 1024 ** 3, usage: options.usage ?? 0 }),
    },
    locks: {
      request: (name: string, callback: () => Promise<unknown>) => {
        held.add(name);
        return callback();
      },
      query: () => Promise.resolve({ held: [...held].map((name) => ({ name })), pending: [] }),
    },
  } as unknown as BrowserStorage;
  return { available, origin, held };
}

const bytesOf = async (blob: Blob | null): Promise<number[]> => [
  ...new Uint8Array(await (blob ?? new Blob()).arrayBuffer()),
];

describe('received files in the browser’s private storage', () => {
  it('are written to a file of their own and come back whole, from storage, once finished', async () => {
    const { available, origin } = fakeStorage();
    const sinks = await privateStorageSinks(available);
    expect(sinks).not.toBeNull();
    const sink = sinks!.create('../../etc/passwd', 3 * 1024 * 1024, 'text/plain');
    const part = new Uint8Array(1024 * 1024).map((_, index) => index % 251);
    for (let index = 0; index < 3; index++) await sink.write(part);
    await sink.write(new Uint8Array([7, 8, 9]));
    const received = await sink.finish();
    expect(received.savedAs).toBeNull();
    expect(received.blob?.size).toBe(3 * 1024 * 1024 + 3);
    expect((await bytesOf(received.blob)).slice(-4)).toEqual([(1024 * 1024 - 1) % 251, 7, 8, 9]);
    // Under a name of our own, in this page's folder: never the sender's.
    const root = origin.entries.get('huddle-received') as FakeFolder;
    const [folder] = [...root.entries.values()] as FakeFolder[];
    expect([...folder!.entries.keys()]).toEqual(['1.part']);
  });

  it('forget what a stopped transfer had written', async () => {
    const { available, origin } = fakeStorage();
    const sink = (await privateStorageSinks(available))!.create('a.bin', 4 * 1024 * 1024, '');
    await sink.write(new Uint8Array(2 * 1024 * 1024));
    sink.discard();
    await vi.waitFor(() => {
      const root = origin.entries.get('huddle-received') as FakeFolder;
      const [folder] = [...root.entries.values()] as FakeFolder[];
      expect(folder!.entries.size).toBe(0);
    });
  });

  it('clear away what pages gone before left, and leave a live page’s files alone', async () => {
    const { available, origin, held } = fakeStorage();
    const first = await privateStorageSinks(available);
    const second = await privateStorageSinks(available);
    expect(first && second).toBeTruthy();
    const root = origin.entries.get('huddle-received') as FakeFolder;
    expect(root.entries.size).toBe(2);
    // The first page goes (its lock with it); the next page to start removes its folder.
    const [gone] = [...root.entries.keys()];
    held.delete(`huddle-received-${gone}`);
    await privateStorageSinks(available);
    expect(root.entries.has(gone!)).toBe(false);
    expect(root.entries.size).toBe(2);
  });

  it('take what the site’s storage has free, and say so in a refusal', async () => {
    const { available } = fakeStorage({ quota: 5 * 1024 ** 3, usage: 1024 ** 3 });
    const sinks = await privateStorageSinks(available);
    expect(sinks?.limit).toBe(4 * 1024 ** 3);
    expect(sinks?.limitText).toBe("this browser's storage for this site has 4 GiB free");
  });

  it('start the storage thread with the first file, not when the page opens', async () => {
    const { available } = fakeStorage();
    const started = vi.fn(() => Promise.resolve(null));
    const sinks = await privateStorageSinks(available, started);
    // Open, with its limit known for judging offers, and no thread yet.
    expect(sinks?.limit).toBeGreaterThan(0);
    expect(started).not.toHaveBeenCalled();
    const first = sinks!.create('a.bin', 3, '');
    await first.write(new Uint8Array([1, 2, 3]));
    expect((await first.finish()).blob?.size).toBe(3);
    const second = sinks!.create('b.bin', 1, '');
    await second.write(new Uint8Array([4]));
    await second.finish();
    expect(started).toHaveBeenCalledTimes(1);
  });

  it('are not there where the browser has no private storage or refuses it', async () => {
    expect(await privateStorageSinks(null)).toBeNull();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await privateStorageSinks(fakeStorage({ refuse: true }).available)).toBeNull();
  });
});
