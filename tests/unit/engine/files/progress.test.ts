/**
 * A transfer's rate and time left: right from the first 200 ms, following
 * the last 3 s, and cheap however often bytes move (a receiver samples
 * every 64 KiB chunk).
 */
import { describe, expect, it } from 'vitest';
import { RateMeter } from '../../../../renderer/engine/files/progress.js';

function meter(): { rate: RateMeter; at: (ms: number) => void } {
  let now = 0;
  return { rate: new RateMeter(() => now), at: (ms) => (now = ms) };
}

describe('the rate meter', () => {
  it('says nothing before 200 ms of samples, then the rate and the time left', () => {
    const { rate, at } = meter();
    rate.sample(0);
    at(150);
    rate.sample(150_000);
    expect(rate.figures(1_000_000)).toEqual({ rate: null, secondsLeft: null });
    at(500);
    rate.sample(500_000);
    expect(rate.figures(1_000_000)).toEqual({ rate: 1_000_000, secondsLeft: 0.5 });
  });

  it('keeps a few samples a second when sampled every chunk, and the rate of the last 3 s', () => {
    const { rate, at } = meter();
    // 10 s at 1 MB/s, then 2 s at 4 MB/s, sampled every 2 ms.
    let bytes = 0;
    for (let ms = 0; ms <= 12_000; ms += 2) {
      at(ms);
      rate.sample(bytes);
      bytes += ms < 10_000 ? 2000 : 8000;
      expect(rate.held).toBeLessThanOrEqual(34);
    }
    const { rate: perSecond } = rate.figures(100_000_000);
    // The window holds 1 s at 1 MB/s and 2 s at 4 MB/s: 3 MB/s, give or take a sample's worth.
    expect(perSecond).toBeGreaterThan(2_900_000);
    expect(perSecond).toBeLessThan(3_100_000);
  });

  it('starts again when the count goes back (a resume from an earlier byte) or after an interruption', () => {
    const { rate, at } = meter();
    rate.sample(0);
    at(1000);
    rate.sample(1_000_000);
    at(1100);
    rate.sample(400_000);
    expect(rate.figures(2_000_000).rate).toBeNull();
    at(1400);
    rate.sample(700_000);
    expect(rate.figures(2_000_000).rate).toBe(1_000_000);
    rate.reset();
    expect(rate.figures(2_000_000).rate).toBeNull();
  });
});
