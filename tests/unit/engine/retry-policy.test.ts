import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  backoff,
  linkRetry,
  rendezvousRetry,
  Retrier,
  takeoverRetry,
  type RetryPolicy,
} from '../../../renderer/engine/retry-policy.js';

const delays = (policy: RetryPolicy, count: number, elapsedMs = 1000): Array<number | null> =>
  Array.from({ length: count }, (_, retryCount) => policy.nextRetryDelayMs({ retryCount, elapsedMs }));

describe('retry policies', () => {
  it('bring a link back quickly after a blip, then every 5 s, and never give up while in the room', () => {
    expect(delays(linkRetry, 8)).toEqual([0, 250, 500, 1000, 2000, 4000, 5000, 5000]);
    expect(linkRetry.nextRetryDelayMs({ retryCount: 50, elapsedMs: 3 * 60_000 })).toBe(5000);
  });

  it('register with the rendezvous server again at 250 ms doubling to 5 s', () => {
    expect(delays(rendezvousRetry, 7)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  });

  it('claim a departed keeper id at 100 ms doubling to 4 s', () => {
    expect(delays(takeoverRetry, 8)).toEqual([100, 200, 400, 800, 1600, 3200, 4000, 4000]);
  });

  it('give up after the time they are told', () => {
    const policy = backoff({ firstDelaysMs: [10], maxDelayMs: 100, giveUpAfterMs: 30_000 });
    expect(policy.nextRetryDelayMs({ retryCount: 3, elapsedMs: 29_000 })).toBe(80);
    expect(policy.nextRetryDelayMs({ retryCount: 3, elapsedMs: 31_000 })).toBeNull();
  });
});

describe('a retrier', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const policy = backoff({ firstDelaysMs: [100], maxDelayMs: 400, giveUpAfterMs: 5_000 });

  it('tries on the policy schedule until a try works', async () => {
    const tries: number[] = [];
    const retrier = new Retrier(policy, {
      stillWanted: () => true,
      attempt: (count) => {
        tries.push(Date.now());
        return count === 2;
      },
    });
    const start = Date.now();
    await vi.advanceTimersByTimeAsync(2000);
    expect(tries.map((at) => at - start)).toEqual([100, 300, 700]);
    expect(retrier.running).toBe(false);
  });

  it('stops when no longer wanted, and when stopped, leaving no timer behind', async () => {
    let wanted = true;
    let tries = 0;
    const unwanted = new Retrier(policy, {
      stillWanted: () => wanted,
      attempt: () => {
        tries++;
        return false;
      },
    });
    await vi.advanceTimersByTimeAsync(150);
    wanted = false;
    await vi.advanceTimersByTimeAsync(2000);
    expect(tries).toBe(1);
    expect(unwanted.running).toBe(false);

    const stopped = new Retrier(policy, { stillWanted: () => true, attempt: () => false });
    stopped.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('tells when the policy gives up', async () => {
    const gaveUp = vi.fn();
    new Retrier(policy, { stillWanted: () => true, attempt: () => false, giveUp: gaveUp });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(gaveUp).toHaveBeenCalledOnce();
  });
});
