/**
 * What the room needs of a rendezvous service, in its own words: a peer
 * registered under an id, that dials other ids and is dialed, and the
 * message channels between them. PeerJS fills it (`peerjs-rendezvous.ts`,
 * the one file that imports PeerJS); unit tests fill it with an in-memory
 * fake, so the room's logic runs under Node with no server and no browser.
 */
import type { RendezvousServer } from '../../contract/rendezvous-server.js';

export interface ChannelEvents {
  /** The channel is open; `send` delivers from now on. */
  open: undefined;
  /** One message from the far end, as it arrived (not yet validated). */
  data: unknown;
  /** The channel closed, from either end or the network. */
  close: undefined;
  /** The channel failed (no path between the two, mostly). */
  error: Error;
}

/**
 * A reliable, ordered channel to one peer: text messages, and for transfer
 * channels binary frames too (a file's chunks).
 */
export interface PeerChannel {
  /** The peer id at the far end. */
  readonly peer: string;
  readonly open: boolean;
  /** Opened only to ask whether we still exist; arriving is the answer (see link-recovery.ts). */
  readonly isProbe: boolean;
  /**
   * For a channel we dialed: the far end answered through the server, so it
   * exists and is trying to connect. A channel that never opens though
   * answered found no network path; one never answered reached nobody alive.
   */
  readonly answered: boolean;
  /**
   * ICE found a working path for this channel: what is left before it
   * opens is its handshake (DTLS, then SCTP), which only takes time.
   */
  readonly pathUp: boolean;
  /** For a channel carrying one file transfer: the transfer's id, named by its dialer; null otherwise. */
  readonly transfer: string | null;
  /** The largest message the channel carries, once open; null when it does not say. */
  readonly maxMessageSize: number | null;
  /** Bytes handed to `send`/`sendBytes` that have not left yet: what backpressure watches. */
  readonly bufferedAmount: number;
  send(text: string): void;
  /** Sends one binary frame. */
  sendBytes(bytes: Uint8Array): void;
  /** Calls `listener` each time `bufferedAmount` falls to `threshold` or below (call once the channel is open). */
  onDrained(threshold: number, listener: () => void): void;
  /** Moves the threshold given to onDrained (a sender that lets more wait in the channel drains it later). */
  setDrainThreshold(threshold: number): void;
  close(): void;
  on<K extends keyof ChannelEvents>(event: K, listener: (payload: ChannelEvents[K]) => void): void;
  removeAllListeners(): void;
  /** Calls `listener` when a TURN server refuses our credentials while this channel connects. */
  onRelayRefused(listener: () => void): void;
  /**
   * Bytes received so far on the channel's own connection, the far end's
   * acknowledgements of what we send included; null when unknown. They rise
   * while the far end's browser is up and the path works, however busy its page.
   */
  transportBytesReceived(): Promise<number | null>;
}

export interface RendezvousError {
  type: string;
  message: string;
}

export interface PeerEvents {
  /** Someone dialed us. */
  connection: PeerChannel;
  /** Registered with the server (again, after a reconnect). */
  open: undefined;
  /** Lost the server; channels already open go on. */
  disconnected: undefined;
  /** The server could not deliver to this peer id: nobody holds it (now). */
  unavailable: string;
  /** Someone placed a rendezvous media call to us, which was refused (media comes only over member links). */
  'call-refused': string;
  /** Anything else the server or the peer reported. */
  error: RendezvousError;
}

/** Our registration under one id on a rendezvous server. */
export interface RendezvousPeer {
  readonly id: string;
  readonly disconnected: boolean;
  readonly destroyed: boolean;
  /** `transfer` makes a channel for that one file transfer (see PeerChannel.transfer). */
  connect(peerId: string, options?: { probe?: boolean; transfer?: string }): PeerChannel;
  on<K extends keyof PeerEvents>(event: K, listener: (payload: PeerEvents[K]) => void): void;
  off<K extends keyof PeerEvents>(event: K, listener: (payload: PeerEvents[K]) => void): void;
  /** Registers again under the same id after `disconnected`. */
  reconnect(): void;
  /** Closes our connection to the server (a `disconnected` follows) but keeps the peer, to `reconnect` later. */
  disconnect(): void;
  /** Gives up the id and closes every channel. */
  destroy(): void;
}

/** Opens peers on one rendezvous server. */
export interface Rendezvous {
  readonly server: RendezvousServer;
  /**
   * Resolves once the server has given us `id`. Rejects with a HuddleError:
   * `name-taken` (worded by `takenMessage`) when someone holds it,
   * `server-unreachable`, `server-rejected-key`, `name-invalid`.
   */
  open(id: string, takenMessage: string, timeoutMs?: number): Promise<RendezvousPeer>;
}
