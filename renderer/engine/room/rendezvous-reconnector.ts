/**
 * Keeps a peer registered with its rendezvous server. When the server
 * connection drops (server restart, Wi-Fi blip) the peer reconnects under the
 * same id with backoff; member links are peer to peer and go on meanwhile.
 */
import type { Peer } from 'peerjs';

export interface ReconnectHooks {
  onLost(): void;
  onRestored(): void;
  log(message: string): void;
}

/** Delay before reconnect attempt `attempt` (0-based): 250 ms doubling, capped at 5 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(250 * 2 ** attempt, 5000);
}

export class RendezvousReconnector {
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly peer: Peer,
    private readonly hooks: ReconnectHooks,
  ) {
    peer.on('disconnected', () => {
      if (this.stopped || peer.destroyed) return;
      this.hooks.log('lost the rendezvous server; reconnecting');
      this.hooks.onLost();
      this.schedule();
    });
    peer.on('open', () => {
      if (this.stopped) return;
      if (this.attempt > 0 || this.timer) this.hooks.log('rendezvous server connection restored');
      this.attempt = 0;
      this.hooks.onRestored();
    });
    peer.on('error', (error) => {
      // A failed reconnect attempt leaves the peer disconnected: try again later.
      if (!this.stopped && peer.disconnected && !peer.destroyed && !this.timer) {
        this.hooks.log(`reconnect failed (${error.type})`);
        this.schedule();
      }
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer) return;
    const delay = reconnectDelayMs(this.attempt++);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.stopped || this.peer.destroyed || !this.peer.disconnected) return;
      this.peer.reconnect();
    }, delay);
  }
}
