import { describe, expect, it } from 'vitest';
import {
  hasRelay,
  parseIceServerFields,
  rtcConfiguration,
  toRtcIceServers,
  udpRelayServers,
} from '../../../renderer/engine/media/ice-config.js';
import { selectedLocalEnd } from '../../../renderer/engine/media/relay-detection.js';

/** getStats() as a browser returns it: a map-like of stats objects by id. */
function report(entries: Array<Record<string, unknown>>): RTCStatsReport {
  return new Map(entries.map((entry) => [entry.id as string, entry])) as unknown as RTCStatsReport;
}

describe('relay detection', () => {
  const local = (candidateType: string) => ({
    id: 'L1',
    type: 'local-candidate',
    candidateType,
    relayProtocol: 'tcp',
  });
  const pair = {
    id: 'P1',
    type: 'candidate-pair',
    localCandidateId: 'L1',
    remoteCandidateId: 'R1',
    state: 'succeeded',
  };

  it("reads the transport's selected pair and its local candidate's type, and the relay's transport", () => {
    const transport = { id: 'T1', type: 'transport', selectedCandidatePairId: 'P1' };
    expect(selectedLocalEnd(report([transport, pair, local('relay')]))).toEqual({
      candidateType: 'relay',
      relayProtocol: 'tcp',
    });
    // A host or reflexive end reaches no relay, whatever else the report says.
    expect(selectedLocalEnd(report([transport, pair, local('host')]))).toEqual({
      candidateType: 'host',
      relayProtocol: null,
    });
    expect(selectedLocalEnd(report([transport, pair, local('srflx')]))?.candidateType).toBe('srflx');
  });

  it('falls back to a pair marked selected, and knows nothing without one', () => {
    expect(selectedLocalEnd(report([{ ...pair, selected: true }, local('relay')]))?.candidateType).toBe(
      'relay',
    );
    expect(selectedLocalEnd(report([pair, local('relay')]))).toBeNull();
    expect(selectedLocalEnd(report([]))).toBeNull();
  });
});

describe('ICE settings', () => {
  it('keeps only the UDP ways to a relay, and STUN, for a connection moving onto UDP', () => {
    const servers: RTCIceServer[] = [
      { urls: 'stun:stun.example.org' },
      {
        urls: [
          'turn:relay.example.org:3478?transport=udp',
          'turn:relay.example.org:3478?transport=tcp',
          'turns:relay.example.org:5349?transport=tcp',
          'turn:other.example.org',
        ],
        username: 'u',
        credential: 'c',
      },
      { urls: ['turns:tls-only.example.org:443'], username: 'v', credential: 'd' },
    ];
    expect(udpRelayServers(servers)).toEqual([
      { urls: ['stun:stun.example.org'] },
      {
        urls: ['turn:relay.example.org:3478?transport=udp', 'turn:other.example.org'],
        username: 'u',
        credential: 'c',
      },
    ]);
  });

  it('reads relay fields from the join form', () => {
    expect(parseIceServerFields('', '', '')).toEqual([]);
    expect(parseIceServerFields('stun:stun.example.org:3478', '', '')).toEqual([
      { urls: ['stun:stun.example.org:3478'] },
    ]);
    expect(parseIceServerFields('turn:r.example:3478?transport=udp, turns:r.example:443', 'u', 'p')).toEqual([
      { urls: ['turn:r.example:3478?transport=udp', 'turns:r.example:443'], username: 'u', credential: 'p' },
    ]);
  });

  it('refuses what is not a STUN or TURN address, and TURN without credentials', () => {
    expect(() => parseIceServerFields('http://r.example', '', '')).toThrow(/not a STUN or TURN address/);
    expect(() => parseIceServerFields('turn:r.example:3478', '', '')).toThrow(
      /needs a username and a credential/,
    );
  });

  it('turns settings into an RTCConfiguration, relay-only on request', () => {
    const iceServers = toRtcIceServers([{ urls: ['turn:r:3478'], username: 'u', credential: 'p' }]);
    expect(rtcConfiguration({ iceServers, relayOnly: true })).toEqual({
      iceServers,
      iceTransportPolicy: 'relay',
    });
    expect(rtcConfiguration({ iceServers: [], relayOnly: false }).iceTransportPolicy).toBe('all');
    expect(hasRelay({ iceServers, relayOnly: false })).toBe(true);
    expect(hasRelay({ iceServers: toRtcIceServers([{ urls: ['stun:s'] }]), relayOnly: false })).toBe(false);
  });
});
