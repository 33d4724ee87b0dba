/**
 * Coming back after the network was gone longer than the room waits (see
 * room/room-return.ts): the server and the others drop the member, or a
 * member takes over the room from a keeper that went; once the network is
 * back, the member asks the keeper again and everyone is linked again.
 */
import { describe, expect, it, vi } from 'vitest';
import { keeperPeerId } from '../../../renderer/engine/names.js';
import { joinAll, names, pass, ROOM, statusOf, useRoomHarness, type Member } from './room-harness.js';

const harness = useRoomHarness();
const member = (name: string): Member => harness.member(name);

const offline = (m: Member, serverNoticesAfterMs = 0, weNoticeOnReturn = false): void =>
  m.peers.forEach((peer) => peer.networkGone(serverNoticesAfterMs, { weNoticeOnReturn }));
const online = (m: Member): void => m.peers.forEach((peer) => peer.networkBack());
const orderOf = (m: Member): number | undefined => m.session.participants().find((p) => p.isLocal)?.order;
/** Whether any session logged a line containing `text` (the harness captures the engine's log). */
const logged = (text: string): boolean =>
  vi.mocked(console.info).mock.calls.some(([line]) => String(line).includes(text));

/** Ann keeps a room with Ben, whose network is then gone long enough for Ann to drop it. */
async function benDroppedWhileAway(): Promise<[Member, Member]> {
  const [ann, ben] = [member('Ann'), member('Ben')];
  await joinAll(ann, ben);
  offline(ben);
  await pass(45_000);
  expect(names(ann)).toEqual(['Ann']);
  return [ann, ben];
}

describe('a member whose network was gone for long', () => {
  it('is dropped by the room meanwhile, and joins it afresh by itself once back', async () => {
    const [ann, ben] = await benDroppedWhileAway();
    online(ben);
    await pass(20_000);
    expect(names(ann).sort()).toEqual(['Ann', 'Ben']);
    expect(names(ben).sort()).toEqual(['Ann', 'Ben']);
    expect(statusOf(ann, 'Ben')).toBe('connected');
    expect(statusOf(ben, 'Ann')).toBe('connected');
    expect(ben.session.isKeeper).toBe(false);
    // Its links were made anew: the room's had been closed.
    expect(logged('the room had dropped us while we were away')).toBe(true);
  });

  it('rejoins too when its own dead socket is noticed only once the network is back', async () => {
    const [ann, ben] = [member('Ann'), member('Ben')];
    await joinAll(ann, ben);
    // The server drops it after 15 s; its own side finds the socket dead only on return.
    offline(ben, 15_000, true);
    await pass(45_000);
    expect(names(ann)).toEqual(['Ann']);
    online(ben);
    await pass(20_000);
    expect(names(ann).sort()).toEqual(['Ann', 'Ben']);
    expect(statusOf(ann, 'Ben')).toBe('connected');
    expect(statusOf(ben, 'Ann')).toBe('connected');
    expect(logged('the room had dropped us while we were away')).toBe(true);
  });

  it('keeps its place when the room still counts it in, even in a locked room', async () => {
    const [ann, ben, cal] = [member('Ann'), member('Ben'), member('Cal')];
    await joinAll(ann, ben, cal);
    ann.session.setLocked(true);
    await pass(500);
    const benOrder = orderOf(ben);
    // Back before the server (alive timeout 60 s) or the others drop it.
    offline(ben, 60_000);
    await pass(8000);
    expect(statusOf(ann, 'Ben')).toBe('reconnecting');
    online(ben);
    await pass(20_000);
    for (const m of [ann, ben, cal]) {
      expect(names(m).sort()).toEqual(['Ann', 'Ben', 'Cal']);
      expect(m.session.participants().every((p) => p.status === 'connected')).toBe(true);
    }
    expect(orderOf(ben)).toBe(benOrder);
    expect(logged('asking the keeper whether the room still counts us in')).toBe(true);
    expect(logged('the room had dropped us')).toBe(false);
  });
  it('asks again when the keeper does not answer at first, and is let back in', async () => {
    const [ann, ben] = await benDroppedWhileAway();
    // Just as Ben is back, the keeper cannot be reached for a while (its ids still held).
    offline(ann, 60_000);
    online(ben);
    await pass(20_000);
    expect(logged('could not check our place in the room')).toBe(true);
    online(ann);
    await pass(30_000);
    expect(names(ann).sort()).toEqual(['Ann', 'Ben']);
    expect(names(ben).sort()).toEqual(['Ann', 'Ben']);
    expect(statusOf(ann, 'Ben')).toBe('connected');
    expect(statusOf(ben, 'Ann')).toBe('connected');
  });
});

describe('a keeper whose network was gone for long', () => {
  it('comes back though the connection of its name to the server is found dead only later', async () => {
    const [ann, ben] = [member('Ann'), member('Ben')];
    await joinAll(ann, ben);
    // The room's id finds its connection dead once the network is back; the
    // name's connection would only when TCP next retries, long after.
    for (const peer of ann.peers) {
      const roomId = peer.id === keeperPeerId(ROOM);
      peer.networkGone(15_000, { weNoticeOnReturn: roomId, weNeverNotice: !roomId });
    }
    await pass(180_000);
    online(ann);
    await pass(10_000);
    expect(ann.session.isKeeper).toBe(false);
    expect(ben.session.isKeeper).toBe(true);
    for (const m of [ann, ben]) {
      expect(names(m).sort()).toEqual(['Ann', 'Ben']);
      expect(m.session.participants().every((p) => p.status === 'connected')).toBe(true);
    }
  });

  it('finds the next member keeping the room when back, steps down and joins it', async () => {
    const [ann, ben, cal] = [member('Ann'), member('Ben'), member('Cal')];
    await joinAll(ann, ben, cal);
    offline(ann);
    await pass(45_000);
    expect(ben.session.isKeeper).toBe(true);
    expect(names(cal).sort()).toEqual(['Ben', 'Cal']);
    online(ann);
    await pass(25_000);
    expect(ann.session.isKeeper).toBe(false);
    expect(ben.session.isKeeper).toBe(true);
    expect(logged('another member keeps the room now: stepping down')).toBe(true);
    for (const m of [ann, ben, cal]) {
      expect(names(m).sort()).toEqual(['Ann', 'Ben', 'Cal']);
      expect(m.session.participants().every((p) => p.status === 'connected')).toBe(true);
    }
  });
});
