/**
 * The link between this member and one other: a channel for room messages
 * (a data connection, swappable when it dies) and a media connection of our
 * own negotiated over it (LinkMedia: so we control renegotiation, glare and
 * ICE restarts, rather than PeerJS's one-shot media calls).
 *
 * When the channel dies without a bye the link is *interrupted*, not closed:
 * the media connection and everything sent and received are kept, the
 * newer member dials again, and once a new channel is attached and the
 * member's hello on it says it is the same session, the media connection
 * restarts ICE (through the relay, if that is the only way left).
 *
 * Closing a link closes, in order: the media (outgoing senders, the media
 * connection, which ends every remote track, the guard), then the channel.
 */
import { Emitter } from '../emitter.js';
import { markJoinStep } from '../join-marks.js';
import type { IceSettings } from '../media/ice-config.js';
import type { Hello, MediaState, PeerMessage, Unstamped } from '../protocol/messages.js';
import type { PeerChannel } from '../rendezvous/rendezvous-port.js';
import { LinkChannel, PING_INTERVAL_MS } from './link-channel.js';
import { LinkMedia } from './link-media.js';
import { bytesReceived, PathLiveness } from './path-liveness.js';

/** Every peer message but those the link handles itself (media signals, renewals, pings). */
export type RoomMessage = Exclude<PeerMessage, { type: 'signal' | 'ping' | 'media-renew' }>;

/** A member's check that we exist, arriving after we heard from it this recently, is stale. */
const STALE_PROBE_MS = 2 * PING_INTERVAL_MS;

export interface MemberLinkEvents {
  /** The channel is open (again); messages can be sent. */
  open: undefined;
  /** A valid room message. */
  message: RoomMessage;
  /** The remote member's published media, or null when it stopped. */
  'remote-stream': MediaStream | null;
  /** The remote member's shared screen, or null when it stopped. */
  'remote-screen': MediaStream | null;
  /** ICE state of the media connection changed. */
  'media-connection': RTCIceConnectionState;
  /** The media connection is a fresh one (the member restarted, or a repair): send our tracks on it. */
  'media-renewed': undefined;
  /** Whether our end of the media path is relayed. */
  relayed: boolean;
  /** A TURN server refused our credentials. */
  'relay-refused': undefined;
  /** The channel died without a bye; attach a new one or close the link. */
  interrupted: string;
  /** The link is gone; it will emit nothing more. */
  closed: { reason: string };
}

export interface MemberLinkOptions {
  connection: PeerChannel;
  /** The member's id; the connection's peer unless it went to the room's id (a kept admission). */
  peerId?: string;
  /** The polite side yields on offer glare, and dials again after an interruption: the newer member. */
  polite: boolean;
  ice: IceSettings;
  log: (message: string, detail?: unknown) => void;
}

export class MemberLink extends Emitter<MemberLinkEvents> {
  readonly peerId: string;
  readonly polite: boolean;
  private readonly channel: LinkChannel;
  /** What we send on this link and what we receive: OutgoingMedia sends through it. */
  readonly media: LinkMedia;
  private interruptedSince: number | null = null;
  /** When the link was last interrupted, by the wall clock; null if never. */
  private lastInterruptedAt: number | null = null;
  private closed = false;
  /** What the member's last hello said its build can do. */
  private features: readonly string[] = [];

  constructor(options: MemberLinkOptions) {
    super();
    this.peerId = options.peerId ?? options.connection.peer;
    this.polite = options.polite;
    // Both connections are made just below; the probe reads them only once the channel is quiet.
    const liveness = new PathLiveness(async () => {
      const [media, link] = await Promise.all([
        bytesReceived(this.media.pc),
        this.channel.transportBytesReceived(),
      ]);
      return media === null && link === null ? null : (media ?? 0) + (link ?? 0);
    });
    this.channel = new LinkChannel(options.connection, this.peerId, options.log, liveness);
    this.media = new LinkMedia({
      peerId: this.peerId,
      ice: options.ice,
      polite: options.polite,
      send: (message) => this.channel.send(message),
      channelOpen: () => this.isOpen,
      log: options.log,
    });
    this.media.on('remote-stream', (stream) => {
      if (stream) markJoinStep('remote-media');
      this.emit('remote-stream', stream);
    });
    this.media.on('remote-screen', (screen) => this.emit('remote-screen', screen));
    this.media.on('ice', (state) => this.emit('media-connection', state));
    this.media.on('relayed', (relayed) => this.emit('relayed', relayed));
    this.media.on('relay-refused', () => this.emit('relay-refused', undefined));
    this.media.on('renewed', () => this.emit('media-renewed', undefined));
    this.media.on('redial', (reason) => this.channel.interruptNow(`media guard: ${reason}`));
    this.channel.on('open', () => this.onChannelOpen());
    this.channel.on('message', (message) => {
      if (message.type === 'signal') this.media.handleSignal(message);
      else if (message.type === 'media-renew') this.media.handleRenew(message.reply === true);
      else if (message.type !== 'ping') this.emit('message', message);
    });
    this.channel.on('interrupted', (reason) => this.markInterrupted(reason));
    this.channel.on('flooded', () => this.close('it flooded the link'));
  }

  get isOpen(): boolean {
    return !this.closed && this.channel.isOpen;
  }

  /** When the link was last interrupted (Date.now()), or null: what the member may have missed since. */
  get interruptedAt(): number | null {
    return this.lastInterruptedAt;
  }

  get isInterrupted(): boolean {
    return this.interruptedSince !== null && !this.closed;
  }

  /** How long since the member last sent anything on the link (heartbeats included). */
  get silenceMs(): number {
    return this.channel.silenceMs;
  }

  /** How long the link has been interrupted, or 0 while it is not. */
  get interruptedForMs(): number {
    return this.isInterrupted && this.interruptedSince !== null
      ? performance.now() - this.interruptedSince
      : 0;
  }

  /** The media connection's RTCPeerConnection, for statistics. */
  get mediaConnection(): RTCPeerConnection {
    return this.media.pc;
  }

  send(message: Unstamped<PeerMessage>): void {
    this.channel.send(message);
  }

  /** Takes one message as if it came over the channel (what arrived before the link existed). */
  receive(data: unknown): void {
    this.channel.receive(data);
  }

  /**
   * The member's hello on the current channel: whether it is the session we
   * knew ('same'), a restarted one (media starts afresh) or the first.
   */
  helloReceived(hello: Pick<Hello, 'session' | 'media' | 'features'>): 'first' | 'same' | 'restarted' {
    markJoinStep('hello');
    this.features = hello.features ?? [];
    return this.media.helloReceived(hello.session, hello.media, hello.features ?? []);
  }

  /** Whether the member's hello listed `feature` (nothing is known before its hello). */
  offers(feature: string): boolean {
    return this.features.includes(feature);
  }

  /** Whether we show the member's camera (see DisplayReports): the guard expects its video only then. */
  setCameraShown(shown: boolean): void {
    this.media.setCameraShown(shown);
  }

  /** What the member now sends (its media-state). */
  setRemoteMedia(media: MediaState): void {
    this.media.setRemoteMedia(media);
  }

  /** Swaps in a new data connection from the same member after an interruption. */
  reattach(connection: PeerChannel): void {
    // A member dialing again means its side of the link died, even if ours has not noticed yet.
    this.markInterrupted('the member is reconnecting');
    // Media waits for the hello on the new channel, which says who is on the other end now.
    this.media.holdForHello();
    this.channel.attach(connection);
  }

  /** Drops the current channel so the link is dialed again (a repair). */
  redial(reason: string): void {
    if (!this.closed) this.channel.interruptNow(reason);
  }

  /**
   * The member checked that we still exist, which it does only once its side
   * of the link died: as the dialer, take the link as interrupted now rather
   * than wait for our own heartbeat to notice. A check from a member we have
   * heard from since is stale (it was on its way while the link came back).
   */
  memberLostLink(): void {
    if (!this.polite || this.channel.silenceMs < STALE_PROBE_MS) return;
    this.markInterrupted('the member lost the link');
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.media.close();
    this.channel.close();
    this.emit('closed', { reason });
    this.removeAllListeners();
  }

  /** One interruption at a time: a new channel failing to open is part of the same one. */
  private markInterrupted(reason: string): void {
    if (this.interruptedSince !== null || this.closed) return;
    this.interruptedSince = performance.now();
    this.lastInterruptedAt = Date.now();
    this.emit('interrupted', reason);
  }

  private onChannelOpen(): void {
    markJoinStep('link-open');
    const wasInterrupted = this.interruptedSince !== null;
    this.interruptedSince = null;
    // Back from an interruption: the old path is likely gone, so once the
    // hello says the member is the same session, the dialer restarts ICE
    // (gathering relay candidates too) and both sides send afresh.
    if (wasInterrupted) this.media.recoverAfterHello();
    this.emit('open', undefined);
  }
}
