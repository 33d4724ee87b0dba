/**
 * Timers owned by one object (the keeper, the deputy, the room's host
 * side): each runs its action once unless cancelled, and all are cancelled
 * together when their owner closes, so nothing of a closed owner fires late.
 */
export class OwnedTimers {
  private readonly pending = new Set<ReturnType<typeof setTimeout>>();

  /** Runs `action` after `ms` unless cancelled, alone or by clear(); returns the cancel. */
  later(ms: number, action: () => void): () => void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      action();
    }, ms);
    this.pending.add(timer);
    return () => {
      clearTimeout(timer);
      this.pending.delete(timer);
    };
  }

  /** Cancels every timer not yet run. */
  clear(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
