import { describe, expect, it } from 'vitest';
import { frameFit, MAX_OVERSIZE } from '../../../renderer/components/frame-fit.js';

describe('frameFit', () => {
  it('draws a frame a little larger than its tile pixel for pixel, centred on whole pixels', () => {
    // A 2x2 grid tile on a 1280x800 page, sent the 640x360 step above it.
    expect(frameFit({ width: 620, height: 350 }, { width: 640, height: 360 }, 1)).toEqual({
      mode: 'pixel',
      left: -10,
      top: -5,
    });
    expect(frameFit({ width: 619.6, height: 349.4 }, { width: 640, height: 360 }, 1)).toEqual({
      mode: 'pixel',
      left: -10,
      top: -5,
    });
    expect(frameFit({ width: 640, height: 360 }, { width: 640, height: 360 }, 1)).toEqual({
      mode: 'pixel',
      left: 0,
      top: 0,
    });
    // An odd difference leans the half pixel to the left and top.
    expect(frameFit({ width: 639, height: 359 }, { width: 640, height: 360 }, 1)).toEqual({
      mode: 'pixel',
      left: 0,
      top: 0,
    });
  });

  it('scales to cover a tile the frame does not fill, or exceeds by more than a sixteenth', () => {
    // Smaller than the tile: pixel for pixel would leave black bars.
    expect(frameFit({ width: 660, height: 370 }, { width: 640, height: 360 }, 1).mode).toBe('cover');
    expect(frameFit({ width: 620, height: 370 }, { width: 640, height: 360 }, 1).mode).toBe('cover');
    // A 3x2 grid tile sent 480x270: a sixth of it would be cut off.
    expect(frameFit({ width: 411, height: 231 }, { width: 480, height: 270 }, 1).mode).toBe('cover');
    // The bound itself is in, anything past it out.
    expect(frameFit({ width: 320, height: 180 }, { width: 320 * MAX_OVERSIZE, height: 180 }, 1).mode).toBe(
      'pixel',
    );
    expect(frameFit({ width: 320, height: 180 }, { width: 341, height: 180 }, 1).mode).toBe('cover');
  });

  it('scales to cover on a high-density screen, or before any frame or size is known', () => {
    expect(frameFit({ width: 620, height: 350 }, { width: 640, height: 360 }, 2).mode).toBe('cover');
    expect(frameFit({ width: 620, height: 350 }, { width: 0, height: 0 }, 1).mode).toBe('cover');
    expect(frameFit({ width: 0, height: 0 }, { width: 640, height: 360 }, 1).mode).toBe('cover');
  });
});
