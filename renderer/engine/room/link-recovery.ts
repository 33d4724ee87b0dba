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
