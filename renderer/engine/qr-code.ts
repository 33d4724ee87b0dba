/**
 * An invite as a QR code, for phones to scan: the modules from
 * qrcode-generator, drawn as one SVG path so the page renders it as data
 * (no HTML strings, no canvas). Plain TypeScript, tested under Node.
 */
import qrcode from 'qrcode-generator';

/** QR codes hold a few kilobytes at most; an invite is about 200 characters. */
export const MAX_QR_TEXT_LENGTH = 1024;

export interface QrCode {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** `dark[row][column]`. */
  dark: boolean[][];
}

/**
 * The QR code of `text` with medium error correction (survives a smudged
 * screen); null for text it should not or cannot hold. Only printable ASCII:
 * the library writes each character as one byte, and invites are ASCII
 * (URLs percent-encode everything else).
 */
export function qrCodeOf(text: string): QrCode | null {
  if (text.length === 0 || text.length > MAX_QR_TEXT_LENGTH || !/^[\x20-\x7e]+$/.test(text)) return null;
  const code = qrcode(0, 'M');
  code.addData(text, 'Byte');
  code.make();
  const size = code.getModuleCount();
  const dark = Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, column) => code.isDark(row, column)),
  );
  return { size, dark };
}

/** The quiet zone scanners need around the code, in modules (the standard's minimum). */
export const QUIET_ZONE = 4;

/**
 * One SVG path of the dark modules, offset by the quiet zone: each run of
 * dark modules in a row is one rectangle (`M x y h w v 1 h -w z`).
 */
export function qrSvgPath(code: QrCode): string {
  const parts: string[] = [];
  code.dark.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x += 1;
      parts.push(`M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h-${x - start}z`);
    }
  });
  return parts.join('');
}
