import { describe, expect, it } from 'vitest';
import { statsIntervalMs, statsIntervals } from '../../../renderer/engine/room/stats-cadence.js';

describe('statsIntervalMs', () => {
  it('reads every second only while the figures overlay is open', () => {
    expect(statsIntervalMs({ overlayShown: true, pageVisible: true })).toBe(1000);
    expect(statsIntervalMs({ overlayShown: false, pageVisible: true })).toBe(statsIntervals.bars);
    expect(statsIntervals.bars).toBeGreaterThan(1000);
  });

  it('reads least often while the page is hidden, overlay or not', () => {
    for (const overlayShown of [true, false]) {
      const hidden = statsIntervalMs({ overlayShown, pageVisible: false });
      expect(hidden).toBe(statsIntervals.hidden);
      expect(hidden).toBeGreaterThan(statsIntervalMs({ overlayShown, pageVisible: true }));
    }
  });
});
