import { describe, expect, it, vi } from 'vitest';
import { NegotiationTrace } from '../../../renderer/engine/media/negotiation-trace.js';

describe('NegotiationTrace', () => {
  it('keeps events in order with their time, and counts a run of the same event as one entry', () => {
    vi.useFakeTimers();
    try {
      const trace = new NegotiationTrace();
      trace.note('sent offer');
      vi.advanceTimersByTime(40);
      trace.note('sent candidate');
      trace.note('sent candidate');
      trace.note('sent candidate');
      vi.advanceTimersByTime(10);
      trace.note('got answer');
      expect(trace.describe()).toBe('+0 sent offer, +40 sent candidate x3, +50 got answer');
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps how negotiation started and the latest events, saying how many it left out between', () => {
    const trace = new NegotiationTrace();
    for (let index = 0; index < 100; index++) trace.note(`event ${index}`);
    const entries = trace.describe().split(', ');
    expect(entries[0]).toMatch(/ event 0$/);
    expect(entries[11]).toMatch(/ event 11$/);
    expect(entries[12]).toBe('(60 more)');
    expect(entries.at(-1)).toMatch(/ event 99$/);
    expect(entries).toHaveLength(12 + 1 + 28);
  });
});
