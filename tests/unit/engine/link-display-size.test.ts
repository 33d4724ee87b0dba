/**
 * What a member says it shows of our video belongs to the link, not to one
 * media connection: a fresh connection (a repair) is set from it at once,
 * and a member that restarted has shown nothing yet, so its link goes back
 * to full size until it says otherwise.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HIDDEN, type DisplaySize, type StreamKind } from '../../../renderer/engine/media/display-size.js';
import { MediaConnection } from '../../../renderer/engine/media/media-connection.js';
import type { PeerChannel } from '../../../renderer/engine/rendezvous/rendezvous-port.js';
import { MemberLink } from '../../../renderer/engine/room/member-link.js';
import { FakeDataConnection } from './fake-data-connection.js';
import { FakePeerConnection } from './fake-peer-connection.js';

const BEN = 'huddle-maple-1-m-62656e';
const hello = (session: string) => ({
  session,
  media: { publishing: false, audioMuted: false, videoMuted: false },
});

describe("what a member shows of our video, on its link's media connections", () => {
  let told: Array<{ pc: RTCPeerConnection; stream: StreamKind; size: DisplaySize | null }>;
  beforeEach(() => {
    FakePeerConnection.reset();
    vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
    told = [];
    vi.spyOn(MediaConnection.prototype, 'setWanted').mockImplementation(function (
      this: MediaConnection,
      stream: StreamKind,
      size: DisplaySize | null,
    ) {
      told.push({ pc: this.pc, stream, size });
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  const openLink = async (): Promise<MemberLink> => {
    const link = new MemberLink({
      connection: new FakeDataConnection(BEN) as unknown as PeerChannel,
      polite: false,
      ice: { iceServers: [], relayOnly: false },
      log: () => {},
    });
    await Promise.resolve();
    link.helloReceived(hello('ben-1'));
    return link;
  };
  const lastFor = (pc: RTCPeerConnection, stream: StreamKind): DisplaySize | null | undefined =>
    told.filter((entry) => entry.pc === pc && entry.stream === stream).at(-1)?.size;

  it('carries over to a fresh media connection', async () => {
    const link = await openLink();
    link.media.setWanted('camera', HIDDEN);
    link.media.setWanted('screen', { width: 640, height: 360 });
    const before = link.mediaConnection;
    // Ben asks for a fresh connection (its guard's repair).
    link.media.handleRenew(false);
    expect(link.mediaConnection).not.toBe(before);
    expect(lastFor(link.mediaConnection, 'camera')).toEqual(HIDDEN);
    expect(lastFor(link.mediaConnection, 'screen')).toEqual({ width: 640, height: 360 });
    link.close('test over');
  });

  it('is forgotten when the member restarts: full size until it says again', async () => {
    const link = await openLink();
    link.media.setWanted('camera', HIDDEN);
    link.helloReceived(hello('ben-2'));
    expect(FakePeerConnection.made).toHaveLength(2);
    expect(lastFor(link.mediaConnection, 'camera')).toBeNull();
    expect(lastFor(link.mediaConnection, 'screen')).toBeNull();
    link.close('test over');
  });
});
