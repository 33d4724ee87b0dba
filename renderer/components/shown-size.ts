/**
 * The logic of a tile's size report (display-size.ts), apart from the DOM:
 * what size a tile shows, and the largest of a member's tiles.
 */
import type { DisplaySize, StreamKind } from '../engine/media/display-size.js';

export interface Visibility {
  /** The element's content box, CSS pixels. */
  cssWidth: number;
  cssHeight: number;
  devicePixelRatio: number;
  /** Some of the element is within the viewport. */
  intersecting: boolean;
  /** document.visibilityState is 'visible'. */
  pageVisible: boolean;
}

/** The size shown in device pixels, or null when nothing of it can be seen. */
export function shownSize(view: Visibility): DisplaySize | null {
  if (!view.pageVisible || !view.intersecting) return null;
  const ratio = view.devicePixelRatio > 0 ? view.devicePixelRatio : 1;
  const width = Math.round(view.cssWidth * ratio);
  const height = Math.round(view.cssHeight * ratio);
  return width > 0 && height > 0 ? { width, height } : null;
}

/** The largest of several tiles' sizes, dimension by dimension; null when none shows anything. */
export function largestSize(sizes: Iterable<DisplaySize | null>): DisplaySize | null {
  let largest: DisplaySize | null = null;
  for (const size of sizes) {
    if (!size) continue;
    largest = largest
      ? { width: Math.max(largest.width, size.width), height: Math.max(largest.height, size.height) }
      : size;
  }
  return largest;
}

/** Every mounted tile's size, per member and stream, so the member is told the largest. */
export class TileSizes {
  private readonly byStream = new Map<string, Map<number, DisplaySize | null>>();

  /** Sets one tile's size (undefined: the tile is gone); returns the largest of that stream's tiles. */
  put(
    peerId: string,
    stream: StreamKind,
    tile: number,
    size: DisplaySize | null | undefined,
  ): DisplaySize | null {
    const key = `${peerId} ${stream}`;
    const tiles = this.byStream.get(key) ?? new Map<number, DisplaySize | null>();
    if (size === undefined) tiles.delete(tile);
    else tiles.set(tile, size);
    if (tiles.size) this.byStream.set(key, tiles);
    else this.byStream.delete(key);
    return largestSize(tiles.values());
  }
}
