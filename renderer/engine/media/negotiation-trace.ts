/**
 * A short history of one media connection's negotiation — what was sent and
 * received, and how signaling, gathering and ICE moved — with times since
 * the connection was made. The self-healing guard prints it with every
 * repair, so a connection that stalled says how it got there, and reads
 * from it how long negotiation has been still (quietMs).
 */

/** Entries kept: the first ones (how negotiation started) and the latest. */
const KEEP_FIRST = 12;
const KEEP_LAST = 28;

interface Entry {
  atMs: number;
  event: string;
  times: number;
}

export class NegotiationTrace {
  private readonly startedAt = performance.now();
  private readonly first: Entry[] = [];
  private readonly last: Entry[] = [];
  private dropped = 0;
  /** When the last event came (the connection's making counts as one). */
  private lastAt = this.startedAt;

  /** Records one event; a run of the same event (a burst of candidates) is one entry with a count. */
  note(event: string): void {
    this.lastAt = performance.now();
    const previous = this.last.at(-1) ?? (this.first.length === KEEP_FIRST ? undefined : this.first.at(-1));
    if (previous?.event === event) {
      previous.times++;
      return;
    }
    const entry = { atMs: Math.round(performance.now() - this.startedAt), event, times: 1 };
    if (this.first.length < KEEP_FIRST) {
      this.first.push(entry);
      return;
    }
    this.last.push(entry);
    if (this.last.length > KEEP_LAST) {
      this.last.shift();
      this.dropped++;
    }
  }

  /** Milliseconds since negotiation last moved: anything sent or received, any state change. */
  quietMs(now: number): number {
    return Math.max(0, now - this.lastAt);
  }

  describe(): string {
    const text = (entry: Entry): string =>
      `+${entry.atMs} ${entry.event}${entry.times > 1 ? ` x${entry.times}` : ''}`;
    const gap = this.dropped ? [`(${this.dropped} more)`] : [];
    return [...this.first.map(text), ...gap, ...this.last.map(text)].join(', ');
  }
}
