/**
 * Leaving says bye to everyone, over every link: members who joined through
 * the keeper have their links on the keeper id's connections, so a keeper
 * that let go of its id before saying bye left them to find out from
 * silence, seconds later, and widened the window in which a joiner finds
 * the room's id free.
 */
import { describe, expect, it, vi } from 'vitest';
import { memberPeerId } from '../../../renderer/engine/names.js';
import { joinAll, names, pass, ROOM, useRoomHarness, type Member } from './room-harness.js';

const harness = useRoomHarness();
const member = (name: string): Member => harness.member(name);
const logged = (text: string): boolean =>
  vi.mocked(console.info).mock.calls.some(([line]) => String(line).includes(text));

describe('a keeper leaving', () => {
  it('says bye to members linked through the room id, who hear it at once', async () => {
    const [ann, ben, cal] = [member('Ann'), member('Ben'), member('Cal')];
    await joinAll(ann, ben, cal);
    ann.session.leave();
    await pass(50);
    const annId = memberPeerId(ROOM, 'Ann');
    expect(logged(`link to ${annId} closed: left the room`)).toBe(true);
    expect(logged(`link to ${annId} interrupted`)).toBe(false);
  });
});

describe('a member whose bye to us was lost', () => {
  it('is dropped as soon as our link to it breaks, once the keeper has said it left', async () => {
    // As a PeerJS server does, a dial to an id nobody holds waits 5 s before "unavailable": Ben's probe of
    // Dee's id, which would otherwise tell him at once that she is gone.
    harness.server().dialWaitMs = 5_000;
    const [ann, ben, dee] = [member('Ann'), member('Ben'), member('Dee')];
    await joinAll(ann, ben, dee);
    // Dee's link to Ben is still opening on her side when she leaves (in a browser: she has not
    // read his hello yet), so her bye goes only to Ann: here, her channel to Ben carries nothing more.
    const benId = memberPeerId(ROOM, 'Ben');
    for (const channel of dee.peers.flatMap((peer) => [...peer.channels])) {
      if (channel.peer === benId) channel.dead = true;
    }
    dee.session.leave();
    await pass(200);
    // The keeper said Dee left; Ben's own link to her still looks open, and has the last word while it does.
    expect(logged(`link to ${memberPeerId(ROOM, 'Dee')} closed: left the room`)).toBe(true);
    expect(names(ben)).toContain('Dee');
    // Two seconds of silence break the link: Ben does not wait for Dee to dial again.
    await pass(2_500);
    expect(names(ben)).not.toContain('Dee');
    expect(logged('closed: gone from the room, as the keeper said')).toBe(true);
  });
});
