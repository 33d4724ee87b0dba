/**
 * Bringing back one member link whose channel died without a bye. The
 * newer member of the pair (the polite side) dials again; the other checks
 * that the member still exists by opening a probe, which the member closes
 * at once — for a member that crashed or left, the server answers that
 * nobody holds its id, and it is removed (see MemberLinks).
 *
 * Tries go on under the retry policy for as long as both are in the room,
 * however long the outage: a laptop closed for a minute comes back by
 * itself. After a while the member is shown as lost meanwhile, with why.
 */
import { Retrier, type RetryPolicy } from '../retry-policy.js';
import type { PeerChannel, RendezvousPeer } from '../rendezvous/rendezvous-port.js';
import type { MemberLink } from './member-link.js';

/** How long one try gets before the next (through a relay, opening can take a second or two). */
export const RECOVERY_ATTEMPT_MS = 3000;
/**
 * A try whose path is up by then (ICE connected) is only finishing its
 * handshake, slow on a loaded machine: it gets until this much in all
 * (the channel's own open limit) rather than be replaced by a new try,
 * which would start the handshake over; on a machine slow enough, each
 * try replaced the last and the link stayed down.
 */
export const PATH_UP_ATTEMPT_MS = 10_000;
const PATH_UP_POLL_MS = 250;
/** After this long the member is shown as lost (still trying). */
export const LOST_AFTER_MS = 30_000;

export interface LinkRecoveryOptions {
  link: MemberLink;
  peer: () => RendezvousPeer | null;
  policy: RetryPolicy;
  /** Whether this recovery is still wanted (the link is still ours, we are still in the room). */
  stillWanted: () => boolean;
  /**
   * The outage has lasted LOST_AFTER_MS: show it. `noPath` when our tries
   * reached the member through the server but found no network path to it
   * (ICE failed), rather than hearing nothing back at all.
   */
  lost: (noPath: boolean) => void;
  log: (message: string) => void;
}

export class LinkRecovery {
  private readonly retrier: Retrier;
  private readonly lostTimer: ReturnType<typeof setTimeout>;
  private probe: { close(): void } | null = null;
  /** A try during this outage reached the member but found no path to it. */
  private noPath = false;
  private stopped = false;
  /** The wait after each try in flight (retryNow may start one beside the policy's), ended early on stop. */
  private readonly waits = new Set<{ timer: ReturnType<typeof setTimeout>; end: () => void }>();

  constructor(private readonly options: LinkRecoveryOptions) {
    const { link } = options;
    this.retrier = new Retrier(options.policy, {
      stillWanted: () => link.isInterrupted && options.stillWanted(),
      attempt: () => this.tryOnce(),
    });
    this.lostTimer = setTimeout(() => {
      if (link.isInterrupted && options.stillWanted()) options.lost(this.noPath);
    }, LOST_AFTER_MS);
  }

  /**
   * The member dialed us during the outage: it is there and reaches us
   * through the server, so if nothing opens, no network path reaches it.
   */
  memberDialed(): void {
    this.noPath = true;
  }

  /** Tries again at once (our own rendezvous connection just came back), then on the policy's schedule. */
  retryNow(): void {
    if (this.options.link.isInterrupted && this.options.stillWanted()) void this.tryOnce();
  }

  stop(): void {
    this.stopped = true;
    this.retrier.stop();
    clearTimeout(this.lostTimer);
    for (const wait of this.waits) {
      clearTimeout(wait.timer);
      wait.end();
    }
    this.waits.clear();
    this.probe?.close();
    this.probe = null;
  }

  private async tryOnce(): Promise<boolean> {
    const { link } = this.options;
    const peer = this.options.peer();
    let channel: PeerChannel | null = null;
    let failed = false;
    if (peer && !peer.disconnected) {
      channel = peer.connect(link.peerId, { probe: !link.polite });
      // ICE found no path (PeerJS reports it as an error on the channel).
      channel.on('error', () => (failed = true));
      if (link.polite) link.reattach(channel);
      else {
        this.probe?.close();
        this.probe = channel;
      }
    }
    const started = performance.now();
    await this.wait(RECOVERY_ATTEMPT_MS);
    while (
      link.polite &&
      channel?.pathUp &&
      !channel.open &&
      link.isInterrupted &&
      !this.stopped &&
      performance.now() - started < PATH_UP_ATTEMPT_MS
    )
      await this.wait(PATH_UP_POLL_MS);
    if (channel && !channel.open) {
      // Answered through the server but never opened: the member is there, and no path reaches it.
      this.noPath ||= failed || channel.answered;
      // (A probe is never answered: the member closes it on arrival.)
      if (link.polite) this.dialDidNotOpen(channel, failed, performance.now() - started);
    }
    this.probe?.close();
    this.probe = null;
    return !link.isInterrupted;
  }

  /**
   * Logs how far a dial of ours got before the next replaced it: the
   * member's answer, the path, the handshake after it. On a machine too
   * starved to set a connection up within a try, this says which step held it.
   */
  private dialDidNotOpen(channel: PeerChannel, failed: boolean, ms: number): void {
    const reached = failed
      ? 'failed'
      : !channel.answered
        ? 'not answered'
        : channel.pathUp
          ? 'answered, path up'
          : 'answered, no path yet';
    this.options.log(
      `link to ${this.options.link.peerId}: a dial did not open in ${Math.round(ms)} ms (${reached})`,
    );
  }

  /** Waits `ms`, or less if the recovery stops meanwhile. */
  private wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wait = {
        timer: setTimeout(() => wait.end(), ms),
        end: () => {
          this.waits.delete(wait);
          resolve();
        },
      };
      this.waits.add(wait);
    });
  }
}
