import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OwnedTimers } from '../../../renderer/engine/owned-timers.js';

describe('timers owned by one object', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs each action once, after its delay', () => {
    const timers = new OwnedTimers();
    const ran: string[] = [];
    timers.later(100, () => ran.push('a'));
    timers.later(50, () => ran.push('b'));
    vi.advanceTimersByTime(60);
    expect(ran).toEqual(['b']);
    vi.advanceTimersByTime(100);
    expect(ran).toEqual(['b', 'a']);
  });

  it('cancels one timer alone, or every timer not yet run when the owner closes', () => {
    const timers = new OwnedTimers();
    const ran: string[] = [];
    const cancel = timers.later(10, () => ran.push('cancelled'));
    timers.later(20, () => ran.push('ran'));
    timers.later(30, () => ran.push('closed'));
    cancel();
    vi.advanceTimersByTime(25);
    timers.clear();
    vi.advanceTimersByTime(100);
    expect(ran).toEqual(['ran']);
  });
});
