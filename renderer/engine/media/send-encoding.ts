/**
 * "Send what is shown": what one link's video encoder is set to, from what
 * the receiver says it shows (display-size.ts), the quality preset, and the
 * link's share of the upload budget (quality.ts). A pure function, so the
 * rules are tested without a browser; media/sender-tuning.ts applies them.
 *
 * The rules:
 * - Nothing said (a receiver of an earlier build, or no report yet): the
 *   preset's full size, frame rate and budget share, as before.
 * - Not shown: the encoding is paused (`active: false`); nothing is encoded
 *   or sent for that link until the receiver shows it again.
 * - A camera shown smaller than captured is scaled down by the largest of
 *   a few steps (SCALE_STEPS: 1.5, 2, 3, 4, 6, 8) that still covers the
 *   shown size (never up: the preset's capture is the most a link gets); a
 *   thumbnail gets a lower frame rate too, and a scaled camera a bitrate cap
 *   that fits its pixels, never above the link's budget share: the minimum
 *   of the two. Few steps, because every change of scale costs the link a
 *   key frame and the encoder a restart; these ones, because a report is
 *   already rounded to 16:9 heights that go up by 1.5x or 2x (90, 180, 360,
 *   540, ...): from the presets' 360, 540 and 720 captures, each reported
 *   size below the capture is then met exactly or by the next step above.
 *   A 2x2 grid on a 1280x800 page (tiles about 620x350, reported 640x360)
 *   gets 640x360 of a 960x540 capture, not the whole picture, which costs
 *   its sender 2.25 times the pixels to encode.
 * - A shared screen keeps its resolution whatever the size (text must stay
 *   legible when the receiver zooms or enlarges it); shown as a thumbnail,
 *   its frame rate gives instead.
 */
import { isShown, type DisplaySize, type StreamKind } from './display-size.js';

export interface EncodingInput {
  stream: StreamKind;
  /** What the receiver shows, stepped; null when it has not said. */
  wanted: DisplaySize | null;
  /** The sent track's own size, or null when unknown (no scaling then). */
  source: DisplaySize | null;
  /** The link's share of the upload budget for this stream, already within the preset's bounds. */
  budgetBps: number;
  /** The most frames a second the preset sends this stream at. */
  frameRate: number;
}

export interface EncodingChoice {
  active: boolean;
  /** At least 1: the encoder never sends more pixels than captured. */
  scaleResolutionDownBy: number;
  maxFramerate: number;
  maxBitrate: number;
}

/** A camera shown at most this tall is a thumbnail: motion there is not worth full frame rate. */
export const THUMBNAIL_HEIGHT = 180;
export const THUMBNAIL_FRAME_RATE = 15;
/** A screen shown as a thumbnail cannot be read closely; a slide change per 200 ms is enough. */
export const SMALL_SCREEN_FRAME_RATE = 5;
/**
 * The scales a camera may be sent at: 1 and the 1.5x and 2x steps after it,
 * up to 8 (a 1080p capture to 135p). From a 960x540 capture: 640x360,
 * 480x270, 320x180, 240x135, 160x90, 120x68.
 */
export const SCALE_STEPS: readonly number[] = [1, 1.5, 2, 3, 4, 6, 8];
/** The most a camera is scaled down. */
export const MAX_SCALE_DOWN = SCALE_STEPS[SCALE_STEPS.length - 1]!;
/**
 * Bits a camera pixel needs per frame for a clean picture (VP8/H.264 at
 * conference motion): 960x540 at 30 fps comes to 1.5 Mbit/s, so at the
 * presets' sizes the budget share is what binds, and a thumbnail stops
 * asking for bits it cannot show.
 */
export const BITS_PER_PIXEL = 0.1;
/** Below this a camera picture of any size falls apart. */
export const MIN_CAMERA_BPS = 80_000;

const full = (input: EncodingInput): EncodingChoice => ({
  active: true,
  scaleResolutionDownBy: 1,
  maxFramerate: input.frameRate,
  maxBitrate: input.budgetBps,
});

/**
 * How much to scale `source` down so that it still covers `wanted` (a tile
 * crops to fill): the largest of SCALE_STEPS that does, 1 if none.
 */
export function coverScale(source: DisplaySize, wanted: DisplaySize): number {
  const exact = Math.min(source.width / wanted.width, source.height / wanted.height);
  return SCALE_STEPS.reduce((best, step) => (step <= exact ? step : best), 1);
}

export function encodingFor(input: EncodingInput): EncodingChoice {
  const { wanted } = input;
  if (wanted === null) return full(input);
  if (!isShown(wanted)) return { ...full(input), active: false };
  if (input.stream === 'screen') {
    return wanted.height <= THUMBNAIL_HEIGHT
      ? { ...full(input), maxFramerate: Math.min(input.frameRate, SMALL_SCREEN_FRAME_RATE) }
      : full(input);
  }
  const scale = input.source ? coverScale(input.source, wanted) : 1;
  const sent = input.source
    ? { width: input.source.width / scale, height: input.source.height / scale }
    : wanted;
  const maxFramerate =
    wanted.height <= THUMBNAIL_HEIGHT ? Math.min(input.frameRate, THUMBNAIL_FRAME_RATE) : input.frameRate;
  // The whole picture gets the whole share, as before; a scaled one what its pixels need.
  const fitting = Math.round(sent.width * sent.height * maxFramerate * BITS_PER_PIXEL);
  const maxBitrate =
    scale === 1 && input.source
      ? input.budgetBps
      : Math.min(input.budgetBps, Math.max(MIN_CAMERA_BPS, fitting));
  return { active: true, scaleResolutionDownBy: scale, maxFramerate, maxBitrate };
}
