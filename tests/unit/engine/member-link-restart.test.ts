/**
 * A member link whose channel comes back, either from the same member
 * session (a network blip) or from a member that restarted (its page crashed
 * and it joined again under its name). Until the member's hello on the new
 * channel says which, nothing of our media connection may reach it: an
 * offer from our old connection would pair with the restarted member's fresh
 * one, we would close ours on reading its hello, and the member would be
 * left with a negotiated connection that never gets a candidate (seen in
 * browser tests as a stable connection, ICE `new`, no packets in).
 */
import type { PeerChannel } from '../../../renderer/engine/rendezvous/rendezvous-port.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encode } from '../../../renderer/engine/protocol/validate.js';
import { MemberLink } from '../../../renderer/engine/room/member-link.js';
import { FakeDataConnection } from './fake-data-connection.js';
import { FakePeerConnection, FakeStream, FakeTrack } from './fake-peer-connection.js';

const BEN = 'huddle-maple-1-m-62656e';
const silent = { publishing: false, audioMuted: false, videoMuted: false };
const hello = (session: string) => ({ session, media: silent });

/** Lets the chains of 0 ms timers and promises that negotiation makes run to their end. */
async function settle(): Promise<void> {
  for (let tick = 0; tick < 10; tick++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** The signals sent on a connection, as "offer from pc1", "candidate:pc1", … */
function signalsOn(connection: FakeDataConnection): string[] {
  return connection.sent
    .map(
      (data) =>
        JSON.parse(String(data)) as {
          type: string;
          description?: { type: string; sdp: string };
          candidate?: { candidate: string };
        },
    )
    .filter((message) => message.type === 'signal')
    .map((message) =>
      message.description
        ? `${message.description.type} from ${/^o=(\S+)/m.exec(message.description.sdp)?.[1] ?? '?'}`
        : (message.candidate?.candidate ?? ''),
    );
}

function answerFromBen(): string {
  return encode({
    type: 'signal',
    description: { type: 'answer', sdp: 'v=0\r\no=ben 0 IN IP4 0.0.0.0\r\ns=answer\r\n' },
  });
}

describe('a member link back on a new channel', () => {
  beforeEach(() => {
    FakePeerConnection.reset();
    vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** A link to Ben (we are the older, impolite side) sending camera and mic, negotiated, then cut. */
  async function sendingLinkThenCut(): Promise<{ link: MemberLink; stream: FakeStream }> {
    const first = new FakeDataConnection(BEN);
    const link = new MemberLink({
      connection: first as unknown as PeerChannel,
      polite: false,
      ice: { iceServers: [], relayOnly: false },
      log: () => {},
    });
    await settle();
    expect(link.helloReceived(hello('ben-session-1'))).toBe('first');
    const stream = new FakeStream([new FakeTrack('audio'), new FakeTrack('video')]);
    link.media.setOutgoing(stream as unknown as MediaStream);
    await settle();
    expect(signalsOn(first)).toEqual(['offer from pc1', 'candidate:pc1']);
    first.deliver(answerFromBen());
    await settle();
    first.drop();
    expect(link.isInterrupted).toBe(true);
    return { link, stream };
  }

  it('sends no media signal before the hello on the new channel', async () => {
    const { link } = await sendingLinkThenCut();
    const second = new FakeDataConnection(BEN);
    link.reattach(second as unknown as PeerChannel);
    await settle();
    await settle();
    expect(link.isOpen).toBe(true);
    expect(signalsOn(second)).toEqual([]);
    link.close('test over');
  });

  it('from a restarted member: drops the old connection and negotiates only the new one', async () => {
    const { link, stream } = await sendingLinkThenCut();
    const second = new FakeDataConnection(BEN);
    link.reattach(second as unknown as PeerChannel);
    await settle();
    // What the session does when the media connection is fresh: send our tracks on it.
    link.on('media-renewed', () => link.media.setOutgoing(stream as unknown as MediaStream));
    expect(link.helloReceived(hello('ben-session-2'))).toBe('restarted');
    await settle();
    const [old, fresh] = FakePeerConnection.made;
    expect(old?.signalingState).toBe('closed');
    expect(fresh).toBeDefined();
    expect(signalsOn(second)).toEqual(['offer from pc2', 'candidate:pc2']);
    link.close('test over');
  });

  it('from the same member session: recovers the same connection once the hello is in', async () => {
    const { link } = await sendingLinkThenCut();
    const second = new FakeDataConnection(BEN);
    link.reattach(second as unknown as PeerChannel);
    await settle();
    expect(link.helloReceived(hello('ben-session-1'))).toBe('same');
    await settle();
    expect(FakePeerConnection.made).toHaveLength(1);
    // Our tracks again on new transceivers, offered by the one connection there is.
    expect(signalsOn(second)).toEqual(['offer from pc1', 'candidate:pc1']);
    link.close('test over');
  });
});
