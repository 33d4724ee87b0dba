/**
 * Screen sharing across a real room: three members on the headless host's
 * PeerJS server. A shared screen reaches everyone as its own tile, beside the
 * sharer's camera, and goes, with its tracks ended, however the share ends.
 *
 * Capture is real: with the fake-device and fake-UI flags this Chromium
 * answers getDisplayMedia with a fake "screen" that paints moving frames,
 * without a picker. Two things a person does in the browser's own UI cannot
 * be done headless, so they are stood in for, and everything after them is
 * real: cancelling the picker (getDisplayMedia is made to reject as Chromium
 * does then), and the browser's "stop sharing" bar (the capture track is
 * stopped and its `ended` event fired, as the browser does).
 */
import { expect, test, type Browser } from '@playwright/test';
import {
  perLinkScreenBitrate,
  perLinkVideoBitrate,
  qualityPresets,
} from '../../renderer/engine/media/quality.js';
import { BITS_PER_PIXEL } from '../../renderer/engine/media/send-encoding.js';
import { useHuddleHost, useMembers } from './support/fixtures.js';
import {
  expectVideoPlaying,
  hostRoom,
  joinRoom,
  liveRemoteTracks,
  openMember,
  participantNames,
  tileOf,
  trackIdsOf,
  waitForState,
  type Member,
} from './support/members.js';

const host = useHuddleHost();
const members = useMembers('all');

/** The video senders on a member's open connections: what they send and how. */
async function videoSenders(
  member: Member,
): Promise<Array<{ hint: string; maxBitrate: number | null; preference: string | null }>> {
  return member.page.evaluate(() =>
    (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections
      .filter((pc) => pc.signalingState !== 'closed')
      .flatMap((pc) => pc.getTransceivers())
      .filter(
        (transceiver) => transceiver.direction !== 'stopped' && transceiver.sender.track?.kind === 'video',
      )
      .map(({ sender }) => {
        const parameters = sender.getParameters();
        return {
          hint: sender.track?.contentHint ?? '',
          maxBitrate: parameters.encodings?.[0]?.maxBitrate ?? null,
          preference: (parameters as { degradationPreference?: string }).degradationPreference ?? null,
        };
      })
      .sort((a, b) => a.hint.localeCompare(b.hint)),
  );
}

/** What a member's page sends on all its connections: tracks of live, unstopped senders. */
async function sentTrackCount(member: Member): Promise<number> {
  return member.page.evaluate(
    () =>
      (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections
        .filter((pc) => pc.signalingState !== 'closed')
        .flatMap((pc) => pc.getTransceivers())
        .filter(
          (transceiver) =>
            transceiver.direction !== 'stopped' && transceiver.sender.track?.readyState === 'live',
        ).length,
  );
}

/** Ends the member's screen capture the way the browser's own "stop sharing" does. */
async function endCaptureFromBrowser(member: Member): Promise<void> {
  await tileOf(member, member.name, 'screen')
    .locator('video')
    .evaluate((element: HTMLVideoElement) => {
      const stream = element.srcObject as MediaStream;
      for (const track of stream.getVideoTracks()) {
        track.stop();
        track.dispatchEvent(new Event('ended'));
      }
    });
}

test.describe.serial('screen sharing', () => {
  let a: Member, b: Member, c: Member;
  let roomId = '';
  const balanced = qualityPresets.balanced;

  test('A with camera, B and C without join; a cancelled picker is told and changes nothing', async ({
    browser,
  }: {
    browser: Browser;
  }) => {
    a = await openMember(browser, host().url, 'Ann');
    b = await openMember(browser, host().url, 'Ben');
    c = await openMember(browser, host().url, 'Cal');
    members.push(a, b, c);
    roomId = await hostRoom(a, true);
    await joinRoom(b, roomId);
    await joinRoom(c, roomId);
    await expectVideoPlaying(b, 'Ann');
    await expectVideoPlaying(c, 'Ann');

    // Chromium rejects this way when the picker is closed or sharing refused.
    await c.page.evaluate(() => {
      navigator.mediaDevices.getDisplayMedia = () =>
        Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    const sentBefore = await sentTrackCount(c);
    await c.page.getByTestId('share-screen-button').click();
    await expect(c.page.getByTestId('room-warning')).toHaveText(
      'Screen sharing was cancelled or not allowed; nothing is being shared.',
    );
    await expect(c.page.getByTestId('share-screen-button')).toBeEnabled();
    await waitForState(c, 'joined');
    expect(await sentTrackCount(c)).toBe(sentBefore);
    for (const viewer of [a, b, c]) await expect(viewer.page.getByTestId('screen-tile')).toHaveCount(0);
    await expect.poll(() => participantNames(a)).toEqual(['Ann', 'Ben', 'Cal']);
    await expectVideoPlaying(c, 'Ann');
  });

  test("A shares: B and C play A's screen as its own tile, beside A's camera", async () => {
    await a.page.getByTestId('share-screen-button').click();
    await expect(a.page.getByTestId('stop-sharing-button')).toBeVisible();
    await expect(tileOf(a, 'Ann', 'screen')).toHaveAttribute('data-local', 'true');
    for (const viewer of [b, c]) {
      await expectVideoPlaying(viewer, 'Ann', 'screen');
      await expectVideoPlaying(viewer, 'Ann');
      await expect(tileOf(viewer, 'Ann', 'screen')).toContainText("Ann's screen");
      await expect(tileOf(viewer, 'Ann', 'screen')).toHaveAttribute('data-local', 'false');
      await expect(viewer.page.getByTestId('tile')).toHaveCount(1);
      await expect(viewer.page.getByTestId('screen-tile')).toHaveCount(1);
      await expect(
        viewer.page.getByTestId('participant').and(viewer.page.locator('[data-name="Ann"]')),
      ).toHaveAttribute('data-status', 'publishing, sharing screen');
      // The screen's tracks are not the camera's.
      const screen = await trackIdsOf(viewer, 'Ann', 'screen');
      const camera = await trackIdsOf(viewer, 'Ann');
      expect(screen).toHaveLength(1);
      expect(camera.filter((id) => screen.includes(id))).toEqual([]);
    }
    // Each link sends the screen sharp, on its own budget, besides the camera. The camera's tile
    // shares its row with the screen's (640x360 on a 1280x800 page): two thirds of the 960x540
    // capture, at the bitrate those pixels need when that is below the link's share.
    const { frameRate } = balanced.capture;
    const camera = {
      hint: '',
      maxBitrate: Math.min(perLinkVideoBitrate(balanced, 2), 640 * 360 * frameRate * BITS_PER_PIXEL),
      preference: 'balanced',
    };
    const screen = {
      hint: 'detail',
      maxBitrate: perLinkScreenBitrate(balanced, 2),
      preference: 'maintain-resolution',
    };
    await expect.poll(() => videoSenders(a)).toEqual([camera, camera, screen, screen]);
  });

  test('A stops sharing: the screen tile goes on B and C, its tracks end, the camera stays', async () => {
    const screenOnB = await trackIdsOf(b, 'Ann', 'screen');
    const screenOnC = await trackIdsOf(c, 'Ann', 'screen');
    await a.page.getByTestId('stop-sharing-button').click();
    for (const viewer of [a, b, c]) await expect(tileOf(viewer, 'Ann', 'screen')).toHaveCount(0);
    await expect(b.page.getByTestId('participant').and(b.page.locator('[data-name="Ann"]'))).toHaveAttribute(
      'data-status',
      'publishing',
    );
    await expect.poll(() => liveRemoteTracks(b, screenOnB)).toEqual([]);
    await expect.poll(() => liveRemoteTracks(c, screenOnC)).toEqual([]);
    await expect(a.page.getByTestId('share-screen-button')).toBeVisible();
    await waitForState(a, 'publishing');
    await expectVideoPlaying(b, 'Ann');
    await expectVideoPlaying(c, 'Ann');
  });

  test('C shares without a camera; the browser ending the capture ends the share everywhere', async () => {
    await c.page.evaluate(() => {
      // Undo the stand-in for a cancelled picker: the real capture again.
      delete (navigator.mediaDevices as { getDisplayMedia?: unknown }).getDisplayMedia;
    });
    await c.page.getByTestId('share-screen-button').click();
    await waitForState(c, 'joined');
    for (const viewer of [a, b]) {
      await expectVideoPlaying(viewer, 'Cal', 'screen');
      await expect(tileOf(viewer, 'Cal')).toHaveCount(0);
    }
    const screenOnA = await trackIdsOf(a, 'Cal', 'screen');
    const screenOnB = await trackIdsOf(b, 'Cal', 'screen');
    await endCaptureFromBrowser(c);
    for (const viewer of [a, b, c]) await expect(tileOf(viewer, 'Cal', 'screen')).toHaveCount(0);
    await expect.poll(() => liveRemoteTracks(a, screenOnA)).toEqual([]);
    await expect.poll(() => liveRemoteTracks(b, screenOnB)).toEqual([]);
    await expect(c.page.getByTestId('share-screen-button')).toBeVisible();
    expect(await sentTrackCount(c)).toBe(0);
  });

  test('a late joiner sees the screen A is already sharing', async ({ browser }: { browser: Browser }) => {
    await a.page.getByTestId('share-screen-button').click();
    await expectVideoPlaying(b, 'Ann', 'screen');
    const d = await openMember(browser, host().url, 'Dee');
    members.push(d);
    await joinRoom(d, roomId);
    await expectVideoPlaying(d, 'Ann', 'screen');
    await expectVideoPlaying(d, 'Ann');
    await expect(d.page.getByTestId('screen-tile')).toHaveCount(1);
    // The new link gets the screen's own cap, shared out over three links now.
    await expect
      .poll(async () => (await videoSenders(a)).filter((sender) => sender.hint === 'detail'))
      .toEqual(
        Array(3).fill({
          hint: 'detail',
          maxBitrate: perLinkScreenBitrate(balanced, 3),
          preference: 'maintain-resolution',
        }),
      );
    await d.page.getByTestId('leave-button').click();
    await expect.poll(() => participantNames(a)).toEqual(['Ann', 'Ben', 'Cal']);
  });

  test('B crashes and comes back under its name: it gets the screen A is sharing again', async ({
    browser,
  }: {
    browser: Browser;
  }) => {
    // A renderer crash: no bye, no pagehide; the page is simply gone.
    const cdp = await b.context.newCDPSession(b.page);
    void cdp.send('Page.crash').catch(() => {});
    const again = await openMember(browser, host().url, 'Ben');
    members.push(again);
    await joinRoom(again, roomId);
    b = again;
    await expectVideoPlaying(b, 'Ann', 'screen');
    await expectVideoPlaying(b, 'Ann');
    await expect(b.page.getByTestId('screen-tile')).toHaveCount(1);
    // Ben keeps his place in the order if A still listed him when he asked
    // to join, and comes after Cal if A's check had found him gone: both are right.
    await expect.poll(async () => (await participantNames(a)).sort()).toEqual(['Ann', 'Ben', 'Cal']);
    // The fresh media connection to B sends the screen as the old one did.
    await expect
      .poll(async () => (await videoSenders(a)).filter((sender) => sender.hint === 'detail'))
      .toEqual(
        Array(2).fill({
          hint: 'detail',
          maxBitrate: perLinkScreenBitrate(balanced, 2),
          preference: 'maintain-resolution',
        }),
      );
  });

  test("A leaves while sharing: A's screen and camera tiles go, and all of A's tracks end", async () => {
    const onB = [...(await trackIdsOf(b, 'Ann', 'screen')), ...(await trackIdsOf(b, 'Ann'))];
    const onC = [...(await trackIdsOf(c, 'Ann', 'screen')), ...(await trackIdsOf(c, 'Ann'))];
    expect(onB).toHaveLength(3);
    await a.page.getByTestId('leave-button').click();
    await waitForState(a, 'left');
    for (const viewer of [b, c]) {
      await expect(tileOf(viewer, 'Ann', 'screen')).toHaveCount(0);
      await expect(tileOf(viewer, 'Ann')).toHaveCount(0);
      await expect.poll(() => participantNames(viewer)).not.toContain('Ann');
    }
    await expect.poll(() => liveRemoteTracks(b, onB)).toEqual([]);
    await expect.poll(() => liveRemoteTracks(c, onC)).toEqual([]);
  });
});
