/**
 * The icon files in resources/ are what `npm run icons` draws from
 * resources/icon/huddle.svg, and each is a well-formed file of its kind,
 * read back here by a decoder of our own (PNG chunks and CRCs, the .ico
 * directory and bitmaps, the .icns table).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { drawIcon, parseIcon } from '../../../resources/icon/draw.mjs';
import { encodeIcns, encodeIco, encodePng, icnsTypes } from '../../../resources/icon/formats.mjs';
import {
  iconFiles,
  icoSizes,
  largestSize,
  linuxSizes,
  resourcesDir,
  sourceFile,
} from '../../../resources/icon/make-icons.mjs';

/** Size and RGBA pixels of a PNG; checks the signature, every chunk's CRC and the header. */
function decodePng(png: Buffer): { size: number; pixels: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let size = 0;
  const data: Buffer[] = [];
  let ended = false;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length), `${type} CRC`).toBe(
      crc32(png.subarray(offset + 4, offset + 8 + length)),
    );
    if (type === 'IHDR') {
      size = body.readUInt32BE(0);
      expect(body.readUInt32BE(4)).toBe(size);
      expect([...body.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') data.push(body);
    if (type === 'IEND') ended = true;
    offset += 12 + length;
  }
  expect(ended).toBe(true);
  const rows = inflateSync(Buffer.concat(data));
  const stride = size * 4 + 1;
  expect(rows.length).toBe(size * stride);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    expect(rows[y * stride], 'filter').toBe(0);
    rows.copy(pixels, y * size * 4, y * stride + 1, (y + 1) * stride);
  }
  return { size, pixels };
}

/** The images of an .ico: size and RGBA pixels, from PNG or 32-bit BMP entries. */
function decodeIco(ico: Buffer): Array<{ size: number; pixels: Buffer }> {
  expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
  const images = [];
  for (let index = 0; index < ico.readUInt16LE(4); index++) {
    const entry = 6 + index * 16;
    const size = ico[entry] || 256;
    const body = ico.subarray(
      ico.readUInt32LE(entry + 12),
      ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8),
    );
    if (body[0] === 0x89) {
      const png = decodePng(body);
      expect(png.size).toBe(size);
      images.push(png);
      continue;
    }
    expect([body.readUInt32LE(0), body.readInt32LE(4), body.readInt32LE(8), body.readUInt16LE(14)]).toEqual([
      40,
      size,
      size * 2,
      32,
    ]);
    const pixels = Buffer.alloc(size * size * 4);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const from = 40 + ((size - 1 - y) * size + x) * 4;
        const to = (y * size + x) * 4;
        pixels[to] = body[from + 2]!;
        pixels[to + 1] = body[from + 1]!;
        pixels[to + 2] = body[from]!;
        pixels[to + 3] = body[from + 3]!;
      }
    }
    expect(body.length).toBe(40 + size * size * 4 + Math.ceil(size / 32) * 4 * size);
    images.push({ size, pixels });
  }
  return images;
}

/** The entries of an .icns: type and data, with every length checked. */
function decodeIcns(icns: Buffer): Array<{ type: string; data: Buffer }> {
  expect(icns.toString('latin1', 0, 4)).toBe('icns');
  expect(icns.readUInt32BE(4)).toBe(icns.length);
  const entries = [];
  for (let offset = 8; offset < icns.length;) {
    const length = icns.readUInt32BE(offset + 4);
    expect(length).toBeGreaterThan(8);
    entries.push({
      type: icns.toString('latin1', offset, offset + 4),
      data: icns.subarray(offset + 8, offset + length),
    });
    offset += length;
  }
  return entries;
}

const icon = parseIcon(readFileSync(sourceFile, 'utf8'));
const committed = (file: string): Buffer => readFileSync(path.join(resourcesDir, file));

describe('the committed icon files', () => {
  it('are what the source draws, at every size', () => {
    const drawn = new Map<number, Buffer>();
    const pixelsAt = (size: number): Buffer => {
      if (!drawn.has(size)) drawn.set(size, drawIcon(icon, size));
      return drawn.get(size)!;
    };
    const large = decodePng(committed('icon.png'));
    expect(large.size).toBe(largestSize);
    expect(large.size).toBeGreaterThanOrEqual(512);
    expect(large.pixels.equals(pixelsAt(largestSize))).toBe(true);
    for (const size of linuxSizes) {
      const png = decodePng(committed(path.join('icons', `${size}x${size}.png`)));
      expect(png.size).toBe(size);
      expect(png.pixels.equals(pixelsAt(size)), `${size}x${size}.png`).toBe(true);
    }
    const ico = decodeIco(committed('icon.ico'));
    expect(ico.map(({ size }) => size)).toEqual(icoSizes);
    for (const image of ico)
      expect(image.pixels.equals(pixelsAt(image.size)), `ico ${image.size}`).toBe(true);
    const icns = decodeIcns(committed('icon.icns'));
    expect(icns.map(({ type }) => type)).toEqual(icnsTypes.map(({ type }) => type));
    icns.forEach(({ data }, index) => {
      const png = decodePng(data);
      expect(png.size).toBe(icnsTypes[index]!.size);
      expect(png.pixels.equals(pixelsAt(png.size)), icnsTypes[index]!.type).toBe(true);
    });
  });

  it('are the files make-icons writes', () => {
    const files = iconFiles(readFileSync(sourceFile, 'utf8')).map(({ file }) =>
      file.split(path.sep).join('/'),
    );
    expect(files.sort()).toEqual(
      ['icon.png', 'icon.ico', 'icon.icns', ...linuxSizes.map((size) => `icons/${size}x${size}.png`)].sort(),
    );
  });
});

describe('drawing', () => {
  it('paints shapes over each other with their opacity, anti-aliased at the edges', () => {
    const drawing = parseIcon(
      '<svg viewBox="0 0 4 4"><rect x="0" y="0" width="4" height="4" fill="#000000"/><circle cx="2" cy="2" r="1" fill="#ffffff" fill-opacity="0.5"/></svg>',
    );
    const pixels = drawIcon(drawing, 4);
    const at = (x: number, y: number): number[] => [...pixels.subarray((y * 4 + x) * 4, (y * 4 + x) * 4 + 4)];
    expect(at(0, 0)).toEqual([0, 0, 0, 255]);
    // Half covered by the circle's edge, under half opacity: a quarter of the white.
    const edge = at(1, 1);
    expect(edge[3]).toBe(255);
    expect(edge[0]).toBeGreaterThan(0);
    expect(edge[0]).toBeLessThan(128);
  });

  it('refuses what it cannot draw rather than drawing something else', () => {
    expect(() => parseIcon('<svg><rect/></svg>')).toThrow(/viewBox/);
    expect(() => parseIcon('<svg viewBox="0 0 8 8"><path d="M0 0" fill="#000000"/></svg>')).toThrow(/<path>/);
    expect(() => parseIcon('<svg viewBox="0 0 8 8"><circle r="1" fill="red"/></svg>')).toThrow(/#rrggbb/);
  });
});

describe('the file formats', () => {
  const pixels = Buffer.from([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 10, 20, 30, 40]);

  it('round-trips pixels through a PNG', () => {
    expect(decodePng(encodePng(pixels, 2))).toEqual({ size: 2, pixels });
  });

  it('stores small .ico images as bitmaps and 256 as a PNG', () => {
    const big = Buffer.alloc(256 * 256 * 4, 200);
    const ico = encodeIco([
      { size: 2, pixels },
      { size: 256, pixels: big },
    ]);
    expect(ico[6 + 16]).toBe(0); // 256 is written as 0
    const [small, large] = decodeIco(ico);
    expect(small).toEqual({ size: 2, pixels });
    expect(large?.size).toBe(256);
    expect(large?.pixels.equals(big)).toBe(true);
  });

  it('refuses an .icns without every size it lists', () => {
    expect(() => encodeIcns(new Map([[16, encodePng(Buffer.alloc(16 * 16 * 4), 16)]]))).toThrow(/32x32/);
  });
});
