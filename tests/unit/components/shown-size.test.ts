import { describe, expect, it } from 'vitest';
import {
  largestSize,
  shownSize,
  TileSizes,
  type Visibility,
} from '../../../renderer/components/shown-size.js';

const view = (overrides: Partial<Visibility> = {}): Visibility => ({
  cssWidth: 320,
  cssHeight: 180,
  devicePixelRatio: 1,
  intersecting: true,
  pageVisible: true,
  ...overrides,
});

describe("a tile's shown size", () => {
  it('is the video element in device pixels', () => {
    expect(shownSize(view())).toEqual({ width: 320, height: 180 });
    expect(shownSize(view({ devicePixelRatio: 2 }))).toEqual({ width: 640, height: 360 });
    expect(shownSize(view({ cssWidth: 100.4, cssHeight: 56.3, devicePixelRatio: 1.5 }))).toEqual({
      width: 151,
      height: 84,
    });
  });

  it('is nothing when the tile is off screen, the page hidden, or the element has no size', () => {
    expect(shownSize(view({ intersecting: false }))).toBeNull();
    expect(shownSize(view({ pageVisible: false }))).toBeNull();
    expect(shownSize(view({ cssWidth: 0 }))).toBeNull();
  });
});

describe("a member's tiles together", () => {
  it('ask for the largest of what they show', () => {
    expect(largestSize([{ width: 320, height: 180 }, null, { width: 200, height: 400 }])).toEqual({
      width: 320,
      height: 400,
    });
    expect(largestSize([null, null])).toBeNull();
  });

  it('ask for less once the large tile goes, and for nothing once all are gone', () => {
    const tiles = new TileSizes();
    expect(tiles.put('ann', 'camera', 1, { width: 1280, height: 720 })).toEqual({ width: 1280, height: 720 });
    expect(tiles.put('ann', 'camera', 2, { width: 320, height: 180 })).toEqual({ width: 1280, height: 720 });
    // Another member's tiles and Ann's screen are counted apart.
    expect(tiles.put('ann', 'screen', 1, null)).toBeNull();
    expect(tiles.put('bob', 'camera', 3, { width: 160, height: 90 })).toEqual({ width: 160, height: 90 });
    expect(tiles.put('ann', 'camera', 1, undefined)).toEqual({ width: 320, height: 180 });
    expect(tiles.put('ann', 'camera', 2, null)).toBeNull();
    expect(tiles.put('ann', 'camera', 2, undefined)).toBeNull();
  });
});
