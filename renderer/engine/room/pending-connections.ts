/**
 * Data connections from peers this member has not (yet) been told were
 * admitted. A joiner usually dials us a moment after the keeper's
 * `member-admitted` reaches us, but not always: such a connection is held,
 * its messages kept, until the admission arrives; otherwise it is refused.
 * Nothing from it reaches the room before then — no hello, no media.
 */
import type { PeerChannel } from '../rendezvous/rendezvous-port.js';

interface Held {
  connection: PeerChannel;
  buffered: unknown[];
  timer: ReturnType<typeof setTimeout>;
}

/**
 * What a held connection may send before it is admitted: its hello, its
 * first offer and candidates, and four pings a second for the whole wait.
 * More than that is refused rather than cut short: a lost offer or
 * candidate would leave the link without media for good, while a refused
 * connection is dialed again.
 */
const MAX_BUFFERED = 256;

export class PendingConnections {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly timeoutMs: number,
    private readonly refuse: (connection: PeerChannel, reason: string) => void,
  ) {}

  hold(connection: PeerChannel): void {
    this.drop(connection.peer, 'replaced by a newer connection');
    const entry: Held = {
      connection,
      buffered: [],
      timer: setTimeout(
        () => this.drop(connection.peer, 'it was never admitted to this room'),
        this.timeoutMs,
      ),
    };
    connection.on('data', (data) => {
      if (this.held.get(connection.peer) !== entry) return;
      if (entry.buffered.length < MAX_BUFFERED) entry.buffered.push(data);
      else this.drop(connection.peer, `it sent more than ${MAX_BUFFERED} messages before being admitted`);
    });
    connection.on('close', () => {
      if (this.held.get(connection.peer) === entry) {
        clearTimeout(entry.timer);
        this.held.delete(connection.peer);
      }
    });
    this.held.set(connection.peer, entry);
  }

  /** Hands over a held connection and what it sent, once its peer is admitted. */
  release(peerId: string): { connection: PeerChannel; buffered: unknown[] } | undefined {
    const entry = this.held.get(peerId);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    this.held.delete(peerId);
    return { connection: entry.connection, buffered: entry.buffered };
  }

  drop(peerId: string, reason: string): void {
    const entry = this.held.get(peerId);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.held.delete(peerId);
    this.refuse(entry.connection, reason);
  }

  clear(): void {
    for (const peerId of [...this.held.keys()]) this.drop(peerId, 'session closed');
  }
}
