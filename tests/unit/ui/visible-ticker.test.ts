import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VisibleTicker, type VisibilitySource } from '../../../renderer/components/visible-ticker.js';

/** A page whose visibility the test sets. */
class FakePage implements VisibilitySource {
  visibilityState: DocumentVisibilityState = 'visible';
  private readonly listeners = new Set<() => void>();
  addEventListener(_type: 'visibilitychange', listener: () => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'visibilitychange', listener: () => void): void {
    this.listeners.delete(listener);
  }
  set(state: DocumentVisibilityState): void {
    this.visibilityState = state;
    this.listeners.forEach((listener) => listener());
  }
  get listening(): number {
    return this.listeners.size;
  }
}

describe('VisibleTicker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setUp(initially: DocumentVisibilityState = 'visible', shown?: boolean) {
    const page = new FakePage();
    page.visibilityState = initially;
    const events: string[] = [];
    let ticks = 0;
    const ticker = new VisibleTicker({
      periodMs: 100,
      tick: () => ticks++,
      paused: () => events.push('paused'),
      resumed: () => events.push('resumed'),
      page,
      ...(shown === undefined ? {} : { shown }),
    });
    return { page, ticker, events, ticks: () => ticks };
  }

  it('ticks while the page is visible, not while it is hidden, and again when it is shown', () => {
    const { page, ticker, events, ticks } = setUp();
    ticker.start();
    vi.advanceTimersByTime(1000);
    expect(ticks()).toBe(10);
    page.set('hidden');
    vi.advanceTimersByTime(5000);
    expect(ticks()).toBe(10);
    expect(ticker.ticking).toBe(false);
    page.set('visible');
    vi.advanceTimersByTime(300);
    expect(ticks()).toBe(13);
    expect(events).toEqual(['resumed', 'paused', 'resumed']);
    ticker.stop();
  });

  it('opened in a hidden page, waits for it to be shown', () => {
    const { page, ticker, events, ticks } = setUp('hidden');
    ticker.start();
    vi.advanceTimersByTime(1000);
    expect(ticks()).toBe(0);
    expect(events).toEqual([]);
    page.set('visible');
    vi.advanceTimersByTime(200);
    expect(ticks()).toBe(2);
    ticker.stop();
  });

  it('does not run while its readings are not shown (a closed menu), whatever the page', () => {
    const { page, ticker, events, ticks } = setUp('visible', false);
    ticker.start();
    vi.advanceTimersByTime(1000);
    expect(ticks()).toBe(0);
    expect(events).toEqual([]);
    ticker.setShown(true);
    vi.advanceTimersByTime(300);
    expect(ticks()).toBe(3);
    ticker.setShown(false);
    vi.advanceTimersByTime(1000);
    expect(ticks()).toBe(3);
    expect(ticker.ticking).toBe(false);
    // Shown in a hidden page: still nothing until the page is visible too.
    page.set('hidden');
    ticker.setShown(true);
    vi.advanceTimersByTime(1000);
    expect(ticks()).toBe(3);
    page.set('visible');
    vi.advanceTimersByTime(100);
    expect(ticks()).toBe(4);
    expect(events).toEqual(['resumed', 'paused', 'resumed']);
    ticker.stop();
  });

  it('once stopped, ticks no more and no longer follows the page', () => {
    const { page, ticker, ticks } = setUp();
    ticker.start();
    vi.advanceTimersByTime(200);
    ticker.stop();
    expect(page.listening).toBe(0);
    page.set('hidden');
    page.set('visible');
    vi.advanceTimersByTime(1000);
    expect(ticks()).toBe(2);
    expect(ticker.ticking).toBe(false);
  });
});
