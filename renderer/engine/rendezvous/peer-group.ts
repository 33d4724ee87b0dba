/**
 * All of one member's registrations with the rendezvous server — its name's
 * id, and the keeper and deputy ids it may hold — go over the same network.
 * When one of them finds its connection dead, the others' are most likely
 * dead too, but TCP may take a minute or more to say so: while the network
 * was gone it retried sending with a growing backoff, and it tries again
 * only when that backoff runs out. A member back from a long outage could
 * then talk through a dead connection for that long ("not answering").
 * So when one registration loses the server, the others drop their
 * connections too and register again at once, each through its own
 * RendezvousReconnector.
 */
import type { RendezvousPeer } from './rendezvous-port.js';

/** A loss within this of the last one is part of it: the peers dropped for it report theirs too. */
const SAME_LOSS_MS = 10_000;

export class PeerGroup {
  private readonly peers = new Set<RendezvousPeer>();
  private lastLoss = -Infinity;

  add(peer: RendezvousPeer): void {
    this.peers.add(peer);
  }

  delete(peer: RendezvousPeer): void {
    this.peers.delete(peer);
  }

  /** `lost` found its server connection dead: the others reconnect too (once per loss). */
  lost(lost: RendezvousPeer): void {
    const now = performance.now();
    if (now - this.lastLoss < SAME_LOSS_MS) return;
    this.lastLoss = now;
    for (const peer of this.peers) {
      if (peer !== lost && !peer.disconnected && !peer.destroyed) peer.disconnect();
    }
  }
}
