/**
 * Test helpers: a QR code's modules drawn to pixels and read with jsQR (an
 * independent decoder), and the modules read back from the SVG path the
 * component draws.
 */
import jsQR from 'jsqr';
import { QUIET_ZONE } from '../../../renderer/engine/qr-code.js';

/** The text a decoder reads from these modules, drawn 4 pixels each with the quiet zone; null if none. */
export function decodeModules(dark: boolean[][], scale = 4): string | null {
  const side = (dark.length + 2 * QUIET_ZONE) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  dark.forEach((row, y) =>
    row.forEach((isDark, x) => {
      if (!isDark) return;
      for (let dy = 0; dy < scale; dy += 1) {
        for (let dx = 0; dx < scale; dx += 1) {
          const offset = (((y + QUIET_ZONE) * scale + dy) * side + (x + QUIET_ZONE) * scale + dx) * 4;
          pixels.fill(0, offset, offset + 3);
        }
      }
    }),
  );
  return jsQR(pixels, side, side, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

/** The modules a path of `M x y h w v 1 h -w z` rectangles covers; throws on anything else in it. */
export function modulesFromSvgPath(d: string, size: number): boolean[][] {
  const dark = Array.from({ length: size }, () => Array.from({ length: size }, () => false));
  const rectangle = /M(\d+) (\d+)h(\d+)v1h-(\d+)z/y;
  while (rectangle.lastIndex < d.length) {
    const at = rectangle.lastIndex;
    const match = rectangle.exec(d);
    if (!match) throw new Error(`unexpected path data at ${at}: ${d.slice(at, at + 20)}`);
    const [x, y, width, back] = match.slice(1).map(Number) as [number, number, number, number];
    if (width !== back) throw new Error(`a rectangle that does not close: ${match[0]}`);
    for (let column = x; column < x + width; column += 1) {
      const row = dark[y - QUIET_ZONE];
      if (!row || column - QUIET_ZONE >= size) throw new Error(`outside the code: ${match[0]}`);
      row[column - QUIET_ZONE] = true;
    }
  }
  return dark;
}
