/**
 * Fresh media connections on both sides of a link (the guard's second
 * repair, PROTOCOL.md "Repairing media"). The asking side waits 5 s for the
 * member's answer and then sends its signals anyway. On a loaded machine the
 * answer can come later than that; read as a new request, it was answered,
 * that answer read as a request again, and both members replaced their
 * connections for ever, each new one left at ICE `new`: a link with no media
 * that no repair could end.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PeerChannel } from '../../../renderer/engine/rendezvous/rendezvous-port.js';
import { MemberLink } from '../../../renderer/engine/room/member-link.js';
import { FakeDataConnection } from './fake-data-connection.js';
import { fakeCamera, FakePeerConnection } from './fake-peer-connection.js';

const ANN = 'huddle-maple-1-m-616e6e';
const BEN = 'huddle-maple-1-m-62656e';
const silent = { publishing: false, audioMuted: false, videoMuted: false };

interface End {
  link: MemberLink;
  /** The channel this end's link sends on (what it sent is in `sent`). */
  channel: FakeDataConnection;
  renewals: number;
  delivered: number;
}

/** One end of the link, its member having said hello with `features`. */
function end(self: string, other: string, polite: boolean, features: string[]): End {
  const channel = new FakeDataConnection(other);
  const link = new MemberLink({
    connection: channel as unknown as PeerChannel,
    polite,
    ice: { iceServers: [], relayOnly: false },
    log: () => {},
  });
  const created: End = { link, channel, renewals: 0, delivered: 0 };
  link.on('media-renewed', () => created.renewals++);
  link.helloReceived({ session: `${self}-session`, media: silent, features });
  return created;
}

/** The types of what `from` sent that `to` has not been given yet, and gives them. */
function deliver(from: End, to: End): string[] {
  const fresh = from.channel.sent.slice(from.delivered);
  from.delivered = from.channel.sent.length;
  for (const data of fresh) to.channel.deliver(data);
  return fresh.map((data) => {
    const message = JSON.parse(String(data)) as { type: string; reply?: boolean };
    return message.reply ? `${message.type} (reply)` : message.type;
  });
}

/**
 * `seconds` of the link working both ways (heartbeats and signals
 * delivered every second): the renewal messages that went either way.
 */
async function run(ann: End, ben: End, seconds: number): Promise<string[]> {
  const seen: string[] = [];
  for (let second = 0; second < seconds; second++) {
    await vi.advanceTimersByTimeAsync(1000);
    seen.push(...deliver(ann, ben), ...deliver(ben, ann));
  }
  return seen.filter((type) => type.startsWith('media-renew'));
}

describe('renewing a media connection', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakePeerConnection.reset();
    vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  /** Ann and Ben linked, both of a build that renews, the channel open and quiet. */
  async function pair(): Promise<{ ann: End; ben: End }> {
    const ann = end(ANN, BEN, false, ['media-renew']);
    const ben = end(BEN, ANN, true, ['media-renew']);
    await run(ann, ben, 1);
    return { ann, ben };
  }

  it('answered in time: each side renews once', async () => {
    const { ann, ben } = await pair();
    ann.link.media.requestRenewal();
    expect(deliver(ann, ben)).toContain('media-renew');
    expect(deliver(ben, ann)).toContain('media-renew (reply)');
    expect(await run(ann, ben, 30)).toEqual([]);
    expect([ann.renewals, ben.renewals]).toEqual([1, 1]);
    ann.link.close('test over');
    ben.link.close('test over');
  });

  it('answered after the asker stopped waiting: the late answer ends it', async () => {
    const { ann, ben } = await pair();
    ann.link.media.requestRenewal();
    expect(deliver(ann, ben)).toContain('media-renew');
    // Ben answers at once, but Ann's page stalls past her 5 s (a loaded
    // machine): her timer runs before she reads the answer waiting for her.
    const answer = ben.channel.sent.pop();
    expect(JSON.parse(String(answer))).toMatchObject({ type: 'media-renew' });
    expect(await run(ann, ben, 6)).toEqual([]);
    ann.channel.deliver(answer);
    // Whatever else goes to and fro for the next half minute, no one renews again.
    expect(await run(ann, ben, 30)).toEqual([]);
    expect([ann.renewals, ben.renewals]).toEqual([1, 1]);
    ann.link.close('test over');
    ben.link.close('test over');
  });

  it('asked by both sides at once: each request answers the other, and neither is answered again', async () => {
    const { ann, ben } = await pair();
    ann.link.media.requestRenewal();
    ben.link.media.requestRenewal();
    expect(deliver(ann, ben)).toContain('media-renew');
    expect(deliver(ben, ann)).toContain('media-renew');
    expect(await run(ann, ben, 30)).toEqual([]);
    expect([ann.renewals, ben.renewals]).toEqual([1, 1]);
    ann.link.close('test over');
    ben.link.close('test over');
  });

  it("a description that does not fit the last negotiation: both sides renew at once, not after the guard's ICE restart", async () => {
    const { ann, ben } = await pair();
    const bensFirst = ben.link.mediaConnection as unknown as FakePeerConnection;
    // What Chrome answers an offer built on a negotiation this side rolled back.
    bensFirst.setRemoteDescription = () =>
      Promise.reject(
        new DOMException(
          "Failed to set remote offer sdp: The order of m-lines in subsequent offer doesn't match order from previous offer/answer.",
          'InvalidAccessError',
        ),
      );
    ann.link.media.setOutgoing(fakeCamera());
    const renewals = await run(ann, ben, 3);
    expect(renewals).toEqual(['media-renew', 'media-renew (reply)']);
    expect([ann.renewals, ben.renewals]).toEqual([1, 1]);
    expect(ben.link.mediaConnection).not.toBe(bensFirst);
    // The fresh pair negotiates (the room sends the tracks again on a renewed link): Ann's offer is applied
    // on Ben's new connection.
    ann.link.media.setOutgoing(fakeCamera());
    await run(ann, ben, 2);
    expect((ben.link.mediaConnection as unknown as FakePeerConnection).applied).toContain(
      `offer from ${(ann.link.mediaConnection as unknown as FakePeerConnection).name}`,
    );
    expect(await run(ann, ben, 30)).toEqual([]);
    ann.link.close('test over');
    ben.link.close('test over');
  });
});
