/**
 * Quality presets: the latency-versus-quality trade the Flash original tuned
 * by hand (multicastWindowDuration, camera and mic bitrates), as three named
 * choices. In a mesh every member uploads one copy of its video per peer, so
 * a preset's upload budget is shared out over the member's links, and shared
 * out again as people join and leave. Applied with
 * RTCRtpSender.setParameters, never by editing SDP.
 */
import type { QualityPresetName } from './quality-names.js';

export { isQualityPresetName, type QualityPresetName } from './quality-names.js';

export interface QualityPreset {
  name: QualityPresetName;
  label: string;
  capture: { width: number; height: number; frameRate: number };
  /** Video upload budget over all links together, bits per second. */
  videoUploadBps: number;
  /** No link gets less (below this video is not worth sending) or more than these. */
  minPerLinkBps: number;
  maxPerLinkBps: number;
  /** What the encoder gives up first when bandwidth or CPU runs short. */
  degradationPreference: RTCDegradationPreference;
  /** Receiver jitter buffer target (RTCRtpReceiver.jitterBufferTarget); null leaves the browser's default. */
  jitterBufferTargetMs: number | null;
  audioMaxBps: number;
  /**
   * A shared screen has its own budget besides the camera's: text needs
   * bits, at a lower frame rate. Shared out over links the same way.
   */
  screen: { uploadBps: number; minPerLinkBps: number; maxPerLinkBps: number };
}

export const qualityPresets: Record<QualityPresetName, QualityPreset> = {
  'low-latency': {
    name: 'low-latency',
    label: 'Low latency',
    capture: { width: 640, height: 360, frameRate: 30 },
    videoUploadBps: 1_500_000,
    minPerLinkBps: 150_000,
    maxPerLinkBps: 600_000,
    degradationPreference: 'maintain-framerate',
    jitterBufferTargetMs: 0,
    audioMaxBps: 32_000,
    screen: { uploadBps: 1_500_000, minPerLinkBps: 250_000, maxPerLinkBps: 800_000 },
  },
  balanced: {
    name: 'balanced',
    label: 'Balanced',
    capture: { width: 960, height: 540, frameRate: 30 },
    videoUploadBps: 2_500_000,
    minPerLinkBps: 200_000,
    maxPerLinkBps: 1_200_000,
    degradationPreference: 'balanced',
    jitterBufferTargetMs: null,
    audioMaxBps: 40_000,
    screen: { uploadBps: 3_000_000, minPerLinkBps: 300_000, maxPerLinkBps: 1_500_000 },
  },
  'high-quality': {
    name: 'high-quality',
    label: 'High quality',
    capture: { width: 1280, height: 720, frameRate: 30 },
    videoUploadBps: 4_000_000,
    minPerLinkBps: 300_000,
    maxPerLinkBps: 2_500_000,
    degradationPreference: 'maintain-resolution',
    jitterBufferTargetMs: 150,
    audioMaxBps: 64_000,
    screen: { uploadBps: 5_000_000, minPerLinkBps: 500_000, maxPerLinkBps: 2_500_000 },
  },
};

/** Each link's share of the video upload budget with `links` peers, within the preset's bounds. */
export function perLinkVideoBitrate(preset: QualityPreset, links: number): number {
  const share = Math.floor(preset.videoUploadBps / Math.max(1, links));
  return Math.min(preset.maxPerLinkBps, Math.max(preset.minPerLinkBps, share));
}

/** Each link's share of the screen-sharing upload budget with `links` peers, within the preset's bounds. */
export function perLinkScreenBitrate(preset: QualityPreset, links: number): number {
  const { uploadBps, minPerLinkBps, maxPerLinkBps } = preset.screen;
  const share = Math.floor(uploadBps / Math.max(1, links));
  return Math.min(maxPerLinkBps, Math.max(minPerLinkBps, share));
}

/** What one link's senders are set to. */
export interface SendQuality {
  videoMaxBitrate: number;
  audioMaxBitrate: number;
  degradationPreference: RTCDegradationPreference;
  /** The shared screen's cap; its degradation preference is always maintain-resolution (text stays legible). */
  screenMaxBitrate: number;
  /** The most frames a second a link gets of the camera (the preset's capture rate) and of a screen. */
  cameraFrameRate: number;
  screenFrameRate: number;
}

/** The most a screen capture asks for (screen-capture.ts): a link never gets a screen faster. */
export const SCREEN_MAX_FRAME_RATE = 30;

export function sendQualityFor(preset: QualityPreset, links: number): SendQuality {
  return {
    videoMaxBitrate: perLinkVideoBitrate(preset, links),
    audioMaxBitrate: preset.audioMaxBps,
    degradationPreference: preset.degradationPreference,
    screenMaxBitrate: perLinkScreenBitrate(preset, links),
    cameraFrameRate: preset.capture.frameRate,
    screenFrameRate: SCREEN_MAX_FRAME_RATE,
  };
}
