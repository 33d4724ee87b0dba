/**
 * Keeps a peer registered with its rendezvous server. When the server
 * connection drops (server restart, Wi-Fi blip) the peer registers again
 * under the same id, under the retry policy; member links are peer to peer
 * and go on meanwhile. If the server has given the id to someone else
 * meanwhile (it dropped us as silent and another peer claimed it), retrying
 * is pointless: `onIdTaken` says so and the tries stop.
 */
import { Retrier, rendezvousRetry, type RetryPolicy } from '../retry-policy.js';
import type { PeerGroup } from './peer-group.js';
import type { RendezvousPeer } from './rendezvous-port.js';

export interface ReconnectHooks {
  onLost(): void;
  /** Registered again, after `awayMs` without the server. */
  onRestored(awayMs: number): void;
  /** The server gave our id to another peer while we were away: the tries have stopped. */
  onIdTaken?(): void;
  log(message: string): void;
  /** The member's other registrations: when this one loses the server they reconnect too (see peer-group.ts). */
  group?: PeerGroup;
}

/** One reconnect try gets this long to hear back before the next is planned. */
const ATTEMPT_MS = 10_000;

export class RendezvousReconnector {
  private retrier: Retrier | null = null;
  private lostAt = 0;
  private stopped = false;

  constructor(
    private readonly peer: RendezvousPeer,
    private readonly hooks: ReconnectHooks,
    private readonly policy: RetryPolicy = rendezvousRetry,
  ) {
    hooks.group?.add(peer);
    peer.on('disconnected', () => {
      if (this.stopped || peer.destroyed || this.retrier?.running) return;
      this.hooks.group?.lost(peer);
      this.hooks.log('lost the rendezvous server; reconnecting');
      this.lostAt = performance.now();
      this.hooks.onLost();
      this.retrier = new Retrier(this.policy, {
        stillWanted: () => !this.stopped && !peer.destroyed,
        attempt: () => this.tryOnce(),
      });
    });
  }

  stop(): void {
    this.hooks.group?.delete(this.peer);
    this.stopped = true;
    this.retrier?.stop();
    this.retrier = null;
  }

  /** Resolves true once registered again, false when this try failed or heard nothing in time. */
  private tryOnce(): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (restored: boolean, taken = false): void => {
        clearTimeout(timer);
        this.peer.off('open', opened);
        this.peer.off('disconnected', failed);
        this.peer.off('error', errored);
        if (taken && !this.stopped) {
          this.hooks.log('the server gave our id to someone else while we were away');
          this.stop();
          this.hooks.onIdTaken?.();
          resolve(true);
          return;
        }
        if (restored && !this.stopped) {
          this.hooks.log('rendezvous server connection restored');
          this.hooks.onRestored(performance.now() - this.lostAt);
        }
        resolve(restored);
      };
      const opened = (): void => finish(true);
      const failed = (): void => finish(false);
      const errored = (error: { type: string }): void => finish(false, error.type === 'unavailable-id');
      const timer = setTimeout(failed, ATTEMPT_MS);
      this.peer.on('open', opened);
      this.peer.on('disconnected', failed);
      this.peer.on('error', errored);
      if (this.peer.disconnected) this.peer.reconnect();
      else finish(true);
    });
  }
}
