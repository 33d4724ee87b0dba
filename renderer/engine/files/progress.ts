/**
 * A transfer's rate and time left, from how its byte count moved over the
 * last few seconds: long enough to smooth the chunky arrival of acks, short
 * enough to follow a network that changes.
 */
const WINDOW_MS = 3000;
/**
 * Samples closer together than this are merged: a receiver samples every
 * chunk, hundreds a second, where a few a second tell the rate as well.
 */
const SAMPLE_EVERY_MS = 100;

export interface ProgressFigures {
  /** Bytes a second, or null before there is enough to tell. */
  rate: number | null;
  /** Seconds until `size` at that rate, or null. */
  secondsLeft: number | null;
}

export class RateMeter {
  private samples: Array<{ at: number; bytes: number }> = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The byte count now (it may go back, after a resume from an earlier offset). */
  sample(bytes: number): void {
    const at = this.now();
    const last = this.samples.at(-1);
    if (last && bytes < last.bytes) this.samples = [];
    else if (last && this.samples.length > 1 && at - this.samples.at(-2)!.at < SAMPLE_EVERY_MS) {
      // The newest sample moves forward rather than a new one being kept.
      last.at = at;
      last.bytes = bytes;
      return;
    }
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - this.samples[0]!.at > WINDOW_MS) this.samples.shift();
  }

  /** Samples kept now: a few per second of the window, however often bytes move. */
  get held(): number {
    return this.samples.length;
  }

  /** Forgets the past: a pause (an interruption) is not part of the rate. */
  reset(): void {
    this.samples = [];
  }

  figures(size: number): ProgressFigures {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at - first.at < 200) return { rate: null, secondsLeft: null };
    const rate = ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
    if (rate <= 0) return { rate: 0, secondsLeft: null };
    return { rate, secondsLeft: Math.max(0, (size - last.bytes) / rate) };
  }
}
