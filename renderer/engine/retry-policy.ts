/**
 * Trying again, as one swappable policy: `nextRetryDelayMs` says how long to
 * wait before the next try, or null to give up (the shape of LiveKit's
 * ReconnectPolicy). The engine retries three things with it: registering
 * with the rendezvous server again, bringing a member link back, and taking
 * over the room's id when the keeper is gone. `Retrier` runs the tries and
 * owns its one timer, so stopping it leaves nothing behind.
 */

export interface RetryContext {
  /** Tries made so far (0 before the first). */
  retryCount: number;
  /** Since retrying started. */
  elapsedMs: number;
}

export interface RetryPolicy {
  nextRetryDelayMs(context: RetryContext): number | null;
}

export interface BackoffOptions {
  /** Waits before the first tries, in order; after them the last one doubles. */
  firstDelaysMs: readonly number[];
  /** No wait grows beyond this. */
  maxDelayMs: number;
  /** Give up once this long has passed (never, if absent). */
  giveUpAfterMs?: number;
}

/** Fixed first waits, then doubling up to a cap; gives up only if told when. */
export function backoff(options: BackoffOptions): RetryPolicy {
  const { firstDelaysMs, maxDelayMs, giveUpAfterMs } = options;
  return {
    nextRetryDelayMs({ retryCount, elapsedMs }) {
      if (giveUpAfterMs !== undefined && elapsedMs > giveUpAfterMs) return null;
      const listed = firstDelaysMs[retryCount];
      const last = firstDelaysMs[firstDelaysMs.length - 1] ?? maxDelayMs;
      const grown = last * 2 ** (retryCount - firstDelaysMs.length + 1);
      return Math.min(listed ?? grown, maxDelayMs);
    },
  };
}

/** Registering with the rendezvous server again: 250 ms doubling to 5 s, for as long as we are in the room. */
export const rendezvousRetry = backoff({ firstDelaysMs: [250], maxDelayMs: 5000 });

/**
 * Bringing a member link back: quick first tries (a blip is usually short),
 * then every 5 s at most, for as long as both are in the room: a laptop lid
 * closed for a minute must come back by itself.
 */
export const linkRetry = backoff({ firstDelaysMs: [0, 250, 500, 1000, 2000], maxDelayMs: 5000 });

/** Taking over the room's id: the server frees it only when it notices the old holder gone. */
export const takeoverRetry = backoff({ firstDelaysMs: [100], maxDelayMs: 4000 });

export interface RetryTask {
  /** One try; true (or a promise of true) when it worked and no more are needed. */
  attempt(retryCount: number): boolean | Promise<boolean>;
  /** False once trying is pointless (closed, left, fixed by other means). */
  stillWanted(): boolean;
  /** The policy gave up. */
  giveUp?(): void;
}

export class Retrier {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private retryCount = 0;
  private readonly started = performance.now();

  constructor(
    private readonly policy: RetryPolicy,
    private readonly task: RetryTask,
  ) {
    this.scheduleNext();
  }

  get running(): boolean {
    return !this.stopped;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    if (!this.task.stillWanted()) {
      this.stop();
      return;
    }
    const delay = this.policy.nextRetryDelayMs({
      retryCount: this.retryCount,
      elapsedMs: performance.now() - this.started,
    });
    if (delay === null) {
      this.stop();
      this.task.giveUp?.();
      return;
    }
    this.timer = setTimeout(() => void this.tryOnce(), delay);
  }

  private async tryOnce(): Promise<void> {
    this.timer = null;
    if (this.stopped || !this.task.stillWanted()) {
      this.stop();
      return;
    }
    let done: boolean;
    try {
      done = await this.task.attempt(this.retryCount++);
    } catch {
      // A try that throws is a try that failed; the next one is planned as usual.
      done = false;
    }
    if (done) this.stop();
    else this.scheduleNext();
  }
}
