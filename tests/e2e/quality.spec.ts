/**
 * Quality presets applied for real: each sender's bitrate cap is the preset's
 * upload budget shared out over the member's links, re-shared as people join
 * and leave, and changed when the member picks another preset.
 */
import { expect, test, type Browser } from '@playwright/test';
import { perLinkVideoBitrate, qualityPresets } from '../../renderer/engine/media/quality.js';
import { useHuddleHost, useMembers } from './support/fixtures.js';
import { expectVideoPlaying, hostRoom, joinRoom, openMember, type Member } from './support/members.js';

const host = useHuddleHost();
const members = useMembers('all');

/** The video sending caps on every connection of a member's page that sends video. */
async function videoCaps(
  member: Member,
): Promise<Array<{ maxBitrate: number | null; preference: string | null }>> {
  return member.page.evaluate(() =>
    (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections
      .filter((pc) => pc.signalingState !== 'closed')
      .flatMap((pc) => pc.getSenders())
      .filter((sender) => sender.track?.kind === 'video')
      .map((sender) => {
        const parameters = sender.getParameters();
        return {
          maxBitrate: parameters.encodings?.[0]?.maxBitrate ?? null,
          preference: (parameters as { degradationPreference?: string }).degradationPreference ?? null,
        };
      }),
  );
}

test('bitrate caps follow the preset and the number of peers', async ({ browser }: { browser: Browser }) => {
  const a = await openMember(browser, host().url, 'Ada');
  const b = await openMember(browser, host().url, 'Bea');
  const c = await openMember(browser, host().url, 'Cal');
  members.push(a, b, c);
  const roomId = await hostRoom(a, true);
  await joinRoom(b, roomId);
  await expectVideoPlaying(b, 'Ada');
  const balanced = qualityPresets.balanced;
  await expect
    .poll(() => videoCaps(a))
    .toEqual([{ maxBitrate: perLinkVideoBitrate(balanced, 1), preference: 'balanced' }]);

  await joinRoom(c, roomId);
  await expectVideoPlaying(c, 'Ada');
  const shared = { maxBitrate: perLinkVideoBitrate(balanced, 2), preference: 'balanced' };
  await expect.poll(() => videoCaps(a)).toEqual([shared, shared]);

  await a.page.getByTestId('quality-select').selectOption('low-latency');
  const low = {
    maxBitrate: perLinkVideoBitrate(qualityPresets['low-latency'], 2),
    preference: 'maintain-framerate',
  };
  await expect.poll(() => videoCaps(a)).toEqual([low, low]);
  await expectVideoPlaying(b, 'Ada');

  await c.page.getByTestId('leave-button').click();
  const alone = {
    maxBitrate: perLinkVideoBitrate(qualityPresets['low-latency'], 1),
    preference: 'maintain-framerate',
  };
  await expect.poll(() => videoCaps(a)).toEqual([alone]);
});

/** Audio packets a member's page sent per second over `ms`, over all its connections. */
async function audioPacketsPerSecond(member: Member, ms: number): Promise<number> {
  return member.page.evaluate(async (windowMs) => {
    const connections = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const sent = async (): Promise<number> => {
      let total = 0;
      for (const pc of connections.filter((candidate) => candidate.signalingState !== 'closed')) {
        (await pc.getStats()).forEach((report: { type: string; kind?: string; packetsSent?: number }) => {
          if (report.type === 'outbound-rtp' && report.kind === 'audio') total += report.packetsSent ?? 0;
        });
      }
      return total;
    };
    const before = await sent();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    return ((await sent()) - before) / (windowMs / 1000);
  }, ms);
}

test('Opus is asked for in-band FEC and DTX: a muted member sends almost no audio', async ({ browser }) => {
  const a = await openMember(browser, host().url, 'Dee');
  const b = await openMember(browser, host().url, 'Eve');
  members.push(a, b);
  const roomId = await hostRoom(a, true);
  await joinRoom(b, roomId);
  await expectVideoPlaying(b, 'Dee');

  // What Eve sent Dee is what Dee's encoder follows.
  const remoteOpusFmtp = await a.page.evaluate(() =>
    (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections
      .filter((pc) => pc.signalingState !== 'closed')
      .map((pc) => {
        const sdp = pc.remoteDescription?.sdp ?? '';
        const opus = /a=rtpmap:(\d+) opus\/48000/u.exec(sdp)?.[1];
        return opus ? (new RegExp(`a=fmtp:${opus} (.*)`, 'u').exec(sdp)?.[1] ?? '').split(';').sort() : null;
      })
      // PeerJS's own connections carry only a data channel.
      .filter((fmtp) => fmtp !== null),
  );
  expect(remoteOpusFmtp).toEqual([expect.arrayContaining(['usedtx=1', 'useinbandfec=1'])]);

  // A muted mic sends silence; with DTX that is a packet every 400 ms instead of every 20 ms.
  await a.page.getByTestId('mute-audio').click();
  await expect.poll(() => audioPacketsPerSecond(a, 2000), { timeout: 20_000 }).toBeLessThan(10);
});
