/**
 * A second way to hear a member while its link's channel is quiet: whether
 * bytes still arrive on our media connection with it. Media is sent by the
 * browser's own threads, the heartbeat by the member's page; a member whose
 * page is starved of CPU (a loaded machine, a room too big for it) stops
 * pinging while its camera, its mic and the path between us go on. Judging
 * such a member gone cost a redial, an ICE restart and fresh senders on
 * every link at once: more load, more late pings, and in rooms of six on two
 * cores a cascade that never settled. A path that has gone dead carries
 * nothing either way, so a real outage is still found in the channel's 2 s.
 */

/** A rise in bytes seen this recently says the path is alive. Two heartbeats, and a slow getStats. */
export const LIVE_WITHIN_MS = 1500;

/** What the channel asks of a probe while the member is quiet (see LinkChannel). */
export interface QuietProbe {
  /** The channel has been quiet a while: take a sample (called on every heartbeat while quiet). */
  sample(): void;
  /** Whether the samples lately showed bytes arriving from the member. */
  alive(): boolean;
  /** The member was heard on the channel again: start afresh next time. */
  reset(): void;
}

export class MediaLiveness implements QuietProbe {
  private previous: number | null = null;
  private lastRise: number | null = null;
  private reading = false;

  /**
   * @param readBytes the bytes received so far on the media connection with
   *   the member (all its transports), or null when they cannot be read.
   */
  constructor(
    private readonly readBytes: () => Promise<number | null>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  sample(): void {
    if (this.reading) return;
    this.reading = true;
    void this.readBytes()
      .catch(() => null)
      .then((bytes) => {
        this.reading = false;
        if (bytes === null) return;
        if (this.previous !== null && bytes > this.previous) this.lastRise = this.now();
        this.previous = bytes;
      });
  }

  alive(): boolean {
    return this.lastRise !== null && this.now() - this.lastRise <= LIVE_WITHIN_MS;
  }

  reset(): void {
    this.previous = null;
    this.lastRise = null;
  }
}

/** The bytes received on all of a connection's transports, or null when there are none to read. */
export async function bytesReceived(pc: RTCPeerConnection): Promise<number | null> {
  let total: number | null = null;
  (await pc.getStats()).forEach((report: { type: string; bytesReceived?: number }) => {
    if (report.type === 'transport' && typeof report.bytesReceived === 'number')
      total = (total ?? 0) + report.bytesReceived;
  });
  return total;
}
