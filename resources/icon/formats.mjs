/**
 * Icon file formats written with Node's own zlib: PNG, and the two
 * containers that can hold PNGs, Windows .ico and macOS .icns.
 */
import { crc32, deflateSync } from 'node:zlib';

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** An 8-bit RGBA PNG of `size` x `size` pixels. */
export function encodePng(pixels, size) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  // Each row starts with its filter byte, 0: the bytes as they are.
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    pngSignature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A 32-bit BMP image as .ico stores it: a BITMAPINFOHEADER of twice the
 * height (colour plus mask), BGRA rows from the bottom, then a 1-bit AND mask
 * (all zero: the alpha channel decides). Small sizes are stored this way
 * because some older Windows tools (and resource editors) read only BMPs.
 */
function icoBitmap(pixels, size) {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const colour = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      colour[to] = pixels[from + 2];
      colour[to + 1] = pixels[from + 1];
      colour[to + 2] = pixels[from];
      colour[to + 3] = pixels[from + 3];
    }
  }
  const maskRowBytes = Math.ceil(size / 32) * 4;
  return Buffer.concat([header, colour, Buffer.alloc(maskRowBytes * size)]);
}

/**
 * A Windows .ico holding one image per entry of `images` ({ size, pixels }).
 * 256 pixels and more are stored as PNG (Windows Vista and later), smaller
 * ones as BMP. electron-builder wants at least 256.
 */
export function encodeIco(images) {
  const directory = Buffer.alloc(6 + images.length * 16);
  directory.writeUInt16LE(0, 0);
  directory.writeUInt16LE(1, 2); // an icon, not a cursor
  directory.writeUInt16LE(images.length, 4);
  const bodies = images.map(({ size, pixels }) =>
    size >= 256 ? encodePng(pixels, size) : icoBitmap(pixels, size),
  );
  let offset = directory.length;
  images.forEach(({ size }, index) => {
    const entry = 6 + index * 16;
    // 0 means 256 in a one-byte size field.
    directory[entry] = size >= 256 ? 0 : size;
    directory[entry + 1] = size >= 256 ? 0 : size;
    directory.writeUInt16LE(1, entry + 4); // colour planes
    directory.writeUInt16LE(32, entry + 6); // bits per pixel
    directory.writeUInt32LE(bodies[index].length, entry + 8);
    directory.writeUInt32LE(offset, entry + 12);
    offset += bodies[index].length;
  });
  return Buffer.concat([directory, ...bodies]);
}

/**
 * The .icns types that hold a PNG, by pixel size: the same set Apple's
 * iconutil writes for an iconset, each @2x type sharing a pixel size with
 * the next @1x one.
 */
export const icnsTypes = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'ic11', size: 32 },
  { type: 'ic12', size: 64 },
  { type: 'ic07', size: 128 },
  { type: 'ic08', size: 256 },
  { type: 'ic13', size: 256 },
  { type: 'ic09', size: 512 },
  { type: 'ic14', size: 512 },
  { type: 'ic10', size: 1024 },
];

/** A macOS .icns of PNGs; `pngBySize` maps each size in icnsTypes to its PNG. */
export function encodeIcns(pngBySize) {
  const entries = icnsTypes.map(({ type, size }) => {
    const png = pngBySize.get(size);
    if (!png) throw new Error(`The .icns needs a ${size}x${size} PNG.`);
    const header = Buffer.alloc(8);
    header.write(type, 0, 'latin1');
    header.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([header, png]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(8 + entries.reduce((total, entry) => total + entry.length, 0), 4);
  return Buffer.concat([header, ...entries]);
}
