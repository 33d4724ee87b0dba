import { describe, expect, it } from 'vitest';
import {
  isQualityPresetName,
  perLinkScreenBitrate,
  perLinkVideoBitrate,
  qualityPresets,
  sendQualityFor,
} from '../../../renderer/engine/media/quality.js';

describe('quality presets', () => {
  it('trade latency for quality in order', () => {
    const [low, balanced, high] = [
      qualityPresets['low-latency'],
      qualityPresets.balanced,
      qualityPresets['high-quality'],
    ];
    expect(low.capture.height).toBeLessThan(balanced.capture.height);
    expect(balanced.capture.height).toBeLessThan(high.capture.height);
    expect(low.videoUploadBps).toBeLessThan(high.videoUploadBps);
    expect(low.jitterBufferTargetMs).toBe(0);
    expect(low.degradationPreference).toBe('maintain-framerate');
    expect(high.degradationPreference).toBe('maintain-resolution');
  });

  it('are named for the settings file and the UI', () => {
    expect(isQualityPresetName('balanced')).toBe(true);
    expect(isQualityPresetName('ultra')).toBe(false);
    expect(isQualityPresetName(undefined)).toBe(false);
    for (const [name, preset] of Object.entries(qualityPresets)) expect(preset.name).toBe(name);
  });
});

describe('sharing the upload budget over the links', () => {
  const balanced = qualityPresets.balanced;

  it('gives each link an equal share, capped for a lone peer', () => {
    expect(perLinkVideoBitrate(balanced, 1)).toBe(balanced.maxPerLinkBps);
    expect(perLinkVideoBitrate(balanced, 2)).toBe(1_200_000);
    expect(perLinkVideoBitrate(balanced, 3)).toBe(833_333);
    expect(perLinkVideoBitrate(balanced, 5)).toBe(500_000);
  });

  it('never goes below the floor, however many peers', () => {
    expect(perLinkVideoBitrate(balanced, 50)).toBe(balanced.minPerLinkBps);
  });

  it('shrinks as people join and grows back as they leave', () => {
    const shares = [1, 2, 3, 4, 3, 2].map((links) => perLinkVideoBitrate(balanced, links));
    expect(shares[1]).toBeGreaterThan(shares[2]!);
    expect(shares[2]).toBeGreaterThan(shares[3]!);
    expect(shares[4]).toBe(shares[2]);
    expect(shares[5]).toBe(shares[1]);
  });

  it('sets audio and degradation along with video', () => {
    expect(sendQualityFor(qualityPresets['low-latency'], 2)).toEqual({
      videoMaxBitrate: 600_000,
      audioMaxBitrate: 32_000,
      degradationPreference: 'maintain-framerate',
      screenMaxBitrate: 750_000,
      cameraFrameRate: 30,
      screenFrameRate: 30,
    });
  });
});

describe("a shared screen's own budget", () => {
  const balanced = qualityPresets.balanced;

  it('is shared out over the links within its own bounds', () => {
    expect(perLinkScreenBitrate(balanced, 1)).toBe(balanced.screen.maxPerLinkBps);
    expect(perLinkScreenBitrate(balanced, 3)).toBe(1_000_000);
    expect(perLinkScreenBitrate(balanced, 4)).toBe(750_000);
    expect(perLinkScreenBitrate(balanced, 50)).toBe(balanced.screen.minPerLinkBps);
  });

  it('is separate from the camera: a screen does not shrink the camera share', () => {
    for (const preset of Object.values(qualityPresets)) {
      const send = sendQualityFor(preset, 2);
      expect(send.videoMaxBitrate).toBe(perLinkVideoBitrate(preset, 2));
      expect(send.screenMaxBitrate).toBe(perLinkScreenBitrate(preset, 2));
    }
  });

  it('grows with the preset, and never gives a link less than camera video', () => {
    const [low, balanced, high] = [
      qualityPresets['low-latency'],
      qualityPresets.balanced,
      qualityPresets['high-quality'],
    ];
    expect(low.screen.uploadBps).toBeLessThan(balanced.screen.uploadBps);
    expect(balanced.screen.uploadBps).toBeLessThan(high.screen.uploadBps);
    for (const preset of [low, balanced, high]) {
      expect(preset.screen.minPerLinkBps).toBeGreaterThanOrEqual(preset.minPerLinkBps);
      expect(preset.screen.minPerLinkBps).toBeLessThan(preset.screen.maxPerLinkBps);
    }
  });
});
