/**
 * Speaker view, as plain data: which tile is large, the order of the small
 * ones in the strip below it, and how big each is. No Vue and no engine here,
 * so the rules can be tested on their own:
 * - a pinned tile is large, whoever speaks;
 * - otherwise a shared screen, since a screen is shared to be read;
 * - otherwise whoever else is speaking; our own voice never takes the large
 *   tile from others (we know what we look like), and the last speaker stays
 *   large through the silences, so the view does not jump back and forth;
 * - otherwise the first member who is not us, and us only when alone.
 */

export interface LayoutTile {
  /** Unique among the tiles: the member's peer id, with ':screen' for a shared screen. */
  key: string;
  peerId: string;
  screen: boolean;
  isLocal: boolean;
}

export interface SpeakerChoice {
  /** Key of the tile the user pinned; null when following the speaker. */
  pinned: string | null;
  /** Peer id of the active speaker, as the engine reports it; null when nobody speaks. */
  speaker: string | null;
  /** Key of the tile that was large until now. */
  previous: string | null;
}

export type LargeReason = 'pinned' | 'screen' | 'speaker' | 'previous' | 'first' | 'none';

export interface SpeakerArrangement<T extends LayoutTile> {
  large: T | null;
  /** Every other tile, in the order given (screens first, then members by arrival). */
  strip: T[];
  reason: LargeReason;
}

function pickLarge<T extends LayoutTile>(
  tiles: readonly T[],
  choice: SpeakerChoice,
): { large: T | null; reason: LargeReason } {
  const byKey = (key: string | null): T | undefined =>
    key === null ? undefined : tiles.find((tile) => tile.key === key);
  const pinned = byKey(choice.pinned);
  if (pinned) return { large: pinned, reason: 'pinned' };
  const screen = tiles.find((tile) => tile.screen);
  if (screen) return { large: screen, reason: 'screen' };
  const speaker = tiles.find((tile) => !tile.screen && !tile.isLocal && tile.peerId === choice.speaker);
  if (speaker) return { large: speaker, reason: 'speaker' };
  // Our own tile was large only while we were alone: the first member in takes it.
  const previous = byKey(choice.previous);
  if (previous && !previous.isLocal) return { large: previous, reason: 'previous' };
  const first = tiles.find((tile) => !tile.isLocal) ?? tiles[0];
  return first ? { large: first, reason: 'first' } : { large: null, reason: 'none' };
}

export function arrangeSpeakerView<T extends LayoutTile>(
  tiles: readonly T[],
  choice: SpeakerChoice,
): SpeakerArrangement<T> {
  const { large, reason } = pickLarge(tiles, choice);
  return { large, strip: tiles.filter((tile) => tile !== large), reason };
}

export interface TileSize {
  width: number;
  height: number;
}

export interface SpeakerSizes {
  large: TileSize;
  strip: TileSize;
}

/** The strip's share of the height, and the bounds of a strip tile's height in pixels. */
const STRIP_SHARE = 0.2;
const STRIP_MIN_HEIGHT = 72;
const STRIP_MAX_HEIGHT = 160;
/** Below this width strip tiles stop shrinking and the strip scrolls instead. */
const STRIP_MIN_WIDTH = 96;

/**
 * Sizes for a container of `width` x `height`: the strip is one row of
 * `stripCount` tiles, shrunk to fit the width; the large tile takes the
 * largest size of the video's aspect ratio that fits above it.
 */
export function speakerSizes(
  stripCount: number,
  width: number,
  height: number,
  aspect = 16 / 9,
  gap = 8,
): SpeakerSizes {
  if (width <= 0 || height <= 0) return { large: { width: 0, height: 0 }, strip: { width: 0, height: 0 } };
  let strip: TileSize = { width: 0, height: 0 };
  if (stripCount > 0) {
    const wanted = Math.min(STRIP_MAX_HEIGHT, Math.max(STRIP_MIN_HEIGHT, height * STRIP_SHARE));
    // The strip is centred between two flexible columns, so it has a gap more than tiles on each side.
    const fitting = (width - gap * (stripCount + 1)) / stripCount;
    const stripWidth = Math.max(STRIP_MIN_WIDTH, Math.min(wanted * aspect, fitting));
    strip = { width: Math.floor(stripWidth), height: Math.floor(stripWidth / aspect) };
  }
  const room = Math.max(0, height - (stripCount > 0 ? strip.height + gap : 0));
  const largeWidth = Math.min(width, room * aspect);
  return { large: { width: Math.floor(largeWidth), height: Math.floor(largeWidth / aspect) }, strip };
}
