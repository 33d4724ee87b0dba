/**
 * The desktop app's writer of received files, on a real temporary folder:
 * only handles it made, only the file's own bytes in order and up to its
 * size, final names that never overwrite, and part files that go when a
 * transfer does.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DownloadWriter, safeFileName } from '../../../main/files/download-writer.js';

let folder: string;
let writer: DownloadWriter;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'huddle-downloads-'));
  writer = new DownloadWriter(() => folder);
});

afterEach(async () => {
  await writer.discardAll();
  await rm(folder, { recursive: true, force: true });
});

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('the download writer', () => {
  it('writes a file in order and gives it its name when finished', async () => {
    const { handle, name } = await writer.create({ name: 'notes.txt', size: 11 });
    expect(name).toBe('notes.txt');
    await writer.write(handle, 0, bytes('hello '));
    // While it is written, only a part file is there.
    expect((await readdir(folder)).every((file) => file.endsWith('.part'))).toBe(true);
    await writer.write(handle, 6, bytes('world'));
    const saved = await writer.finish(handle);
    expect(saved).toBe(path.join(folder, 'notes.txt'));
    expect(await readFile(saved, 'utf8')).toBe('hello world');
    expect(await readdir(folder)).toEqual(['notes.txt']);
  });

  it('never overwrites: a second file of the same name is numbered', async () => {
    await writeFile(path.join(folder, 'a.txt'), 'mine');
    const { handle } = await writer.create({ name: 'a.txt', size: 1 });
    await writer.write(handle, 0, bytes('x'));
    expect(await writer.finish(handle)).toBe(path.join(folder, 'a (1).txt'));
    expect(await readFile(path.join(folder, 'a.txt'), 'utf8')).toBe('mine');
  });

  it('keeps every file in the downloads folder, whatever the offered name', async () => {
    for (const [offered, safe] of [
      ['../../etc/passwd', '_.._etc_passwd'],
      ['..\\..\\x.exe', '_.._x.exe'],
      ['.hidden', 'hidden'],
      ['CON.txt', 'download CON.txt'],
      ['bell\u0007.txt', 'bell_.txt'],
      ['...', 'download'],
    ] as const) {
      expect(safeFileName(offered)).toBe(safe);
      const { handle } = await writer.create({ name: offered, size: 1 });
      await writer.write(handle, 0, bytes('x'));
      const saved = await writer.finish(handle);
      expect(path.dirname(saved)).toBe(folder);
    }
  });

  it('refuses handles it did not make, bytes out of order, and more bytes than announced', async () => {
    const { handle } = await writer.create({ name: 'b.bin', size: 4 });
    await expect(writer.write('0'.repeat(32), 0, bytes('x'))).rejects.toThrow(/not a file this app/);
    await expect(writer.write('/etc/passwd', 0, bytes('x'))).rejects.toThrow(/not a file this app/);
    await expect(writer.write(handle, 1, bytes('x'))).rejects.toThrow(/out of order/);
    await expect(writer.write(handle, 0, 'text')).rejects.toThrow(/not bytes/);
    await expect(writer.write(handle, 0, bytes('12345'))).rejects.toThrow(/more bytes than/);
    await writer.write(handle, 0, bytes('12'));
    await expect(writer.finish(handle)).rejects.toThrow(/not complete/);
  });

  it('refuses a request that is not a name and a size', async () => {
    for (const request of [
      null,
      'x',
      { name: '', size: 1 },
      { name: 'a', size: -1 },
      { name: 'a', size: 1.5 },
    ])
      await expect(writer.create(request)).rejects.toThrow(/not a file name and size/);
  });

  it('removes the part file when a transfer is discarded, and forgets the handle', async () => {
    const { handle } = await writer.create({ name: 'c.bin', size: 10 });
    await writer.write(handle, 0, bytes('12345'));
    await writer.discard(handle);
    expect(await readdir(folder)).toEqual([]);
    await expect(writer.write(handle, 5, bytes('6'))).rejects.toThrow(/not a file this app/);
    // Discarding again, or something unknown, is harmless.
    await writer.discard(handle);
    await writer.discard({ path: '/' });
  });
});
