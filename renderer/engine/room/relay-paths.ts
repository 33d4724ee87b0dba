/**
 * Whether this member reaches the room through a TURN relay: relayed as soon
 * as its media path to any member is, told to the room when that flips, and
 * why a member cannot be reached at all when no path works.
 */
import { hasRelay } from '../media/ice-config.js';
import type { RoomContext } from './room-context.js';

export class RelayPaths {
  private readonly relayedTo = new Set<string>();
  private relayedNow = false;
  /** A TURN server answered 401 on some connection: our relay credentials are wrong. */
  private refused = false;

  constructor(
    private readonly ctx: RoomContext,
    /** Tells every member our path changed. */
    private readonly announce: (relayed: boolean) => void,
  ) {}

  get relayed(): boolean {
    return this.relayedNow;
  }

  /** Our path to one member changed; the room is told when our overall state flips. */
  update(peerId: string, relayed: boolean): void {
    if (relayed) this.relayedTo.add(peerId);
    else this.relayedTo.delete(peerId);
    const now = this.relayedTo.size > 0;
    if (now === this.relayedNow) return;
    this.relayedNow = now;
    this.ctx.log(now ? 'connected through a relay' : 'connected directly');
    this.announce(now);
    this.ctx.changed();
  }

  relayRefused(): void {
    this.refused = true;
    this.ctx.warn('The relay server refused our credentials.');
  }

  /** Why no network path reaches a member. */
  noPathReason(): string {
    if (this.refused) return 'the relay refused our credentials';
    return hasRelay(this.ctx.ice) ? 'not even through the relay' : 'no relay available';
  }
}
