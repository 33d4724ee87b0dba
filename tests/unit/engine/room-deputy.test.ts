/**
 * The room's deputy (room/deputy.ts): the member next in line holds a second
 * well-known id, so that a joiner gets in while the keeper's id is held by a
 * keeper whose network vanished, and so that a joiner arriving as the
 * keeper leaves joins its successor instead of opening a second room.
 */
import { describe, expect, it, vi } from 'vitest';
import { deputyPeerId, keeperPeerId, memberPeerId } from '../../../renderer/engine/names.js';
import {
  join,
  joinAll,
  names,
  pass,
  ROOM,
  statusOf,
  until,
  useRoomHarness,
  type Member,
} from './room-harness.js';

const harness = useRoomHarness();
const member = (name: string): Member => harness.member(name);

/** Whether anyone holds a well-known id on the server now. */
const held = (id: string): boolean => harness.server().holder(id) !== undefined;
/** Whether `m` holds a well-known id on the server now. */
const holds = (m: Member, id: string): boolean => {
  const holder = harness.server().holder(id);
  return holder !== undefined && m.peers.includes(holder);
};
const logged = (text: string): boolean =>
  vi.mocked(console.info).mock.calls.some(([line]) => String(line).includes(text));
const allConnected = (m: Member): boolean => m.session.participants().every((p) => p.status === 'connected');

describe('the deputy id', () => {
  it('is held by the member next in line, and passes on when that member leaves', async () => {
    const [ann, ben, cal] = [member('Ann'), member('Ben'), member('Cal')];
    await joinAll(ann);
    expect(held(deputyPeerId(ROOM))).toBe(false);
    await joinAll(ben, cal);
    expect(holds(ben, deputyPeerId(ROOM))).toBe(true);
    ben.session.leave();
    await pass(1000);
    expect(holds(cal, deputyPeerId(ROOM))).toBe(true);
    expect(holds(ann, keeperPeerId(ROOM))).toBe(true);
    expect(ann.session.isKeeper).toBe(true);
  });
});

describe('a keeper whose network vanished without closing its socket', () => {
  it('does not keep a joiner out: the deputy admits it within 5 s while the server still holds the id', async () => {
    const [ann, ben, cal, dan] = [member('Ann'), member('Ben'), member('Cal'), member('Dan')];
    await joinAll(ann, ben, cal);
    // A stock server notices a dead socket only after its alive timeout (60 s).
    ann.peers.forEach((peer) => peer.networkGone(60_000));
    const started = performance.now();
    await join(dan);
    expect(performance.now() - started).toBeLessThan(5000);
    await pass(2000);
    expect(ben.session.isKeeper).toBe(true);
    for (const m of [ben, cal, dan]) {
      expect(names(m).sort()).toEqual(['Ben', 'Cal', 'Dan']);
      expect(allConnected(m)).toBe(true);
    }
    // The vanished keeper still holds the room's id on the server; the deputy claims it once freed.
    expect(harness.server().holder(keeperPeerId(ROOM))?.offline).toBe(true);
    await pass(65_000);
    expect(holds(ben, keeperPeerId(ROOM))).toBe(true);
    expect(holds(cal, deputyPeerId(ROOM))).toBe(true);
    // Dan's link to Ben did not ride on the deputy id, which Ben has let go meanwhile.
    expect(logged(`link to ${memberPeerId(ROOM, 'Dan')} interrupted`)).toBe(false);
  });

  it('steps down when back, finding the deputy kept the room, and joins it afresh', async () => {
    const [ann, ben, cal, dan] = [member('Ann'), member('Ben'), member('Cal'), member('Dan')];
    await joinAll(ann, ben, cal);
    ann.peers.forEach((peer) => peer.networkGone(60_000));
    await join(dan);
    await pass(5000);
    // Back before the server noticed anything: it still holds the room's id for its old socket.
    ann.peers.forEach((peer) => peer.networkBack());
    await pass(20_000);
    expect(logged('the deputy kept the room while we were away: stepping down')).toBe(true);
    expect(ann.session.isKeeper).toBe(false);
    expect(ben.session.isKeeper).toBe(true);
    // Once the old keeper let the id go, the room's id is the new keeper's.
    expect(holds(ben, keeperPeerId(ROOM))).toBe(true);
    for (const m of [ann, ben, cal, dan]) {
      expect(names(m).sort()).toEqual(['Ann', 'Ben', 'Cal', 'Dan']);
      expect(allConnected(m)).toBe(true);
    }
  });

  it('goes on keeping when only a member was away: the deputy still heard it', async () => {
    const [ann, ben, cal] = [member('Ann'), member('Ben'), member('Cal')];
    await joinAll(ann, ben, cal);
    cal.peers.forEach((peer) => peer.networkGone(60_000));
    await pass(10_000);
    cal.peers.forEach((peer) => peer.networkBack());
    await pass(15_000);
    expect(logged('the deputy still hears us: we keep the room')).toBe(true);
    expect(ann.session.isKeeper).toBe(true);
    expect(ben.session.isKeeper).toBe(false);
    for (const m of [ann, ben, cal]) expect(allConnected(m)).toBe(true);
  });
});

describe('a joiner arriving as the keeper leaves (the split-room window)', () => {
  it('joins the successor when it comes after the successor heard the bye but before it claimed the id', async () => {
    const [ann, ben, cal, dan] = [member('Ann'), member('Ben'), member('Cal'), member('Dan')];
    await joinAll(ann, ben, cal);
    ann.session.leave();
    // Ben has read the bye; its claim of the room's id is still ahead (100 ms).
    await pass(20);
    expect(held(keeperPeerId(ROOM))).toBe(false);
    await join(dan);
    await pass(3000);
    expect(dan.session.isKeeper).toBe(false);
    expect(ben.session.isKeeper).toBe(true);
    expect(holds(ben, keeperPeerId(ROOM))).toBe(true);
    for (const m of [ben, cal, dan]) {
      expect(names(m).sort()).toEqual(['Ben', 'Cal', 'Dan']);
      expect(allConnected(m)).toBe(true);
    }
  });

  it('joins the successor when it comes before the successor knows the keeper is gone', async () => {
    const [ann, ben, cal, dan] = [member('Ann'), member('Ben'), member('Cal'), member('Dan')];
    await joinAll(ann, ben, cal);
    // Nothing more from Ann reaches anyone (not even its bye): the others learn only from silence.
    ann.peers.forEach((peer) => peer.channels.forEach((channel) => (channel.dead = true)));
    ann.session.leave();
    await pass(10);
    expect(held(keeperPeerId(ROOM))).toBe(false);
    const joined = dan.session.join();
    await until(joined, 10_000);
    await pass(3000);
    expect(dan.session.isKeeper).toBe(false);
    expect(ben.session.isKeeper).toBe(true);
    for (const m of [ben, cal, dan]) {
      expect(names(m).sort()).toEqual(['Ben', 'Cal', 'Dan']);
      expect(allConnected(m)).toBe(true);
    }
    expect(statusOf(cal, 'Ann')).toBeUndefined();
  });

  it('joins the successor when its connection to the deputy id is still being set up as the successor takes the room id', async () => {
    const server = harness.server();
    const [ann, ben, cal, dan] = [member('Ann'), member('Ben'), member('Cal'), member('Dan')];
    await joinAll(ann, ben, cal);
    // Registering the room's id and opening a connection both take a while, as on a real network.
    server.answerDelayMs.set(keeperPeerId(ROOM), 300);
    server.connectionSetupMs = 1500;
    ann.session.leave();
    // Dan finds the room's id free and the deputy id held: Ben, who has
    // read the bye, keeps the room on the deputy id and claims the room's id
    // while Dan's connection to the deputy id is still opening.
    const joined = dan.session.join();
    await until(joined, 20_000);
    await pass(3000);
    expect(logged('took over keeping the room')).toBe(true);
    expect(dan.session.isKeeper).toBe(false);
    expect(ben.session.isKeeper).toBe(true);
    for (const m of [ben, cal, dan]) {
      expect(names(m).sort()).toEqual(['Ben', 'Cal', 'Dan']);
      expect(allConnected(m)).toBe(true);
    }
  });
  it('is asked again, not given up on, when it holds its id but does not answer a joiner', async () => {
    const [ann, ben, dan] = [member('Ann'), member('Ben'), member('Dan')];
    await joinAll(ann, ben);
    expect(holds(ben, deputyPeerId(ROOM))).toBe(true);
    // Ann leaves as Ben's network goes: the room's id is free, and the
    // deputy id stays held by Ben's dead socket until the server notices, 20 s on.
    for (const peer of ben.peers) peer.networkGone(20_000, { weNeverNotice: true });
    ann.session.leave();
    await pass(100);
    // Dan asks the deputy id, which cannot answer; once the server frees it he opens the room himself.
    await until(dan.session.join(), 90_000);
    expect(logged('room-not-answering')).toBe(true);
    expect(dan.session.isKeeper).toBe(true);
    expect(held(keeperPeerId(ROOM))).toBe(true);
  });
});
