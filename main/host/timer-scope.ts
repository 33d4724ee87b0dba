/**
 * Owns the timers that third-party code starts, so they can be stopped.
 *
 * Why this exists: `peer`'s ExpressPeerServer starts two housekeeping loops
 * (message expiry every second, dead-connection checks every 300 ms) when it is
 * mounted. Each loop re-arms itself with the global `setTimeout` and neither is
 * exposed, so once started they keep the event loop alive forever: a stopped
 * host would never let its process, or a test worker, exit.
 *
 * `captureTimers` runs a function with the global `setTimeout`/`setInterval`
 * swapped for tracking versions, and keeps the swap in force whenever one of
 * the tracked callbacks runs, so re-armed timers are tracked too. Tracked
 * timers are unref'd (a live server keeps the process alive by itself) and
 * `stop()` clears them and turns any that still fire into no-ops. The swap is
 * only ever in force synchronously, so no other code's timers are affected.
 */

export interface TimerScope {
  /** Clears every tracked timer; callbacks that were already queued do nothing. */
  stop(): void;
  /** How many tracked timers are pending; for tests. */
  readonly pending: number;
}

type Callback = (...args: unknown[]) => void;

export function captureTimers<T>(run: () => T): { result: T; scope: TimerScope } {
  const originalTimeout = globalThis.setTimeout;
  const originalInterval = globalThis.setInterval;
  const timeouts = new Set<NodeJS.Timeout>();
  const intervals = new Set<NodeJS.Timeout>();
  let stopped = false;

  const withSwap = <R>(body: () => R): R => {
    const outerTimeout = globalThis.setTimeout;
    const outerInterval = globalThis.setInterval;
    globalThis.setTimeout = trackedTimeout;
    globalThis.setInterval = trackedInterval;
    try {
      return body();
    } finally {
      globalThis.setTimeout = outerTimeout;
      globalThis.setInterval = outerInterval;
    }
  };

  const trackedTimeout = ((callback: Callback, delay?: number, ...args: unknown[]) => {
    const timer: NodeJS.Timeout = originalTimeout(() => {
      timeouts.delete(timer);
      if (!stopped) withSwap(() => callback(...args));
    }, delay);
    timer.unref();
    if (!stopped) timeouts.add(timer);
    else clearTimeout(timer);
    return timer;
  }) as unknown as typeof setTimeout;

  const trackedInterval = ((callback: Callback, delay?: number, ...args: unknown[]) => {
    const timer: NodeJS.Timeout = originalInterval(() => {
      if (!stopped) withSwap(() => callback(...args));
    }, delay);
    timer.unref();
    if (!stopped) intervals.add(timer);
    else clearInterval(timer);
    return timer;
  }) as unknown as typeof setInterval;

  const result = withSwap(run);
  const scope: TimerScope = {
    stop() {
      stopped = true;
      for (const timer of timeouts) clearTimeout(timer);
      for (const timer of intervals) clearInterval(timer);
      timeouts.clear();
      intervals.clear();
    },
    get pending() {
      return timeouts.size + intervals.size;
    },
  };
  return { result, scope };
}
