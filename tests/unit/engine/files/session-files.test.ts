/**
 * Files between real RoomSessions (room-harness.ts): the offer reaches
 * members over their links, each accepted transfer gets a channel of its
 * own dialed through the rendezvous port, the file arrives whole, and a
 * receiver who leaves mid-way ends the transfer on the sender while the
 * call goes on.
 */
import { describe, expect, it, vi } from 'vitest';
import type { TransferView } from '../../../../renderer/engine/files/transfer-types.js';
import { join, pass, useRoomHarness, type Member } from '../room-harness.js';
import { fileBytes, memorySource } from './files-world.js';

const harness = useRoomHarness();

async function room(...names: string[]): Promise<Member[]> {
  const members = names.map((name) => harness.member(name));
  for (const m of members) await join(m);
  await pass(500);
  return members;
}

const transfers = (m: Member): TransferView[] => m.session.files.list();

/** Passes time until `check` holds: some of a transfer's work (Blob reads) runs outside the fake clock. */
async function settle(check: () => boolean): Promise<void> {
  for (let step = 0; step < 3000 && !check(); step++) await pass(10);
}

describe('files between sessions', () => {
  it('go to everyone on channels of their own, and arrive whole', async () => {
    const [ann, ben, cal] = await room('Ann', 'Ben', 'Cal');
    const data = fileBytes(300_000);
    ann!.session.files.send([memorySource('notes.txt', data, 'text/plain')], null);
    await pass(100);
    for (const m of [ben!, cal!]) {
      expect(transfers(m)).toEqual([
        expect.objectContaining({ name: 'notes.txt', peerName: 'Ann', state: 'offered' }),
      ]);
      m.session.files.accept(transfers(m)[0]!.key);
    }
    await settle(() => [ann!, ben!, cal!].every((m) => transfers(m).every((view) => view.state === 'done')));
    for (const m of [ben!, cal!]) {
      const [view] = transfers(m);
      expect(view?.state).toBe('done');
      expect(Buffer.from(await view!.file!.arrayBuffer()).equals(Buffer.from(data))).toBe(true);
    }
    expect(transfers(ann!).map((view) => view.state)).toEqual(['done', 'done']);
    // The member links were never replaced by the transfer channels.
    expect(ann!.session.participants().map((p) => p.status)).toEqual(['connected', 'connected', 'connected']);
  });

  it('end on the sender when the receiver leaves mid-way; the call goes on', async () => {
    const [ann, ben, cal] = await room('Ann', 'Ben', 'Cal');
    ann!.session.files.send([memorySource('big.bin', fileBytes(40 * 1024 * 1024))], null);
    await pass(100);
    for (const m of [ben!, cal!]) m.session.files.accept(transfers(m)[0]!.key);
    await pass(20);
    ben!.session.leave();
    await pass(1000);
    const toBen = transfers(ann!).find((view) => view.peerName === 'Ben');
    expect(toBen).toMatchObject({ state: 'failed', problem: 'Ben left the room.' });
    expect(ann!.session.participants().map((p) => p.name)).toEqual(['Ann', 'Cal']);
    expect(ann!.session.state).not.toBe('left');
    // Leaving mid-transfer too leaves nothing running: Cal's transfer from Ann is still under way.
    expect(transfers(cal!)[0]?.state).toBe('active');
    cal!.session.leave();
    ann!.session.leave();
    await pass(3000);
    expect(transfers(ann!)).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
