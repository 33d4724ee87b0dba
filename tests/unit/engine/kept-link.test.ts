/**
 * A joiner's link to the member that admits it rides on the connection it
 * asked to join on (`link` in the request and the answer): one connection
 * set-up fewer before its first frame of video. Members of earlier builds,
 * on either side, get the separate link they always had.
 */
import { describe, expect, it } from 'vitest';
import { keeperPeerId, memberPeerId } from '../../../renderer/engine/names.js';
import type { JoinAccepted, MemberInfo } from '../../../renderer/engine/protocol/messages.js';
import { encode } from '../../../renderer/engine/protocol/validate.js';
import type { FakeChannel, FakePeer } from './fake-rendezvous.js';
import { join, joinAll, pass, ROOM, statusOf, useRoomHarness, type Member } from './room-harness.js';

const harness = useRoomHarness();
const member = harness.member;
const ANN = memberPeerId(ROOM, 'Ann');
const BEN = memberPeerId(ROOM, 'Ben');

/** The channels a member's own peer (its first, the member id) made or took to `peerId`. */
function channelsTo(m: Member, peerId: string): FakeChannel[] {
  const peer = m.peers[0];
  if (!peer) throw new Error('no member peer');
  return [...peer.channels].filter((channel) => channel.peer === peerId) as FakeChannel[];
}

describe('a joiner linked on the connection it asked to join on', () => {
  it('is linked to the keeper without a second connection, and the link stays', async () => {
    const [ann, ben] = [member('Ann'), member('Ben')];
    await joinAll(ann, ben);
    expect(statusOf(ben, 'Ann')).toBe('connected');
    expect(statusOf(ann, 'Ben')).toBe('connected');
    // Ben never dialed Ann's own id: his link to her is the connection to the room's id.
    expect(channelsTo(ben, ANN)).toEqual([]);
    expect(channelsTo(ben, keeperPeerId(ROOM)).map((channel) => channel.open)).toEqual([true]);
    // Long after the keeper would have closed an answered request's connection.
    await pass(5000);
    expect(channelsTo(ben, keeperPeerId(ROOM)).map((channel) => channel.open)).toEqual([true]);
    expect(statusOf(ben, 'Ann')).toBe('connected');
  });

  it('is dialed again to the member’s own id when it drops, and comes back', async () => {
    const [ann, ben] = [member('Ann'), member('Ben')];
    await joinAll(ann, ben);
    for (const channel of channelsTo(ben, keeperPeerId(ROOM))) channel.close();
    await pass(3000);
    expect(channelsTo(ben, ANN).filter((channel) => channel.open)).toHaveLength(1);
    expect(statusOf(ben, 'Ann')).toBe('connected');
    expect(statusOf(ann, 'Ben')).toBe('connected');
  });

  it('links a third member to the keeper the same way, and to the others by dialing', async () => {
    const [ann, ben, cal] = [member('Ann'), member('Ben'), member('Cal')];
    await joinAll(ann, ben, cal);
    expect(channelsTo(cal, ANN)).toEqual([]);
    expect(channelsTo(cal, BEN).filter((channel) => channel.open)).toHaveLength(1);
    for (const m of [ann, ben, cal])
      expect(m.session.participants().every((participant) => participant.status === 'connected')).toBe(true);
  });
});

describe('a joiner of an earlier build', () => {
  it('is answered without a link, and its connection to the room’s id closes after the answer', async () => {
    const ann = member('Ann');
    await join(ann);
    const opening = harness.server().rendezvous().open(BEN, 'taken');
    await pass(10);
    const peer = await opening;
    const toKeeper = peer.connect(keeperPeerId(ROOM)) as FakeChannel;
    const replies: string[] = [];
    toKeeper.on('data', (data) => replies.push(String(data)));
    toKeeper.on('open', () => toKeeper.send(encode({ type: 'join-request', versions: [1], name: 'Ben' })));
    await pass(200);
    const accepted = JSON.parse(replies[0] ?? '{}') as JoinAccepted;
    expect(accepted.type).toBe('join-accepted');
    expect(accepted.link).toBeUndefined();
    await pass(2500);
    expect(toKeeper.open).toBe(false);
  });
});

/**
 * A keeper that answers every request with `join-accepted` and Ann in the
 * roster, and `link` as given: an earlier build (none), or a wrong one.
 */
async function scriptedKeeper(link?: string): Promise<{ annDialedBy: string[] }> {
  const rendezvous = harness.server().rendezvous();
  const opening = Promise.all([rendezvous.open(keeperPeerId(ROOM), 'taken'), rendezvous.open(ANN, 'taken')]);
  await pass(10);
  const [keeper, annPeer] = (await opening) as [FakePeer, FakePeer];
  const annInfo: MemberInfo = { peerId: ANN, name: 'Ann', order: 0 };
  keeper.on('connection', (connection) =>
    connection.on('data', () =>
      connection.send(
        encode({
          type: 'join-accepted',
          you: { peerId: connection.peer, name: 'Ben', order: 1 },
          roster: [annInfo],
          ...(link ? { link } : {}),
        }),
      ),
    ),
  );
  const annDialedBy: string[] = [];
  annPeer.on('connection', (connection) => annDialedBy.push(connection.peer));
  return { annDialedBy };
}

describe('a keeper that keeps no link', () => {
  it('of an earlier build (no link in its answer): the joiner dials it, and its request connection closes', async () => {
    const { annDialedBy } = await scriptedKeeper();
    const ben = member('Ben');
    await join(ben);
    await pass(100);
    expect(annDialedBy).toEqual([BEN]);
    expect(channelsTo(ben, keeperPeerId(ROOM)).every((channel) => !channel.open)).toBe(true);
  });

  it('naming a member not in the roster as the link: the joiner does not take it, and dials', async () => {
    const { annDialedBy } = await scriptedKeeper(memberPeerId(ROOM, 'Zed'));
    const ben = member('Ben');
    await join(ben);
    await pass(100);
    expect(annDialedBy).toEqual([BEN]);
    expect(channelsTo(ben, keeperPeerId(ROOM)).every((channel) => !channel.open)).toBe(true);
  });
});
