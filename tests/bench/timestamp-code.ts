/**
 * A wall-clock timestamp drawn as a picture, for glass-to-glass latency: the
 * sender paints the low 24 bits of Date.now() as black and white cells over
 * the whole frame, the receiver reads them back from the decoded frame and
 * subtracts from its own Date.now() (same machine, same clock).
 *
 * The frame is an 8x4 grid: 24 data bits then an 8-bit CRC of them, most
 * significant bit first, row by row. Cells are an eighth of the frame wide so
 * they survive any bitrate and downscaling the encoder chooses; the reader
 * looks only at each cell's middle (away from blurred edges), refuses cells
 * that are neither clearly black nor clearly white, and refuses values whose
 * CRC does not match (a blank frame fails it). Refused frames are counted,
 * not guessed.
 *
 * `timestampCodec` must stay self-contained (no imports, no outside names):
 * the benchmarks inject its source text into pages.
 */
export interface TimestampCodec {
  /** Paints the low bits of `value` (milliseconds) over a width x height canvas. */
  paint(
    context: Pick<CanvasRenderingContext2D, 'fillStyle' | 'fillRect'>,
    width: number,
    height: number,
    value: number,
  ): void;
  /** The low bits painted into RGBA `pixels`, or null when a cell is unclear or the check fails. */
  read(pixels: ArrayLike<number>, width: number, height: number): number | null;
  /** The latest time at or before `now` whose low bits are `lowBits`. */
  unwrap(lowBits: number, now: number): number;
}

export function timestampCodec(): TimestampCodec {
  const columns = 8;
  const rows = 4;
  const dataBits = 24;
  const modulus = 2 ** dataBits;
  // Luma below `dark` reads as 0, above `light` as 1; between is unreadable.
  const dark = 80;
  const light = 176;

  /**
   * CRC-8 (polynomial 0x07) over the three bytes of a 24-bit value, started
   * at 0xff so that an all-black or all-white frame does not pass.
   */
  const crc8 = (value: number): number => {
    let crc = 0xff;
    for (let shift = 16; shift >= 0; shift -= 8) {
      crc ^= (value >>> shift) & 0xff;
      for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
    }
    return crc;
  };

  const cellBits = (lowBits: number): number[] => {
    const bits: number[] = [];
    for (let bit = dataBits - 1; bit >= 0; bit--) bits.push((lowBits >>> bit) & 1);
    const check = crc8(lowBits);
    for (let bit = 7; bit >= 0; bit--) bits.push((check >>> bit) & 1);
    return bits;
  };

  return {
    paint(context, width, height, value) {
      const bits = cellBits(((value % modulus) + modulus) % modulus);
      const cellWidth = width / columns;
      const cellHeight = height / rows;
      bits.forEach((bit, index) => {
        context.fillStyle = bit ? '#ffffff' : '#000000';
        const x = Math.floor((index % columns) * cellWidth);
        const y = Math.floor(Math.floor(index / columns) * cellHeight);
        context.fillRect(x, y, Math.ceil(cellWidth) + 1, Math.ceil(cellHeight) + 1);
      });
    },

    read(pixels, width, height) {
      const cellWidth = width / columns;
      const cellHeight = height / rows;
      let lowBits = 0;
      let check = 0;
      for (let index = 0; index < columns * rows; index++) {
        // Average the middle half of the cell in each direction.
        const left = Math.floor((index % columns) * cellWidth + cellWidth / 4);
        const top = Math.floor(Math.floor(index / columns) * cellHeight + cellHeight / 4);
        const right = Math.max(left + 1, Math.floor(left + cellWidth / 2));
        const bottom = Math.max(top + 1, Math.floor(top + cellHeight / 2));
        let sum = 0;
        let count = 0;
        for (let y = top; y < bottom; y++) {
          for (let x = left; x < right; x++) {
            const offset = (y * width + x) * 4;
            sum += 0.299 * pixels[offset]! + 0.587 * pixels[offset + 1]! + 0.114 * pixels[offset + 2]!;
            count++;
          }
        }
        const luma = sum / count;
        if (luma > dark && luma < light) return null;
        const bit = luma >= light ? 1 : 0;
        if (index < dataBits) lowBits = lowBits * 2 + bit;
        else check = check * 2 + bit;
      }
      return crc8(lowBits) === check ? lowBits : null;
    },

    unwrap(lowBits, now) {
      return now - ((((now - lowBits) % modulus) + modulus) % modulus);
    },
  };
}
