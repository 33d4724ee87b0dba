import { describe, expect, it } from 'vitest';
import { freezeFigures, longestGap, type FrameRecord } from '../../bench/freeze-probes.js';

/** Frame times every `step` ms from `from` up to `to`, leaving out (from, to] of each hole. */
function frames(from: number, to: number, step: number, holes: Array<[number, number]> = []): number[] {
  const times: number[] = [];
  for (let time = from; time <= to; time += step) {
    if (!holes.some(([start, end]) => time > start && time < end)) times.push(time);
  }
  return times;
}

describe('longestGap', () => {
  it('finds the longest time without an event inside the window', () => {
    expect(longestGap(frames(0, 5000, 50, [[1000, 3000]]), 500, 4000)).toBe(2000);
  });

  it('counts from the last event before the window, and up to its end', () => {
    expect(longestGap([100, 900], 500, 2000)).toBe(1100);
    expect(longestGap([100], 500, 2000)).toBe(1900);
  });

  it('counts the whole window when nothing happens in it', () => {
    expect(longestGap([], 500, 2000)).toBe(1500);
  });

  it('from the first event, does not count the time before a video begins', () => {
    expect(longestGap(frames(1200, 3000, 50), 500, 3000, true)).toBe(50);
    expect(longestGap([], 500, 3000, true)).toBe(0);
  });

  it('is zero for an empty window', () => {
    expect(longestGap([1, 2, 3], 500, 500)).toBe(0);
  });
});

describe('freezeFigures', () => {
  const record: FrameRecord = {
    videos: [
      // The join form's preview: runs until it leaves the page at 1200.
      { local: true, times: frames(0, 1200, 50), addedAt: 0, removedAt: 1200 },
      // The own tile: appears at 1200, shows its first frame at 1300, then freezes 2 s.
      { local: true, times: frames(1300, 6000, 50, [[2000, 4000]]), addedAt: 1200 },
      // A remote tile: first frame at 2500 (not a stall), then a 500 ms gap.
      { local: false, times: frames(2500, 6000, 50, [[3000, 3500]]), addedAt: 1500 },
      // A remote tile that never showed a frame is no stall either.
      { local: false, times: [], addedAt: 1500 },
    ],
    timerTicks: frames(0, 6000, 50, [[2000, 2300]]),
  };

  it('separates own and remote videos, and counts each only while it is on the page', () => {
    expect(freezeFigures(record, 1000, 6000)).toEqual({
      localStallMs: 2000,
      remoteStallMs: 500,
      timerStallMs: 300,
    });
  });

  it('counts an own video from its appearance, so a slow first frame is a stall', () => {
    const late: FrameRecord = {
      videos: [{ local: true, times: frames(2200, 6000, 50), addedAt: 1200 }],
      timerTicks: frames(0, 6000, 50),
    };
    expect(freezeFigures(late, 1000, 6000).localStallMs).toBe(1000);
  });
});
