/**
 * How long and how often to try to bring an interrupted member link back, as
 * a swappable policy: `nextDelayMs(attempt, elapsedMs)` gives the wait before
 * the next try, or null to give up.
 */
export interface RecoveryPolicy {
  nextDelayMs(attempt: number, elapsedMs: number): number | null;
}

/** Quick first tries (a blip is usually short), then backing off, giving up after 30 s. */
export const defaultRecoveryPolicy: RecoveryPolicy = {
  nextDelayMs(attempt, elapsedMs) {
    if (elapsedMs > 30_000) return null;
    return Math.min([0, 250, 500, 1000, 2000][attempt] ?? 2000 * 2 ** (attempt - 4), 8000);
  },
};

/** Marks a connection that only checks whether a member still exists. */
export const PROBE = { probe: true } as const;

export function isProbe(metadata: unknown): boolean {
  return (
    typeof metadata === 'object' && metadata !== null && (metadata as { probe?: unknown }).probe === true
  );
}

export interface RecoveryRun {
  policy: RecoveryPolicy;
  /** How long one attempt gets before the next (through a relay, opening can take a second or two). */
  attemptMs: number;
  /** Whether the link is still down and worth trying for. */
  stillDown(): boolean;
  /** One try: the dialer dials again, the other side checks the member still exists. */
  attempt(): void;
  /** The policy gave up. */
  giveUp(): void;
}

/** Tries to bring a link back under `policy` until it is up again or the policy gives up. */
export function runRecovery(run: RecoveryRun): void {
  const started = performance.now();
  let attempt = 0;
  const next = (): void => {
    if (!run.stillDown()) return;
    const delay = run.policy.nextDelayMs(attempt++, performance.now() - started);
    if (delay === null) {
      run.giveUp();
      return;
    }
    setTimeout(() => {
      if (!run.stillDown()) return;
      run.attempt();
      setTimeout(next, run.attemptMs);
    }, delay);
  };
  next();
}
