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
 * - A camera shown smaller than captured is scaled down to cover the shown
 *   size (never up: the preset's capture is the most a link gets), a
 *   thumbnail at a lower frame rate, and its bitrate cap fits the pixels,
 *   never above the link's budget share: the minimum of the two.
 * - A shared screen keeps its resolution whatever the size (text must stay
 *   legible when the receiver zooms or enlarges it); shown small, its frame
 *   rate gives instead.
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
/** A screen shown at most this tall cannot be read closely; a slide change per 200 ms is enough. */
export const SMALL_SCREEN_HEIGHT = 360;
export const SMALL_SCREEN_FRAME_RATE = 5;
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

/** How much to scale `source` down so that it still covers `wanted` (a tile crops to fill); at least 1. */
export function coverScale(source: DisplaySize, wanted: DisplaySize): number {
  const scale = Math.min(source.width / wanted.width, source.height / wanted.height);
  // Rounded down, to two places: a little larger than needed, never smaller.
  return Math.max(1, Math.floor(scale * 100) / 100);
}

export function encodingFor(input: EncodingInput): EncodingChoice {
  const { wanted } = input;
  if (wanted === null) return full(input);
  if (!isShown(wanted)) return { ...full(input), active: false };
  if (input.stream === 'screen') {
    return wanted.height <= SMALL_SCREEN_HEIGHT
      ? { ...full(input), maxFramerate: Math.min(input.frameRate, SMALL_SCREEN_FRAME_RATE) }
      : full(input);
  }
  const scale = input.source ? coverScale(input.source, wanted) : 1;
  const sent = input.source
    ? { width: input.source.width / scale, height: input.source.height / scale }
    : wanted;
  const maxFramerate =
    wanted.height <= THUMBNAIL_HEIGHT ? Math.min(input.frameRate, THUMBNAIL_FRAME_RATE) : input.frameRate;
  const fitting = Math.round(sent.width * sent.height * maxFramerate * BITS_PER_PIXEL);
  return {
    active: true,
    scaleResolutionDownBy: scale,
    maxFramerate,
    maxBitrate: Math.min(input.budgetBps, Math.max(MIN_CAMERA_BPS, fitting)),
  };
}
