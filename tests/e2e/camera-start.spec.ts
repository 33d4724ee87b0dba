/**
 * A camera negotiated after its connection is up (the joiner's: its offer
 * yields on glare and goes in a second round) starts encoding on the
 * bandwidth estimator's initial guess, and Chrome cuts its first frames down
 * for it. That cut must not outlive the start: once both directions of a link
 * have some frames out, each sends the picture asked of it (the capture,
 * scaled to the tile the other side shows), unlimited by bandwidth the link
 * has to spare, on the preset's degradation preference.
 *
 * The encoder's quality scaler needs 60 frames or more per step to climb back
 * by itself, and the cut is two steps or more, so within its first 90 frames a
 * camera never sends the whole picture unless the cut was cleared; this counts
 * frames, not time.
 *
 * The test looks for that whole picture at any point in those 90 frames, not
 * at the 90th alone: on a loaded machine the bandwidth estimate can dip for a
 * moment later on (queued packets look like congestion), the encoder cuts for
 * it, rightly, and climbs back at the scaler's pace. That later cut says
 * nothing about the start-up one.
 */
import { expect, test, type Browser } from '@playwright/test';
import {
  perLinkVideoBitrate,
  qualityPresets,
  type QualityPresetName,
} from '../../renderer/engine/media/quality.js';
import { BITS_PER_PIXEL, MIN_CAMERA_BPS } from '../../renderer/engine/media/send-encoding.js';
import { useHuddleHost, useMembers } from './support/fixtures.js';
import { expectVideoPlaying, hostRoom, joinRoom, openMember, type Member } from './support/members.js';

const host = useHuddleHost();
const members = useMembers('each');

/** Frames a camera has encoded when the test looks at what it sends. */
const FRAMES_SETTLED = 90;

interface CameraSending {
  framesEncoded: number;
  frameSize: string;
  captureSize: string;
  /** What the sender is asked to scale the capture down by, for the tile the other side shows. */
  scale: number;
  limitation: string;
  /** The connection's estimate of what it can send, bit/s. */
  availableOutgoingBitrate: number;
  maxBitrate: number | null;
  degradationPreference: string | null;
}

/** What the member's camera sender on its one media connection is doing now; null before it has one. */
async function cameraSending(member: Member): Promise<CameraSending | null> {
  return member.page.evaluate(async () => {
    const connections = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    for (const pc of connections.filter((candidate) => candidate.signalingState !== 'closed')) {
      const sender = pc.getSenders().find((candidate) => candidate.track?.kind === 'video');
      if (!sender?.track) continue;
      const stats = new Map<string, Record<string, unknown>>();
      (await pc.getStats()).forEach((value: Record<string, unknown>, key: string) => stats.set(key, value));
      const all = [...stats.values()];
      const outbound = all.find((stat) => stat.type === 'outbound-rtp' && stat.kind === 'video');
      const transport = all.find((stat) => stat.type === 'transport');
      const pair = stats.get(String(transport?.selectedCandidatePairId));
      if (!outbound || typeof outbound.framesEncoded !== 'number') return null;
      const settings = sender.track.getSettings();
      const parameters = sender.getParameters();
      return {
        framesEncoded: outbound.framesEncoded,
        frameSize: `${String(outbound.frameWidth)}x${String(outbound.frameHeight)}`,
        captureSize: `${settings.width}x${settings.height}`,
        scale: parameters.encodings?.[0]?.scaleResolutionDownBy ?? 1,
        limitation: String(outbound.qualityLimitationReason),
        availableOutgoingBitrate: Number(pair?.availableOutgoingBitrate ?? 0),
        maxBitrate: parameters.encodings?.[0]?.maxBitrate ?? null,
        degradationPreference:
          (parameters as { degradationPreference?: string }).degradationPreference ?? null,
      };
    }
    return null;
  });
}

interface CameraStart {
  /** The camera once it has encoded FRAMES_SETTLED frames. */
  settled: CameraSending;
  /** The first look, on the preset's preference, at a camera not cut for bandwidth; undefined if none came. */
  uncut: CameraSending | undefined;
  /** Every look, for the failure message. */
  looks: CameraSending[];
}

/** Watches the member's camera through its first FRAMES_SETTLED frames. */
async function watchCameraStart(member: Member, preference: string): Promise<CameraStart> {
  const looks: CameraSending[] = [];
  await expect
    .poll(
      async () => {
        const look = await cameraSending(member);
        if (look) looks.push(look);
        return look?.framesEncoded ?? 0;
      },
      { timeout: 60_000, intervals: [200] },
    )
    .toBeGreaterThanOrEqual(FRAMES_SETTLED);
  const uncut = looks.find(
    (look) => look.degradationPreference === preference && look.limitation !== 'bandwidth',
  );
  return { settled: looks.at(-1)!, uncut, looks };
}

/** One look in a line: frames, size sent, limitation, estimate in kbit/s, preference. */
const brief = (look: CameraSending): string =>
  `${look.framesEncoded}f ${look.frameSize} ${look.limitation} ${Math.round(look.availableOutgoingBitrate / 1000)}k ${look.degradationPreference}`;

/** Opens a member whose stored settings pick `preset`, as a user who chose it before would be. */
async function openMemberOn(browser: Browser, name: string, preset: QualityPresetName): Promise<Member> {
  const member = await openMember(browser, host().url, name);
  await member.page.evaluate(
    (quality) => localStorage.setItem('huddle.settings', JSON.stringify({ version: 1, quality, name: '' })),
    preset,
  );
  await member.page.reload();
  await member.page.getByTestId('name-input').fill(name);
  return member;
}

// High quality is left out: its per-link cap (2.5 Mbit/s) is about what loopback estimates, so
// "short of bandwidth" could be true there; its preference, maintain-resolution, never cuts the picture anyway.
for (const preset of ['balanced', 'low-latency'] as const) {
  test(`${preset}: both directions of a new link send the camera picture asked of them once started`, async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const a = await openMemberOn(browser, 'Ada', preset);
    const b = await openMemberOn(browser, 'Bea', preset);
    members.push(a, b);
    const roomId = await hostRoom(a, true);
    await joinRoom(b, roomId, { publish: true });
    await expectVideoPlaying(a, 'Bea');
    await expectVideoPlaying(b, 'Ada');

    const cap = perLinkVideoBitrate(qualityPresets[preset], 1);
    const { width, height, frameRate } = qualityPresets[preset].capture;
    for (const member of [b, a]) {
      const preference = qualityPresets[preset].degradationPreference;
      const { settled, uncut, looks } = await watchCameraStart(member, preference);
      const seen = `${member.name}'s camera: ${JSON.stringify(settled)}; looks: ${looks.map(brief).join(', ')}`;
      // Two tiles side by side on a 1280x800 page show 640x360: a 960x540 capture goes at scale 1.5.
      const sent = { width: Math.round(width / settled.scale), height: Math.round(height / settled.scale) };
      const fitting = Math.round(sent.width * sent.height * frameRate * BITS_PER_PIXEL);
      expect(settled.maxBitrate, seen).toBe(
        settled.scale === 1 ? cap : Math.min(cap, Math.max(MIN_CAMERA_BPS, fitting)),
      );
      expect(settled.degradationPreference, seen).toBe(preference);
      // Once the preset's preference is on, the start-up cut is gone: some look shows the camera uncut.
      expect(uncut, seen).toBeDefined();
      // A busy machine may still make the encoder save CPU; that cut is real and says so.
      if (uncut?.limitation === 'none') {
        const asked = { width: Math.round(width / uncut.scale), height: Math.round(height / uncut.scale) };
        expect(uncut.captureSize, seen).toBe(`${width}x${height}`);
        expect(uncut.frameSize, seen).toBe(`${asked.width}x${asked.height}`);
      }
    }
  });
}
