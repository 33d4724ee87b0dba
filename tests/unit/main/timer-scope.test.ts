import { afterEach, describe, expect, it } from 'vitest';
import { captureTimers, type TimerScope } from '../../../main/host/timer-scope.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let scope: TimerScope | null = null;
afterEach(() => scope?.stop());

describe('captureTimers', () => {
  it('tracks a self-rearming loop like peer’s housekeeping, and stop() ends it', async () => {
    let ticks = 0;
    const loop = (): void => {
      setTimeout(() => {
        ticks += 1;
        loop();
      }, 5);
    };
    scope = captureTimers(loop).scope;
    await wait(60);
    expect(ticks).toBeGreaterThan(2);
    expect(scope.pending).toBe(1);
    scope.stop();
    const stoppedAt = ticks;
    await wait(40);
    expect(ticks).toBe(stoppedAt);
    expect(scope.pending).toBe(0);
  });

  it('stops intervals and returns the function’s result', async () => {
    let ticks = 0;
    const captured = captureTimers(() => {
      setInterval(() => (ticks += 1), 5);
      return 'mounted';
    });
    scope = captured.scope;
    expect(captured.result).toBe('mounted');
    await wait(30);
    scope.stop();
    const stoppedAt = ticks;
    await wait(30);
    expect(ticks).toBe(stoppedAt);
  });

  it('leaves the global timer functions as they were', () => {
    const before = globalThis.setTimeout;
    scope = captureTimers(() => undefined).scope;
    expect(globalThis.setTimeout).toBe(before);
  });

  it('unrefs tracked timers so they never keep a process alive', () => {
    let timer: NodeJS.Timeout | undefined;
    scope = captureTimers(() => {
      timer = setTimeout(() => undefined, 1000);
    }).scope;
    expect(timer?.hasRef()).toBe(false);
  });

  it('restores the globals even when the function throws', () => {
    const before = globalThis.setTimeout;
    expect(() =>
      captureTimers(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(globalThis.setTimeout).toBe(before);
  });
});
