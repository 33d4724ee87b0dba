/**
 * Leaving says bye to everyone, over every link: members who joined through
 * the keeper have their links on the keeper id's connections, so a keeper
 * that let go of its id before saying bye left them to find out from
 * silence, seconds later, and widened the window in which a joiner finds
 * the room's id free.
 */
import { describe, expect, it, vi } from 'vitest';
import { memberPeerId } from '../../../renderer/engine/names.js';
import { joinAll, pass, ROOM, useRoomHarness, type Member } from './room-harness.js';

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
