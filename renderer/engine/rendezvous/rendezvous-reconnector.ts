/**
 * Keeps a peer registered with its rendezvous server. When the server
 * connection drops (server restart, Wi-Fi blip) the peer registers again
 * under the same id, under the retry policy; member links are peer to peer
 * and go on meanwhile.
 */
import { Retrier, rendezvousRetry, type RetryPolicy } from '../retry-policy.js';
import type { RendezvousPeer } from './rendezvous-port.js';

export interface ReconnectHooks {
  onLost(): void;
  onRestored(): void;
  log(message: string): void;
}

/** One reconnect try gets this long to hear back before the next is planned. */
const ATTEMPT_MS = 10_000;

export class RendezvousReconnector {
  private retrier: Retrier | null = null;
  private stopped = false;

  constructor(
    private readonly peer: RendezvousPeer,
    private readonly hooks: ReconnectHooks,
    private readonly policy: RetryPolicy = rendezvousRetry,
  ) {
    peer.on('disconnected', () => {
      if (this.stopped || peer.destroyed || this.retrier?.running) return;
      this.hooks.log('lost the rendezvous server; reconnecting');
      this.hooks.onLost();
      this.retrier = new Retrier(this.policy, {
        stillWanted: () => !this.stopped && !peer.destroyed,
        attempt: () => this.tryOnce(),
      });
    });
  }

  stop(): void {
    this.stopped = true;
    this.retrier?.stop();
    this.retrier = null;
  }

  /** Resolves true once registered again, false when this try failed or heard nothing in time. */
  private tryOnce(): Promise<boolean> {
    return new Promise((resolve) => {
      const finish = (restored: boolean): void => {
        clearTimeout(timer);
        this.peer.off('open', opened);
        this.peer.off('disconnected', failed);
        this.peer.off('error', failed);
        if (restored && !this.stopped) {
          this.hooks.log('rendezvous server connection restored');
          this.hooks.onRestored();
        }
        resolve(restored);
      };
      const opened = (): void => finish(true);
      const failed = (): void => finish(false);
      const timer = setTimeout(failed, ATTEMPT_MS);
      this.peer.on('open', opened);
      this.peer.on('disconnected', failed);
      this.peer.on('error', failed);
      if (this.peer.disconnected) this.peer.reconnect();
      else finish(true);
    });
  }
}
