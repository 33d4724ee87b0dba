import { describe, expect, it } from 'vitest';
import { timestampCodec } from '../../bench/timestamp-code.js';

/** A grey RGBA canvas that records fillRect calls, enough for the codec's painter. */
function fakeCanvas(width: number, height: number) {
  const pixels = new Uint8ClampedArray(width * height * 4).fill(128);
  const context = {
    fillStyle: '#000000' as string | CanvasGradient | CanvasPattern,
    fillRect(x: number, y: number, w: number, h: number): void {
      const level = this.fillStyle === '#ffffff' ? 255 : 0;
      for (let row = Math.max(0, y); row < Math.min(height, y + h); row++) {
        for (let column = Math.max(0, x); column < Math.min(width, x + w); column++) {
          pixels.fill(level, (row * width + column) * 4, (row * width + column) * 4 + 3);
        }
      }
    },
  };
  return { pixels, context };
}

/** Nearest-neighbour scaling, standing in for the receiver drawing a frame onto its small canvas. */
function scale(pixels: Uint8ClampedArray, width: number, height: number, toWidth: number, toHeight: number) {
  const out = new Uint8ClampedArray(toWidth * toHeight * 4);
  for (let y = 0; y < toHeight; y++) {
    for (let x = 0; x < toWidth; x++) {
      const from = (Math.floor((y * height) / toHeight) * width + Math.floor((x * width) / toWidth)) * 4;
      out.set(pixels.subarray(from, from + 4), (y * toWidth + x) * 4);
    }
  }
  return out;
}

const codec = timestampCodec();
const now = 1_795_000_123_456;

describe('timestamp codec', () => {
  it('reads back what it painted, at any frame size, and recovers the full time', () => {
    for (const [width, height] of [
      [640, 360],
      [1280, 720],
      [321, 179],
    ] as const) {
      const { pixels, context } = fakeCanvas(width, height);
      codec.paint(context, width, height, now - 37);
      const lowBits = codec.read(scale(pixels, width, height, 128, 72), 128, 72);
      expect(lowBits).not.toBeNull();
      expect(now - codec.unwrap(lowBits!, now)).toBe(37);
    }
  });

  it('survives noise within the thresholds', () => {
    const { pixels, context } = fakeCanvas(128, 72);
    codec.paint(context, 128, 72, now);
    for (let index = 0; index < pixels.length; index++) {
      if (index % 4 !== 3) pixels[index] = pixels[index]! + ((index * 7919) % 61) - 30;
    }
    expect(codec.unwrap(codec.read(pixels, 128, 72)!, now + 5)).toBe(now);
  });

  it('refuses blank frames, unclear cells and a wrong check', () => {
    const black = new Uint8ClampedArray(128 * 72 * 4);
    expect(codec.read(black, 128, 72)).toBeNull();
    expect(codec.read(new Uint8ClampedArray(128 * 72 * 4).fill(255), 128, 72)).toBeNull();

    const { pixels, context } = fakeCanvas(128, 72);
    codec.paint(context, 128, 72, now);
    const grey = new Uint8ClampedArray(pixels);
    // Cell 0 is 16x18 pixels; make its middle mid-grey.
    for (let y = 4; y < 13; y++) grey.fill(128, (y * 128 + 4) * 4, (y * 128 + 12) * 4);
    expect(codec.read(grey, 128, 72)).toBeNull();

    // Flip cell 23 (the lowest data bit) cleanly: the CRC no longer matches.
    const flipped = new Uint8ClampedArray(pixels);
    const left = 7 * 16;
    const top = 2 * 18;
    const wasWhite = flipped[((top + 9) * 128 + left + 8) * 4]! > 128;
    for (let y = top; y < top + 18; y++)
      flipped.fill(wasWhite ? 0 : 255, (y * 128 + left) * 4, (y * 128 + left + 16) * 4);
    expect(codec.read(flipped, 128, 72)).toBeNull();
  });

  it('unwraps to the latest matching time, across the 24-bit wrap', () => {
    const modulus = 2 ** 24;
    const sentAt = Math.ceil(now / modulus) * modulus - 10; // just before a wrap
    const receivedAt = sentAt + 40; // just after it
    expect(codec.unwrap(sentAt % modulus, receivedAt)).toBe(sentAt);
  });
});
