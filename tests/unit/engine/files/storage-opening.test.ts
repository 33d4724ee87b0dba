/**
 * A session starts before the page's storage for received files is open (a
 * join does not wait for it): file messages that come meanwhile wait, in
 * order, and are handled as usual once it is.
 */
import { describe, expect, it } from 'vitest';
import {
  memorySinks,
  type FileSinks,
  type FileSource,
} from '../../../../renderer/engine/files/file-store.js';
import { deferred } from '../../../support/deferred.js';
import { fileBytes, memorySource, pass, useFilesWorld } from './files-world.js';

const world = useFilesWorld();
const MiB = 1024 * 1024;

/**
 * Ann and Ben in a room, Ben's storage for received files still opening
 * (it opens when the test resolves it); Ann has offered `files` to the room.
 */
async function offeredWhileOpening(files: FileSource[]) {
  const storage = deferred<FileSinks>();
  const ann = world().add('Ann');
  const ben = world().add('Ben', { sinks: storage.promise });
  ann.files.send(files, null);
  await pass(20);
  return { storage, ann, ben };
}

describe('files offered while the received files’ storage is still opening', () => {
  it('are offered once it is open, and judged by its limit', async () => {
    const { storage, ben } = await offeredWhileOpening([
      memorySource('small.bin', fileBytes(1000)),
      memorySource('big.bin', fileBytes(2 * MiB)),
    ]);
    // Nothing yet: the offers wait for the storage, rather than be judged without it.
    expect(ben.files.list()).toEqual([]);
    storage.resolve(memorySinks(MiB));
    await pass(20);
    expect(ben.files.list()).toEqual([
      expect.objectContaining({ name: 'small.bin', state: 'offered' }),
      expect.objectContaining({
        name: 'big.bin',
        state: 'failed',
        problem: expect.stringMatching(/Too large/),
      }),
    ]);
    ben.files.accept(ben.files.list()[0]!.key);
    await pass(200);
    expect(ben.files.list()[0]).toMatchObject({ name: 'small.bin', state: 'done' });
  });

  it('keep their order: an offer cancelled before the storage opened stays cancelled', async () => {
    const { storage, ann, ben } = await offeredWhileOpening([memorySource('data.bin', fileBytes(1000))]);
    ann.files.cancel(ann.files.list()[0]!.key);
    await pass(20);
    storage.resolve(memorySinks());
    await pass(20);
    expect(ben.files.list()).toEqual([expect.objectContaining({ name: 'data.bin', state: 'cancelled' })]);
  });

  it('are kept in memory when the storage fails to open, and the log says why', async () => {
    const { storage, ben } = await offeredWhileOpening([memorySource('data.bin', fileBytes(1000))]);
    storage.reject(new Error('quota refused'));
    await pass(20);
    expect(world().log).toContainEqual(expect.stringMatching(/kept in memory.*quota refused/));
    ben.files.accept(ben.files.list()[0]!.key);
    await pass(200);
    expect(ben.files.list()[0]).toMatchObject({ state: 'done' });
  });
});
