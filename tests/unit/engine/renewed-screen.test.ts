/**
 * A fresh media connection (a renewal) while the member shares its screen:
 * the new connection must know which of the member's streams is the screen.
 * It did not, so the screen's video arriving on it was taken for the
 * camera's and replaced (ended) the camera track; once the screen stopped,
 * the member's camera was gone from the room.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LinkMedia } from '../../../renderer/engine/room/link-media.js';
import { FakePeerConnection, FakeStream, FakeTrack } from './fake-peer-connection.js';

const BEN = 'huddle-maple-1-m-62656e';

describe('a renewed media connection while the member shares a screen', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakePeerConnection.reset();
    vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
    vi.stubGlobal('MediaStream', FakeStream);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("takes the screen's tracks for the screen, leaving the camera's alone", () => {
    const media = new LinkMedia({
      peerId: BEN,
      ice: { iceServers: [], relayOnly: false },
      polite: true,
      send: () => {},
      channelOpen: () => true,
      log: () => {},
    });
    const cameras: unknown[] = [];
    const screens: unknown[] = [];
    media.on('remote-stream', (stream) => cameras.push(stream));
    media.on('remote-screen', (stream) => screens.push(stream));
    media.helloReceived(
      'ben-session',
      { publishing: true, audioMuted: false, videoMuted: false, screen: 'bens-screen' },
      ['media-renew'],
    );
    // Ben asks for fresh connections on both sides.
    media.handleRenew(false);
    const pc = media.pc as unknown as FakePeerConnection;
    const arrive = (streamId: string): FakeTrack => {
      const track = new FakeTrack('video');
      const ontrack = pc.ontrack as unknown as ((event: unknown) => void) | null;
      ontrack?.({ streams: [{ id: streamId }], track, receiver: {} });
      return track;
    };
    const camera = arrive('bens-camera');
    arrive('bens-screen');
    expect(camera.readyState).toBe('live');
    expect(screens.at(-1)).not.toBeNull();
    expect((cameras.at(-1) as FakeStream).getTracks()).toEqual([camera]);
    media.close();
  });
});
