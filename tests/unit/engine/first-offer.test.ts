/**
 * On a fresh media connection the impolite side (the older member) offers
 * first, and the polite side's own offer waits until it has answered: two
 * crossing offers make the polite side roll its own back, and a Chromium
 * connection that rolled back an offer as its gathering began may never
 * gather a candidate. The polite side does not wait for a member that sends
 * nothing, and never for long.
 */
import { describe, expect, it } from 'vitest';
import { memberPeerId } from '../../../renderer/engine/names.js';
import { FIRST_OFFER_WAIT_MS } from '../../../renderer/engine/room/link-media.js';
import { FakePeerConnection, fakeCamera } from './fake-peer-connection.js';
import { join, pass, ROOM, useRoomHarness, type Member } from './room-harness.js';

const harness = useRoomHarness();
const member = harness.member;

/** The fake media connection `m` has with the member called `name`. */
function mediaTo(m: Member, name: string): FakePeerConnection {
  const pc = m.session.mediaConnectionTo(memberPeerId(ROOM, name));
  if (!pc) throw new Error(`no media connection to ${name}`);
  return pc as unknown as FakePeerConnection;
}

describe('the first offer on a fresh media connection', () => {
  it('comes from the older member: a joiner publishing at once answers it before offering, and nothing is rolled back', async () => {
    const ann = member('Ann');
    await join(ann);
    await ann.session.publish(fakeCamera());
    const ben = member('Ben');
    // The moment he is in: his tracks are on his connection before Ann's offer can reach him.
    ben.session.on('state', (state) => {
      if (state === 'joined') void ben.session.publish(fakeCamera());
    });
    await join(ben);
    await pass(500);
    const bens = mediaTo(ben, 'Ann');
    const anns = mediaTo(ann, 'Ben');
    expect(bens.applied.filter((entry) => entry.startsWith('offer') || entry.startsWith('answer'))).toEqual([
      `offer from ${anns.name}`,
      `answer from ${anns.name}`,
    ]);
    expect([bens.rollbacks, anns.rollbacks]).toEqual([0, 0]);
    expect([bens.signalingState, anns.signalingState]).toEqual(['stable', 'stable']);
  });

  it('is the joiner’s at once when the older member sends nothing', async () => {
    const ann = member('Ann');
    await join(ann);
    const ben = member('Ben');
    await join(ben);
    await ben.session.publish(fakeCamera());
    // Well within FIRST_OFFER_WAIT_MS: Ben did not wait for an offer that could not come.
    await pass(FIRST_OFFER_WAIT_MS / 5);
    const anns = mediaTo(ann, 'Ben');
    expect(anns.applied.filter((entry) => entry.startsWith('offer'))).toEqual([
      `offer from ${mediaTo(ben, 'Ann').name}`,
    ]);
  });
});
