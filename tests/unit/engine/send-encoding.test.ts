import { describe, expect, it } from 'vitest';
import { HIDDEN, stepDisplaySize, type DisplaySize } from '../../../renderer/engine/media/display-size.js';
import { qualityPresets, sendQualityFor } from '../../../renderer/engine/media/quality.js';
import {
  coverScale,
  encodingFor,
  MIN_CAMERA_BPS,
  SCALE_STEPS,
  SMALL_SCREEN_FRAME_RATE,
  THUMBNAIL_FRAME_RATE,
  type EncodingInput,
} from '../../../renderer/engine/media/send-encoding.js';

const balanced = qualityPresets.balanced;
const source: DisplaySize = { width: 960, height: 540 };
/** A balanced camera on one of two links. */
const camera = (wanted: DisplaySize | null, overrides: Partial<EncodingInput> = {}): EncodingInput => {
  const send = sendQualityFor(balanced, 2);
  return {
    stream: 'camera',
    wanted,
    source,
    budgetBps: send.videoMaxBitrate,
    frameRate: send.cameraFrameRate,
    ...overrides,
  };
};
const screen = (wanted: DisplaySize | null): EncodingInput => {
  const send = sendQualityFor(balanced, 2);
  return {
    stream: 'screen',
    wanted,
    source: { width: 1920, height: 1080 },
    budgetBps: send.screenMaxBitrate,
    frameRate: send.screenFrameRate,
  };
};

describe('what a link is sent, from what its receiver shows', () => {
  it('is the full preset when the receiver has said nothing (a member of an earlier build)', () => {
    expect(encodingFor(camera(null))).toEqual({
      active: true,
      scaleResolutionDownBy: 1,
      maxFramerate: balanced.capture.frameRate,
      maxBitrate: 1_200_000,
    });
    expect(encodingFor(screen(null))).toMatchObject({ active: true, scaleResolutionDownBy: 1 });
  });

  it('pauses a camera or a screen the receiver does not show', () => {
    expect(encodingFor(camera(HIDDEN)).active).toBe(false);
    expect(encodingFor(screen(HIDDEN)).active).toBe(false);
    expect(encodingFor(camera({ width: 640, height: 0 })).active).toBe(false);
  });

  it('scales a camera down to cover a smaller tile, with a bitrate cap to fit', () => {
    const small = encodingFor(camera(stepDisplaySize({ width: 300, height: 170 })));
    // 320x180 of a 960x540 capture: a third of it, exactly.
    expect(small).toEqual({
      active: true,
      scaleResolutionDownBy: 3,
      maxFramerate: THUMBNAIL_FRAME_RATE,
      maxBitrate: Math.round(320 * 180 * 15 * 0.1),
    });
    expect(encodingFor(camera({ width: 160, height: 90 }))).toMatchObject({
      scaleResolutionDownBy: 6,
      maxBitrate: MIN_CAMERA_BPS,
    });
    const half = encodingFor(camera({ width: 480, height: 270 }));
    expect(half.scaleResolutionDownBy).toBe(2);
    expect(half.maxFramerate).toBe(30);
    expect(half.maxBitrate).toBe(Math.round(480 * 270 * 30 * 0.1));
  });

  it('sends a grid tile its own size, not the whole picture', () => {
    // Two tiles side by side in a 1280-pixel window (584x328), or a 2x2 grid
    // on a 1280x800 page (about 620x350): reported as 640x360, two thirds of
    // a 960x540 capture, and a bitrate that fits those pixels.
    for (const measured of [
      { width: 584, height: 328 },
      { width: 620, height: 350 },
    ]) {
      expect(encodingFor(camera(stepDisplaySize(measured)))).toEqual({
        active: true,
        scaleResolutionDownBy: 1.5,
        maxFramerate: balanced.capture.frameRate,
        maxBitrate: Math.round(640 * 360 * 30 * 0.1),
      });
    }
    // On a room of four the link's budget share is below what the pixels ask: the share binds.
    const four = sendQualityFor(balanced, 3);
    const grid = encodingFor(
      camera(
        { width: 640, height: 360 },
        { budgetBps: four.videoMaxBitrate, frameRate: four.cameraFrameRate },
      ),
    );
    expect(grid.scaleResolutionDownBy).toBe(1.5);
    expect(grid.maxBitrate).toBe(Math.min(four.videoMaxBitrate, Math.round(640 * 360 * 30 * 0.1)));
  });

  it('sends a tile of a 3x2 grid half the picture each way, not two thirds', () => {
    // Six people on a 1280x800 page: tiles of about 411x231, reported as 480x270.
    expect(encodingFor(camera(stepDisplaySize({ width: 411, height: 231 })))).toEqual({
      active: true,
      scaleResolutionDownBy: 2,
      maxFramerate: balanced.capture.frameRate,
      maxBitrate: Math.round(480 * 270 * 30 * 0.1),
    });
  });

  it('sends the whole picture, on the whole share, to a tile a step below the capture that no scale covers', () => {
    // 1280x720 shown at 960x540: 1.33, between steps, so the picture goes whole.
    const hd = qualityPresets['high-quality'].capture;
    expect(encodingFor(camera({ width: 960, height: 540 }, { source: hd }))).toEqual(
      encodingFor(camera(null, { source: hd })),
    );
  });

  it('covers a tile whose shape is not the camera’s: the side that needs more pixels wins', () => {
    // A tall tile crops the sides: its height decides.
    expect(coverScale(source, { width: 160, height: 270 })).toBe(2);
    // A wide one crops top and bottom: its width decides.
    expect(coverScale(source, { width: 480, height: 90 })).toBe(2);
    // Never fewer pixels than needed, and never past 8.
    expect(coverScale(source, { width: 479, height: 269 })).toBe(2);
    expect(coverScale(source, { width: 481, height: 10 })).toBe(1.5);
    expect(coverScale(source, { width: 641, height: 360 })).toBe(1);
    expect(coverScale({ width: 3840, height: 2160 }, { width: 160, height: 90 })).toBe(8);
  });

  it('meets every reported size below a preset’s capture exactly, or with the next step up', () => {
    const heights = [90, 180, 270, 360, 540, 720, 1080];
    for (const capture of [
      ...Object.values(qualityPresets).map((preset) => preset.capture),
      { width: 1920, height: 1080 },
    ]) {
      for (const height of heights.filter((height) => height <= capture.height)) {
        const wanted = stepDisplaySize({ width: (height * 16) / 9, height });
        const scale = coverScale(capture, wanted);
        expect(SCALE_STEPS).toContain(scale);
        // Covers what is shown...
        expect(capture.width / scale).toBeGreaterThanOrEqual(wanted.width);
        expect(capture.height / scale).toBeGreaterThanOrEqual(wanted.height);
        // ...and the next step down the list would not: no larger than it must be.
        const next = SCALE_STEPS[SCALE_STEPS.indexOf(scale) + 1];
        if (next !== undefined) expect(capture.height / next).toBeLessThan(wanted.height);
        // Where a step is the exact ratio, the size is met exactly.
        if (SCALE_STEPS.includes(capture.height / height)) expect(capture.height / scale).toBe(height);
      }
    }
  });

  it('never sends more than the preset allows, nor more than the budget share, whatever is asked', () => {
    const asks: Array<DisplaySize | null> = [null, HIDDEN];
    for (const width of [1, 160, 320, 640, 960, 1280, 1920, 3840, 8192])
      for (const height of [1, 90, 180, 360, 540, 720, 1080, 2160, 8192]) asks.push({ width, height });
    for (const preset of Object.values(qualityPresets)) {
      for (const links of [1, 2, 5, 15]) {
        const send = sendQualityFor(preset, links);
        for (const wanted of asks) {
          for (const input of [
            camera(wanted, {
              source: preset.capture,
              budgetBps: send.videoMaxBitrate,
              frameRate: send.cameraFrameRate,
            }),
            { ...screen(wanted), budgetBps: send.screenMaxBitrate },
          ]) {
            const choice = encodingFor(input);
            expect(choice.scaleResolutionDownBy).toBeGreaterThanOrEqual(1);
            expect(choice.maxFramerate).toBeLessThanOrEqual(input.frameRate);
            expect(choice.maxBitrate).toBeLessThanOrEqual(input.budgetBps);
            expect(choice.maxBitrate).toBeGreaterThan(0);
          }
        }
      }
    }
  });

  it('gives a camera shown larger than captured the full capture, not more', () => {
    expect(encodingFor(camera({ width: 3840, height: 2160 }))).toEqual(encodingFor(camera(null)));
  });

  it('keeps a shared screen sharp: full resolution however small, only the frame rate gives', () => {
    const thumbnail = encodingFor(screen({ width: 320, height: 180 }));
    expect(thumbnail).toMatchObject({
      active: true,
      scaleResolutionDownBy: 1,
      maxFramerate: SMALL_SCREEN_FRAME_RATE,
    });
    expect(thumbnail.maxBitrate).toBe(sendQualityFor(balanced, 2).screenMaxBitrate);
    expect(encodingFor(screen({ width: 1920, height: 1080 }))).toEqual(encodingFor(screen(null)));
  });

  it('does not scale a camera whose captured size is unknown', () => {
    const choice = encodingFor(camera({ width: 320, height: 180 }, { source: null }));
    expect(choice.scaleResolutionDownBy).toBe(1);
    expect(choice.maxBitrate).toBe(Math.max(MIN_CAMERA_BPS, Math.round(320 * 180 * 15 * 0.1)));
  });
});

describe('the sizes a receiver reports', () => {
  it('are rounded up to steps, so a few pixels change nothing and nothing is undershot', () => {
    expect(stepDisplaySize({ width: 300, height: 170 })).toEqual({ width: 320, height: 180 });
    expect(stepDisplaySize({ width: 321, height: 181 })).toEqual({ width: 480, height: 270 });
    expect(stepDisplaySize({ width: 481, height: 271 })).toEqual({ width: 640, height: 360 });
    expect(stepDisplaySize({ width: 1, height: 1 })).toEqual({ width: 160, height: 90 });
    expect(stepDisplaySize({ width: 9000, height: 5000 })).toEqual({ width: 3840, height: 2160 });
  });

  it('are 0 by 0 when nothing is shown', () => {
    expect(stepDisplaySize(null)).toEqual(HIDDEN);
    expect(stepDisplaySize({ width: 0, height: 300 })).toEqual(HIDDEN);
    expect(stepDisplaySize({ width: Number.NaN, height: 300 })).toEqual(HIDDEN);
  });
});
