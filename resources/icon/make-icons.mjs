/**
 * `npm run icons`: draws every icon file the app and its installers use from
 * one source, huddle.svg, with Node's built-ins only:
 *
 *   resources/icon.png       1024 px: the window icon, and the largest one
 *   resources/icons/NxN.png  the Linux set (.desktop entry, AppImage, deb)
 *   resources/icon.ico       Windows (the .exe and the NSIS installer)
 *   resources/icon.icns      macOS (the .app and the dmg)
 *
 * Run it after changing huddle.svg, and commit what it writes; a unit test
 * checks the committed files are the ones the source draws.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawIcon, parseIcon } from './draw.mjs';
import { encodeIcns, encodeIco, encodePng, icnsTypes } from './formats.mjs';

export const iconDir = path.dirname(fileURLToPath(import.meta.url));
export const resourcesDir = path.dirname(iconDir);
export const sourceFile = path.join(iconDir, 'huddle.svg');

export const linuxSizes = [16, 32, 48, 64, 128, 256, 512];
export const icoSizes = [16, 24, 32, 48, 64, 256];
export const largestSize = 1024;

/** Every file to write, as relative path (under resources/) and contents. */
export function iconFiles(svg) {
  const icon = parseIcon(svg);
  const sizes = new Set([...linuxSizes, ...icoSizes, ...icnsTypes.map(({ size }) => size), largestSize]);
  const pixels = new Map([...sizes].map((size) => [size, drawIcon(icon, size)]));
  const png = new Map([...pixels].map(([size, rgba]) => [size, encodePng(rgba, size)]));
  return [
    { file: 'icon.png', contents: png.get(largestSize) },
    ...linuxSizes.map((size) => ({
      file: path.join('icons', `${size}x${size}.png`),
      contents: png.get(size),
    })),
    { file: 'icon.ico', contents: encodeIco(icoSizes.map((size) => ({ size, pixels: pixels.get(size) }))) },
    { file: 'icon.icns', contents: encodeIcns(png) },
  ];
}

function main() {
  const files = iconFiles(readFileSync(sourceFile, 'utf8'));
  mkdirSync(path.join(resourcesDir, 'icons'), { recursive: true });
  for (const { file, contents } of files) {
    writeFileSync(path.join(resourcesDir, file), contents);
    console.log(`resources/${file.split(path.sep).join('/')}: ${contents.length} bytes`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
