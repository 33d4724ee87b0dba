/**
 * The self-healing guard of one media connection: it watches what the
 * connection should be doing and, when it has not done it for a while,
 * says which repair to try next. It is a safety net for failures nobody has
 * found yet, never the fix for one that is known: every repair is logged
 * with its reason, and on a healthy network it should never fire.
 *
 * Healthy means: nothing to carry (no live transceivers), or ICE connected
 * and — when the member says it publishes video — video packets arriving.
 * Unhealthy for `boundMs` with negotiation still for as long fires the next
 * repair of the ladder (ICE restart, then a fresh media connection on both
 * sides, then dialing the link again); each repair gets `boundMs` to work
 * before the next. Health resets the ladder.
 *
 * Negotiation that still moves (an answer, candidates, ICE checking) is a
 * connection on its way, not a stuck one: on a saturated machine each step
 * can take seconds (answers 5 s after the offer were seen with six members
 * on two cores), and a repair then throws away a negotiation about to
 * finish for one that takes as long, so no connection ever came up. Such a
 * connection is judged once negotiation has been still for `boundMs`, or
 * once it has been unhealthy for MOVING_BOUND_FACTOR bounds in all, which
 * catches a negotiation that moves forever without getting anywhere.
 *
 * A connection that gathers no ICE candidate at all is past what an ICE
 * restart can fix and gets a new one sooner (GATHERING_BOUND_MS).
 * A pure class: the link feeds it observations.
 */

export type Repair = 'restart-ice' | 'renew-media' | 'redial';

export const REPAIR_LADDER: readonly Repair[] = ['restart-ice', 'renew-media', 'redial'];

/** How long a connection may fail its promise before a repair. */
export const GUARD_BOUND_MS = 8000;

/**
 * A connection that has set a local description and gathered not one ICE
 * candidate this long after will never gather one: seen in Chromium on a
 * connection made as another closed, under load, where an ICE restart
 * gathered nothing either. Only a new connection helps, so it gets one at
 * once rather than after the ladder's ICE restart. Host candidates come
 * within milliseconds, so this is long for a healthy connection.
 */
export const GATHERING_BOUND_MS = 4000;

/** A connection whose negotiation keeps moving is repaired after this many bounds unhealthy all the same. */
export const MOVING_BOUND_FACTOR = 4;

export interface GuardObservation {
  /** Milliseconds on any steady clock. */
  now: number;
  /** The link's channel is open and the member's hello is in: media can be negotiated. */
  linkReady: boolean;
  ice: RTCIceConnectionState;
  /** Transceivers that are not stopped, either direction. */
  liveTransceivers: number;
  /** The member says it publishes video (camera on). */
  expectVideo: boolean;
  /** Video packets received so far on this connection. */
  videoPacketsIn: number;
  /** How long since the connection's negotiation last moved (sent, received, any state change). */
  negotiationQuietMs: number;
  /**
   * How long ago this connection first set a local description (and so began
   * gathering), with no local candidate gathered since; null once one has
   * been, or when none can be expected (relay-only without a relay).
   */
  gatheringSilentMs: number | null;
}

export interface RepairOrder {
  repair: Repair;
  reason: string;
}

export class MediaGuard {
  /** Since when the connection has been failing, or null while healthy. */
  private failingSince: number | null = null;
  /** Video packets at the last observation, or null when no video is expected. */
  private packetsSeen: number | null = null;
  private step = 0;

  constructor(
    private readonly boundMs = GUARD_BOUND_MS,
    /** Repairs this member's peer can take part in (an older peer may not renew media). */
    private readonly ladder: readonly Repair[] = REPAIR_LADDER,
  ) {}

  /** Takes one observation; returns the repair to make now, if any. */
  observe(observation: GuardObservation): RepairOrder | null {
    const stalled = this.stalledGathering(observation);
    if (stalled) return stalled;
    const problem = this.problem(observation);
    if (problem === null) {
      this.failingSince = null;
      this.step = 0;
      return null;
    }
    this.failingSince ??= observation.now;
    const failingMs = observation.now - this.failingSince;
    const stillMs = Math.min(failingMs, observation.negotiationQuietMs);
    const moving = stillMs < this.boundMs;
    if (failingMs < this.boundMs || (moving && failingMs < this.boundMs * MOVING_BOUND_FACTOR)) return null;
    const repair = this.ladder[this.step];
    if (!repair) return null;
    this.step++;
    // The repair gets a full bound of its own before the next is judged.
    this.failingSince = observation.now;
    const seconds = (ms: number): number => Math.round(ms / 1000);
    return {
      repair,
      reason: moving
        ? `${problem} for ${seconds(failingMs)} s, negotiation still moving (${seconds(stillMs)} s ago)`
        : `${problem} for ${seconds(failingMs)} s`,
    };
  }

  /**
   * A connection that gathers nothing gets the first repair that makes a new
   * one (renewed media, else a redial), skipping the ICE restart; it then has
   * a full bound before anything more is judged.
   */
  private stalledGathering(observation: GuardObservation): RepairOrder | null {
    const silent = observation.gatheringSilentMs;
    if (!observation.linkReady || silent === null || silent < GATHERING_BOUND_MS) return null;
    const next = this.ladder.findIndex((repair, index) => index >= this.step && repair !== 'restart-ice');
    if (next === -1) return null;
    const repair = this.ladder[next]!;
    this.step = next + 1;
    this.failingSince = observation.now;
    return {
      repair,
      reason: `no local ICE candidate gathered ${Math.round(silent / 1000)} s after the local description`,
    };
  }

  /** What is wrong now, or null when nothing is (or nothing can be judged). */
  private problem(observation: GuardObservation): string | null {
    const { linkReady, ice, liveTransceivers, expectVideo, videoPacketsIn } = observation;
    const seen = this.packetsSeen;
    this.packetsSeen = expectVideo ? videoPacketsIn : null;
    if (!linkReady || liveTransceivers === 0) return null;
    if (ice !== 'connected' && ice !== 'completed') return `ICE ${ice}, not connected`;
    if (expectVideo && seen !== null && videoPacketsIn <= seen) return 'no new video packets';
    return null;
  }
}
