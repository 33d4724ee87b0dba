/**
 * Repeated network blips, in the lab: a member sending its camera and a
 * shared screen is cut off three times in a row. Every recovery sends the
 * tracks again on new transceivers (media-connection.ts `resendOutgoing`);
 * this checks that the room comes back each time, that the far side plays
 * the new tracks and keeps nothing of the old ones alive, and that the
 * session description does not grow with every outage. Then blips that catch
 * a renegotiation in flight: the offer for a screen share, a stopped camera or
 * a restarted one is lost with the link, and must still take effect, whichever
 * side made it.
 * Needs root, iproute2, nftables, coturn and Chromium; skips with the reason
 * printed otherwise.
 */
import { expect, test } from '@playwright/test';
import {
  expectVideoPlaying,
  hostRoom,
  joinRoom,
  liveRemoteTracks,
  participantEntry,
  tileOf,
  trackIdsOf,
  type Member,
} from '../e2e/support/members.js';
import { onlyTcpToHost, startHostInLab } from './lab-host.js';
import { labAvailable, type Lab } from './netns.js';
import { useLab } from './lab-fixture.js';

const availability = labAvailable();
if (!availability.ok) console.log(`Skipping the repeated blip tests: ${availability.reason}`);

interface MediaShape {
  /** m-lines in the local and the remote description. */
  localMLines: number;
  remoteMLines: number;
  /** Incoming video tracks still live, on receiving transceivers that are not stopped. */
  liveIncomingVideo: number;
  /** Transceivers not stopped. */
  activeTransceivers: number;
  /** All transceivers: stopped ones linger only until a negotiation removes them. */
  transceivers: number;
}

/** The media connection's shape (the page's one open connection with transceivers). */
async function mediaShape(member: Member): Promise<MediaShape[]> {
  return member.page.evaluate(() => {
    const connections = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const mLines = (sdp: string | undefined): number => (sdp ?? '').match(/^m=/gm)?.length ?? 0;
    return connections
      .filter((pc) => pc.signalingState !== 'closed' && pc.getTransceivers().length > 0)
      .map((pc) => {
        const active = pc
          .getTransceivers()
          .filter(
            ({ direction, currentDirection }) => direction !== 'stopped' && currentDirection !== 'stopped',
          );
        return {
          localMLines: mLines(pc.localDescription?.sdp),
          remoteMLines: mLines(pc.remoteDescription?.sdp),
          liveIncomingVideo: active.filter(
            ({ receiver, currentDirection }) =>
              (currentDirection === 'recvonly' || currentDirection === 'sendrecv') &&
              receiver.track.kind === 'video' &&
              receiver.track.readyState === 'live',
          ).length,
          activeTransceivers: active.length,
          transceivers: pc.getTransceivers().length,
        };
      });
  });
}

test.describe('repeated network blips', () => {
  test.skip(!availability.ok, availability.ok ? '' : availability.reason);
  let lab: Lab;
  const member = useLab(2, (created) => (lab = created));

  test('three blips in a row with camera and a shared screen: everything comes back each time, nothing piles up', async () => {
    test.setTimeout(240_000);
    const host = await startHostInLab(lab);
    const sharer = await member(0, host, 'Pia');
    const viewer = await member(1, host, 'Quin');
    const roomId = await hostRoom(viewer, true);
    await joinRoom(sharer, roomId, { publish: true });
    await sharer.page.getByTestId('share-screen-button').click();
    await expectVideoPlaying(viewer, 'Pia');
    await expectVideoPlaying(viewer, 'Pia', 'screen');
    await expectVideoPlaying(sharer, 'Quin');
    // Before any outage: camera, mic and screen one way, camera and mic the other.
    await expect
      .poll(() => mediaShape(viewer))
      .toEqual([
        { localMLines: 5, remoteMLines: 5, liveIncomingVideo: 2, activeTransceivers: 5, transceivers: 5 },
      ]);

    for (let blip = 1; blip <= 3; blip++) {
      const before = [...(await trackIdsOf(viewer, 'Pia')), ...(await trackIdsOf(viewer, 'Pia', 'screen'))];
      const beforeOnSharer = await trackIdsOf(sharer, 'Quin');

      await onlyTcpToHost(lab, lab.members[0]!, host);
      await expect(participantEntry(viewer, 'Pia')).toHaveAttribute('data-status', 'reconnecting');
      await expect(participantEntry(sharer, 'Quin')).toHaveAttribute('data-status', 'reconnecting');
      await lab.unblock(lab.members[0]!);

      await expect(participantEntry(viewer, 'Pia'), `blip ${blip}`).toHaveAttribute(
        'data-status',
        'publishing, sharing screen',
        { timeout: 30_000 },
      );
      await expect(participantEntry(sharer, 'Quin'), `blip ${blip}`).toHaveAttribute(
        'data-status',
        'publishing',
      );
      await expectVideoPlaying(viewer, 'Pia');
      await expectVideoPlaying(viewer, 'Pia', 'screen');
      await expectVideoPlaying(sharer, 'Quin');
      // One tile per kind, each showing one video track.
      await expect(tileOf(viewer, 'Pia')).toHaveCount(1);
      await expect(tileOf(viewer, 'Pia', 'screen')).toHaveCount(1);
      for (const kind of ['camera', 'screen'] as const) {
        const tracks = await tileOf(viewer, 'Pia', kind)
          .locator('video')
          .evaluate((element: HTMLVideoElement) =>
            (element.srcObject as MediaStream).getVideoTracks().map((track) => track.readyState),
          );
        expect(tracks, `blip ${blip}, ${kind} tile`).toEqual(['live']);
      }
      // The tracks of before the outage ended on both sides.
      await expect.poll(() => liveRemoteTracks(viewer, before), { message: `blip ${blip}` }).toEqual([]);
      await expect
        .poll(() => liveRemoteTracks(sharer, beforeOnSharer), { message: `blip ${blip}` })
        .toEqual([]);
      // One recovery leaves the old m-lines beside the new ones (8 for 5 tracks
      // in Chromium 156: the recovery's second offer already reuses some);
      // later offers reuse stopped m-lines, so the count never passes twice the tracks.
      for (const [side, incomingVideo] of [
        [viewer, 2],
        [sharer, 1],
      ] as const) {
        const shape = await mediaShape(side);
        console.log(`${side.name} after blip ${blip}: ${JSON.stringify(shape)}`);
        expect(shape).toHaveLength(1);
        const [{ localMLines, remoteMLines, liveIncomingVideo, activeTransceivers, transceivers }] =
          shape as [MediaShape];
        const where = `${side.name}, blip ${blip}`;
        expect(liveIncomingVideo, where).toBe(incomingVideo);
        expect(activeTransceivers, where).toBe(5);
        expect(transceivers, where).toBe(5);
        expect(localMLines, where).toBeLessThanOrEqual(2 * activeTransceivers);
        expect(remoteMLines, where).toBeLessThanOrEqual(2 * activeTransceivers);
      }
    }
  });

  test('blips that catch a renegotiation in flight: screen started, camera stopped, camera back, screen started on the other side, a mute', async () => {
    test.setTimeout(240_000);
    const host = await startHostInLab(lab);
    const sharer = await member(0, host, 'Rae');
    const viewer = await member(1, host, 'Sol');
    const roomId = await hostRoom(viewer, true);
    await joinRoom(sharer, roomId, { publish: true });
    await expectVideoPlaying(viewer, 'Rae');
    await expectVideoPlaying(sharer, 'Sol');

    /**
     * Cuts the sharer off, then does `action` (on either side) at once: the
     * offer and media-state message it causes go out on a link that is dead
     * but not yet noticed as such, and are lost. Then the link comes back.
     */
    const blipDuring = async (
      action: () => Promise<void>,
      status: string,
      otherStatus = 'publishing',
    ): Promise<void> => {
      await onlyTcpToHost(lab, lab.members[0]!, host);
      await action();
      await expect(participantEntry(viewer, 'Rae')).toHaveAttribute('data-status', 'reconnecting');
      await lab.unblock(lab.members[0]!);
      await expect(participantEntry(viewer, 'Rae')).toHaveAttribute('data-status', status, {
        timeout: 30_000,
      });
      await expect(participantEntry(sharer, 'Sol')).toHaveAttribute('data-status', otherStatus);
      await expectVideoPlaying(sharer, 'Sol');
    };
    const expectShape = async (side: Member, incomingVideo: number, active: number): Promise<void> => {
      await expect
        .poll(async () =>
          (await mediaShape(side)).map((entry) => [
            entry.liveIncomingVideo,
            entry.activeTransceivers,
            entry.transceivers,
          ]),
        )
        .toEqual([[incomingVideo, active, active]]);
      const shape = await mediaShape(side);
      console.log(`${side.name}: ${JSON.stringify(shape)}`);
      // Never more than twice the most tracks the link carried at once (5).
      for (const entry of shape) {
        expect(entry.localMLines).toBeLessThanOrEqual(2 * 5);
        expect(entry.remoteMLines).toBeLessThanOrEqual(2 * 5);
      }
    };

    // 1. The screen share starts as the link dies.
    const cameraBefore = await trackIdsOf(viewer, 'Rae');
    await blipDuring(
      () => sharer.page.getByTestId('share-screen-button').click(),
      'publishing, sharing screen',
    );
    await expectVideoPlaying(viewer, 'Rae');
    await expectVideoPlaying(viewer, 'Rae', 'screen');
    await expect.poll(() => liveRemoteTracks(viewer, cameraBefore)).toEqual([]);
    await expectShape(viewer, 2, 5);
    await expectShape(sharer, 1, 5);

    // 2. The camera and mic stop as the link dies: the screen goes on alone.
    const camera = await trackIdsOf(viewer, 'Rae');
    const screen = await trackIdsOf(viewer, 'Rae', 'screen');
    await blipDuring(() => sharer.page.getByTestId('unpublish-button').click(), 'connected, sharing screen');
    await expect(tileOf(viewer, 'Rae')).toHaveCount(0);
    await expectVideoPlaying(viewer, 'Rae', 'screen');
    await expect.poll(() => liveRemoteTracks(viewer, [...camera, ...screen])).toEqual([]);
    await expectShape(viewer, 1, 3);
    await expectShape(sharer, 1, 3);

    // 3. The screen stops and the camera starts again as the link dies.
    const screenBefore = await trackIdsOf(viewer, 'Rae', 'screen');
    await blipDuring(async () => {
      await sharer.page.getByTestId('stop-sharing-button').click();
      await sharer.page.getByTestId('publish-button').click();
    }, 'publishing');
    await expect(tileOf(viewer, 'Rae', 'screen')).toHaveCount(0);
    await expectVideoPlaying(viewer, 'Rae');
    await expect.poll(() => liveRemoteTracks(viewer, screenBefore)).toEqual([]);
    await expectShape(viewer, 1, 4);
    await expectShape(sharer, 1, 4);

    // 4. The other side starts sharing as the link dies: it is the impolite
    // side, which sends its lost offer again rather than retracting it.
    await blipDuring(
      () => viewer.page.getByTestId('share-screen-button').click(),
      'publishing',
      'publishing, sharing screen',
    );
    await expectVideoPlaying(sharer, 'Sol', 'screen');
    await expectVideoPlaying(viewer, 'Rae');
    await expectShape(viewer, 1, 5);
    await expectShape(sharer, 2, 5);

    // 5. A mute as the link dies (no renegotiation, but its media-state message is lost).
    await blipDuring(
      () => sharer.page.getByTestId('mute-audio').click(),
      'publishing, muted',
      'publishing, sharing screen',
    );
    await expectVideoPlaying(viewer, 'Rae');
    await expectShape(viewer, 1, 5);
  });
});
