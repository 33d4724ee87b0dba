/** One member's registrations with the server reconnect together (rendezvous/peer-group.ts). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PeerGroup } from '../../../renderer/engine/rendezvous/peer-group.js';
import type { RendezvousPeer } from '../../../renderer/engine/rendezvous/rendezvous-port.js';

function peer(id: string, state: { disconnected?: boolean; destroyed?: boolean } = {}) {
  const made = {
    id,
    disconnected: state.disconnected ?? false,
    destroyed: state.destroyed ?? false,
    dropped: 0,
  };
  return Object.assign(made, {
    disconnect: () => {
      made.dropped++;
      made.disconnected = true;
    },
  });
}
const asPeer = (fake: ReturnType<typeof peer>): RendezvousPeer => fake as unknown as RendezvousPeer;

describe('a member’s registrations with the rendezvous server', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['performance'] }));
  afterEach(() => vi.useRealTimers());

  it('all drop their connections when one finds its own dead, except those already down', () => {
    const group = new PeerGroup();
    const [member, keeper, deputy, gone] = [
      peer('m'),
      peer('k'),
      peer('d', { disconnected: true }),
      peer('x', { destroyed: true }),
    ];
    [member, keeper, deputy, gone].forEach((one) => group.add(asPeer(one)));
    group.lost(asPeer(keeper));
    expect([member.dropped, keeper.dropped, deputy.dropped, gone.dropped]).toEqual([1, 0, 0, 0]);
  });

  it('treat the losses the first one caused as the same loss, and a later one as new', () => {
    const group = new PeerGroup();
    const [member, keeper] = [peer('m'), peer('k')];
    group.add(asPeer(member));
    group.add(asPeer(keeper));
    group.lost(asPeer(keeper));
    member.disconnected = false;
    keeper.disconnected = false;
    // The member reports the loss it was made to have: nothing more is dropped.
    group.lost(asPeer(member));
    expect(keeper.dropped).toBe(0);
    vi.advanceTimersByTime(11_000);
    group.lost(asPeer(member));
    expect(keeper.dropped).toBe(1);
    group.delete(asPeer(member));
    vi.advanceTimersByTime(11_000);
    group.lost(asPeer(keeper));
    expect(member.dropped).toBe(1);
  });
});
