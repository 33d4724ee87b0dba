/**
 * A second way to hear a member while its link's channel is quiet: whether
 * bytes still arrive from it on our connections with it, its media
 * connection and its link's own. Those bytes are sent by the member's
 * browser threads, the heartbeat by its page: a member whose page is starved
 * of CPU (a loaded machine, a room too big for it) stops pinging while its
 * camera and mic go on and its browser still acknowledges our own pings on
 * the link (so a member that sends no media, or whose media is being
 * renegotiated, is heard too). Judging such a member gone cost a redial, an
 * ICE restart and fresh senders on every link at once: more load, more late
 * pings, and on two loaded cores a cascade that never settled. A path that
 * has gone dead carries nothing either way, so a real outage is still found
 * in the channel's 2 s.
 */
import { transportBytesReceived } from '../media/link-stats.js';

/** A rise in bytes seen this recently says the path is alive. Two heartbeats, and a slow getStats. */
export const LIVE_WITHIN_MS = 1500;

/** What the channel asks of a probe while the member is quiet (see LinkChannel). */
export interface QuietProbe {
  /** The channel has been quiet a while: take a sample (called on every heartbeat while quiet). */
  sample(): void;
  /** Whether the samples lately showed bytes arriving from the member. */
  alive(): boolean;
  /**
   * Whether enough samples have come back since the silence began to tell a
   * busy member from a gone one (two). On a loaded machine a sample's
   * getStats can take longer than a heartbeat: judged before then, a busy
   * member would be taken for gone.
   */
  decided(): boolean;
  /** The member was heard on the channel again: start afresh next time. */
  reset(): void;
}

export class PathLiveness implements QuietProbe {
  private previous: number | null = null;
  private lastRise: number | null = null;
  private reading = false;
  /** Samples come back since the last reset, read or not (a connection with nothing to read answers too). */
  private answers = 0;

  /**
   * @param readBytes the bytes received so far on our connections with the
   *   member (all their transports), or null when they cannot be read.
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
        this.answers++;
        if (bytes === null) return;
        if (this.previous !== null && bytes > this.previous) this.lastRise = this.now();
        this.previous = bytes;
      });
  }

  alive(): boolean {
    return this.lastRise !== null && this.now() - this.lastRise <= LIVE_WITHIN_MS;
  }

  decided(): boolean {
    return this.answers >= 2;
  }

  reset(): void {
    this.previous = null;
    this.lastRise = null;
    this.answers = 0;
  }
}

/** The bytes received on all of a connection's transports, or null when there are none to read. */
export async function bytesReceived(pc: RTCPeerConnection): Promise<number | null> {
  return transportBytesReceived(await pc.getStats());
}
