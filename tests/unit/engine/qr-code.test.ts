/** The QR code's modules and SVG path, read back by a real QR decoder. */
import { describe, expect, it } from 'vitest';
import { MAX_QR_TEXT_LENGTH, QUIET_ZONE, qrCodeOf, qrSvgPath } from '../../../renderer/engine/qr-code.js';
import { decodeModules, modulesFromSvgPath } from './qr-decode.js';

const invite = `https://192.168.1.5:8765/?room=maple-comet-4821&key=Kq2x9abcDEF12345&fp=${'3f2a91c0'.repeat(8)}`;

describe('qrCodeOf', () => {
  it('holds the invite, as a decoder reads it', () => {
    const code = qrCodeOf(invite);
    expect(code).not.toBeNull();
    if (!code) return;
    expect(code.dark).toHaveLength(code.size);
    expect(decodeModules(code.dark)).toBe(invite);
  });

  it.each([
    ['empty text', ''],
    ['text over the limit', 'a'.repeat(MAX_QR_TEXT_LENGTH + 1)],
    ['non-ASCII text, which the library would truncate to bytes', 'https://h/?room=ü'],
    ['control characters', 'https://h/?room=a\nb'],
  ])('refuses %s', (_what, text) => {
    expect(qrCodeOf(text)).toBeNull();
  });

  it('draws each run of dark modules as one rectangle inside the quiet zone', () => {
    const code = {
      size: 3,
      dark: [
        [true, true, false],
        [false, false, false],
        [false, true, true],
      ],
    };
    const q = QUIET_ZONE;
    expect(qrSvgPath(code)).toBe(`M${q} ${q}h2v1h-2zM${q + 1} ${q + 2}h2v1h-2z`);
    expect(modulesFromSvgPath(qrSvgPath(code), 3)).toEqual(code.dark);
  });

  it('gives a path that reads back as the same code', () => {
    const code = qrCodeOf(invite);
    if (!code) throw new Error('no code');
    expect(modulesFromSvgPath(qrSvgPath(code), code.size)).toEqual(code.dark);
  });
});
