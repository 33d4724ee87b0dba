/**
 * A link redialed on a loaded machine, where a new connection takes longer
 * to open than one recovery try waits (3 s). Each try replaced the one
 * before, though that one had already reached the member and was only
 * finishing its handshake: the handshake started over each time, and the
 * link stayed down for as long as the machine stayed slow.
 */
import { describe, expect, it, vi } from 'vitest';
import { memberPeerId } from '../../../renderer/engine/names.js';
import { joinAll, pass, ROOM, statusOf, useRoomHarness, type Member } from './room-harness.js';

const harness = useRoomHarness();
const member = (name: string): Member => harness.member(name);
const count = (text: string): number =>
  vi.mocked(console.info).mock.calls.filter(([line]) => String(line).includes(text)).length;

describe('a link redialed when connections are slow to open', () => {
  it('lets a try that reached the member finish, rather than starting over', async () => {
    const [ann, ben] = [member('Ann'), member('Ben')];
    await joinAll(ann, ben);
    harness.server().connectionSetupMs = 4500;
    // The link's channels go silent at both ends: both notice in 2 s, and Ben, the newer, dials again.
    for (const m of [ann, ben])
      m.peers.forEach((peer) => peer.channels.forEach((channel) => (channel.dead = true)));
    await pass(2500);
    expect(statusOf(ann, 'Ben')).toBe('reconnecting');
    await pass(6000);
    expect(statusOf(ann, 'Ben')).toBe('connected');
    expect(statusOf(ben, 'Ann')).toBe('connected');
    expect(count(`${memberPeerId(ROOM, 'Ben')} reconnected its link`)).toBe(1);
  });

  it('says how far a dial that did not open got, so a stuck link shows which step held it', async () => {
    const [ann, ben] = [member('Ann'), member('Ben')];
    await joinAll(ann, ben);
    harness.server().connectionSetupMs = 12_000;
    for (const m of [ann, ben])
      m.peers.forEach((peer) => peer.channels.forEach((channel) => (channel.dead = true)));
    await pass(2500 + 10_000);
    // Its path was up, so it got 10 s in all, and was then replaced; only Ben, the dialer, says so.
    expect(
      count(`link to ${memberPeerId(ROOM, 'Ann')}: a dial did not open in 10000 ms (answered, path up)`),
    ).toBe(1);
    expect(count(`link to ${memberPeerId(ROOM, 'Ben')}: a dial did not open`)).toBe(0);
  });
});
