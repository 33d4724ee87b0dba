/**
 * The size at which a receiver shows one member's camera or screen, as it
 * tells that member (the `display-size` room message), so the member sends
 * that link no more than is shown. Sizes are device pixels, rounded up to a
 * few steps: a tile that grows or shrinks by a few pixels (a window drag, a
 * scroll bar) changes nothing on the wire, and rounding up never makes the
 * sender undershoot what the screen can show.
 */

/** Which of a member's video streams a size is for. */
export type StreamKind = 'camera' | 'screen';

export const STREAM_KINDS: readonly StreamKind[] = ['camera', 'screen'];

/** Width and height in device pixels; 0 by 0 means not shown at all. */
export interface DisplaySize {
  width: number;
  height: number;
}

/** Not shown: off screen, page hidden, or no tile. */
export const HIDDEN: DisplaySize = { width: 0, height: 0 };

/**
 * Heights a report is rounded up to (the usual 16:9 video heights); a taller
 * tile says the top step. 270 sits between 180 and 360 for the tiles of a
 * 3x2 or 3x3 grid (about 410x230 on a 1280x800 page): rounded up to 640x360
 * they were sent 2.2 times the pixels they show, for each of five links.
 */
export const HEIGHT_STEPS: readonly number[] = [90, 180, 270, 360, 540, 720, 1080, 2160];
/** The same for widths: the 16:9 widths of those heights. */
export const WIDTH_STEPS: readonly number[] = [160, 320, 480, 640, 960, 1280, 1920, 3840];

/** The largest width or height a report may carry (checked where it enters). */
export const MAX_DISPLAY_DIMENSION = 8192;

function stepUp(value: number, steps: readonly number[]): number {
  return steps.find((step) => step >= value) ?? steps[steps.length - 1]!;
}

/** Whether a size says the stream is shown (a 0 in either dimension shows nothing). */
export function isShown(size: DisplaySize): boolean {
  return size.width > 0 && size.height > 0;
}

/** What to report for a size as measured (null: not shown): rounded up to the steps, or HIDDEN. */
export function stepDisplaySize(measured: DisplaySize | null): DisplaySize {
  if (!measured || !(measured.width >= 1) || !(measured.height >= 1)) return HIDDEN;
  return { width: stepUp(measured.width, WIDTH_STEPS), height: stepUp(measured.height, HEIGHT_STEPS) };
}

export function sameSize(a: DisplaySize | null, b: DisplaySize | null): boolean {
  return a === b || (a !== null && b !== null && a.width === b.width && a.height === b.height);
}
