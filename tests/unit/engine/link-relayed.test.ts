/**
 * Whether a link's media goes through a TURN relay is read from the same
 * statistics the guard reads every 2 s: one getStats a tick, not two.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PeerChannel } from '../../../renderer/engine/rendezvous/rendezvous-port.js';
import { MemberLink } from '../../../renderer/engine/room/member-link.js';
import { FakeDataConnection } from './fake-data-connection.js';
import { FakePeerConnection } from './fake-peer-connection.js';

/** What getStats gives for a connection whose selected pair's local candidate is of `type`. */
const statsWithLocal = (type: 'host' | 'relay'): Map<string, unknown> =>
  new Map<string, unknown>([
    ['T', { type: 'transport', selectedCandidatePairId: 'P', bytesReceived: 0 }],
    ['P', { type: 'candidate-pair', localCandidateId: 'L' }],
    ['L', { type: 'local-candidate', candidateType: type }],
  ]);

describe('a link whose media path changes', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakePeerConnection.reset();
    vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('says whether it is relayed, once per change, reading statistics once a guard tick', async () => {
    const link = new MemberLink({
      connection: new FakeDataConnection() as unknown as PeerChannel,
      polite: false,
      ice: { iceServers: [], relayOnly: false },
      log: () => {},
    });
    const pc = FakePeerConnection.made[0]!;
    pc.iceConnectionState = 'connected';
    let path: 'host' | 'relay' = 'relay';
    const reads = vi.spyOn(pc, 'getStats').mockImplementation(async () => statsWithLocal(path));
    const said: boolean[] = [];
    link.on('relayed', (relayed) => said.push(relayed));
    await vi.advanceTimersByTimeAsync(4000);
    expect(said).toEqual([true]);
    path = 'host';
    await vi.advanceTimersByTimeAsync(4000);
    expect(said).toEqual([true, false]);
    // Two ticks of 2 s per 4 s, each one read serving the guard and the relay check.
    expect(reads).toHaveBeenCalledTimes(4);
    link.close('test over');
  });
});
