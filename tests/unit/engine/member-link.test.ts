import type { PeerChannel } from '../../../renderer/engine/rendezvous/rendezvous-port.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encode } from '../../../renderer/engine/protocol/validate.js';
import { PING_INTERVAL_MS } from '../../../renderer/engine/room/link-channel.js';
import { MemberLink } from '../../../renderer/engine/room/member-link.js';
import { FakeDataConnection } from './fake-data-connection.js';

/** Just enough of RTCPeerConnection for a link's media connection to exist and close under Node. */
class IdlePeerConnection {
  iceConnectionState: RTCIceConnectionState = 'new';
  signalingState: RTCSignalingState = 'stable';
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: (() => void) | null = null;
  ontrack: (() => void) | null = null;
  oniceconnectionstatechange: (() => void) | null = null;
  onsignalingstatechange: (() => void) | null = null;
  onicecandidateerror: (() => void) | null = null;
  close(): void {
    this.signalingState = 'closed';
  }
}

const ping = encode({ type: 'ping' });

describe("a member's check that we still exist", () => {
  let now = 0;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    vi.stubGlobal('RTCPeerConnection', IdlePeerConnection);
    now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  const pass = (ms: number): void => {
    now += ms;
    vi.advanceTimersByTime(ms);
  };

  const openLink = async (
    polite: boolean,
  ): Promise<{ link: MemberLink; connection: FakeDataConnection; interruptions: string[] }> => {
    const connection = new FakeDataConnection();
    const link = new MemberLink({
      connection: connection as unknown as PeerChannel,
      polite,
      ice: { iceServers: [], relayOnly: false },
      log: () => {},
    });
    const interruptions: string[] = [];
    link.on('interrupted', (reason) => interruptions.push(reason));
    await Promise.resolve(); // the already-open connection opens the channel in a microtask
    return { link, connection, interruptions };
  };

  it('makes the dialer take a link it has not heard on for a while as interrupted, at once', async () => {
    const { link, interruptions } = await openLink(true);
    pass(3 * PING_INTERVAL_MS);
    expect(interruptions).toEqual([]);
    link.memberLostLink();
    expect(interruptions).toEqual(['the member lost the link']);
    expect(link.isInterrupted).toBe(true);
    // A second check during the same interruption changes nothing.
    link.memberLostLink();
    expect(interruptions).toHaveLength(1);
    link.close('test over');
  });

  it('is stale when the member was heard from since, and ignored', async () => {
    const { link, connection, interruptions } = await openLink(true);
    pass(3 * PING_INTERVAL_MS);
    connection.deliver(ping);
    pass(PING_INTERVAL_MS);
    link.memberLostLink();
    expect(interruptions).toEqual([]);
    expect(link.isOpen).toBe(true);
    link.close('test over');
  });

  it('changes nothing on the side that does not dial: it waits to be dialed', async () => {
    const { link, interruptions } = await openLink(false);
    pass(3 * PING_INTERVAL_MS);
    link.memberLostLink();
    expect(interruptions).toEqual([]);
    link.close('test over');
  });
});
