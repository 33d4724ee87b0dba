/**
 * The link between this member and one other: a channel for room messages
 * (a PeerJS data connection, swappable when it dies) and a media connection
 * of our own negotiated over it (so we control renegotiation, glare and ICE
 * restarts, rather than PeerJS's one-shot media calls).
 *
 * When the channel dies without a bye the link is *interrupted*, not closed:
 * the media connection and everything sent and received are kept, the dialer
 * dials again, and once a new channel is attached the media connection
 * restarts ICE (through the relay, if that is the only way left).
 *
 * Closing a link closes, in order: outgoing senders, the media connection
 * (which ends every remote track), then the channel.
 */
import { Emitter } from '../emitter.js';
import type { IceSettings } from '../media/ice-config.js';
import { MediaConnection } from '../media/media-connection.js';
import type { OutgoingSignal } from '../media/perfect-negotiator.js';
import type { SendQuality } from '../media/quality.js';
import type { PeerMessage, Unstamped } from '../protocol/messages.js';
import type { PeerChannel } from '../rendezvous/rendezvous-port.js';
import { LinkChannel, PING_INTERVAL_MS } from './link-channel.js';

/** Every peer message but media signals and pings, which the link handles itself. */
export type RoomMessage = Exclude<PeerMessage, { type: 'signal' | 'ping' }>;

/** A member's check that we exist, arriving after we heard from it this recently, is stale. */
const STALE_PROBE_MS = 2 * PING_INTERVAL_MS;

export interface MemberLinkEvents {
  /** The channel is open (again); messages can be sent. */
  open: undefined;
  /** A valid room message other than a media signal. */
  message: RoomMessage;
  /** The remote member's published media, or null when it stopped. */
  'remote-stream': MediaStream | null;
  /** The remote member's shared screen, or null when it stopped. */
  'remote-screen': MediaStream | null;
  /** ICE state of the media connection changed. */
  'media-connection': RTCIceConnectionState;
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
  /** The polite side yields on offer glare. We make the dialer polite. */
  polite: boolean;
  ice: IceSettings;
  log: (message: string, detail?: unknown) => void;
}

export class MemberLink extends Emitter<MemberLinkEvents> {
  readonly peerId: string;
  readonly polite: boolean;
  private readonly channel: LinkChannel;
  private media: MediaConnection;
  private readonly ice: IceSettings;
  private readonly log: MemberLinkOptions['log'];
  private quality: { send: SendQuality; jitterBufferTargetMs: number | null } | null = null;
  /** The member's session id from its last hello: a new one means it restarted. */
  private remoteSession: string | null = null;
  /**
   * Our media signals wait here on a new channel until the member's hello
   * (null once it came). Until then we do not know whether the member is the
   * session our media connection was negotiated with or a restarted one: an
   * offer from the old connection reaching a restarted member's fresh one
   * pairs the two, and the old one is closed a moment later, leaving the
   * member with a negotiated connection that never gets a candidate.
   */
  private heldSignals: OutgoingSignal[] | null = [];
  /** The channel came back after an interruption: recover media once the hello says it is the same session. */
  private recoverOnHello = false;
  private interruptedSince: number | null = null;
  private closed = false;

  constructor(options: MemberLinkOptions) {
    super();
    this.peerId = options.connection.peer;
    this.polite = options.polite;
    this.ice = options.ice;
    this.log = options.log;
    this.channel = new LinkChannel(options.connection, this.peerId, options.log);
    this.media = this.createMedia();
    this.channel.on('open', () => this.onChannelOpen());
    this.channel.on('message', (message) => {
      if (message.type === 'signal') this.media.handleSignal(message);
      else if (message.type !== 'ping') this.emit('message', message);
    });
    this.channel.on('interrupted', (reason) => {
      // One interruption at a time: a new channel failing to open is part of the same one.
      if (this.interruptedSince !== null) return;
      this.interruptedSince = performance.now();
      this.emit('interrupted', reason);
    });
    this.channel.on('flooded', () => this.close('it flooded the link'));
  }

  private createMedia(): MediaConnection {
    const media = new MediaConnection(this.ice, this.polite, (signal) => this.sendSignal(signal), this.log);
    media.on('remote-stream', (stream) => this.emit('remote-stream', stream));
    media.on('remote-screen', (screen) => this.emit('remote-screen', screen));
    media.on('ice', (state) => this.emit('media-connection', state));
    media.on('relayed', (relayed) => this.emit('relayed', relayed));
    media.on('relay-refused', () => this.emit('relay-refused', undefined));
    return media;
  }

  private sendSignal(signal: OutgoingSignal): void {
    if (this.heldSignals) this.heldSignals.push(signal);
    else this.channel.send({ type: 'signal', ...signal });
  }

  /**
   * The member's hello on the current channel: which session it is. A new
   * session means it restarted, and media starts afresh (the caller sends our
   * tracks again); the same session after an interruption means media
   * recovers. Either way our held signals go out (or are dropped, with the
   * old media connection they belonged to).
   */
  helloReceived(session: string): 'first' | 'same' | 'restarted' {
    const previous = this.remoteSession;
    this.remoteSession = session;
    const restarted = previous !== null && previous !== session;
    if (restarted) this.renewMedia();
    const held = this.heldSignals ?? [];
    this.heldSignals = null;
    for (const signal of held) this.sendSignal(signal);
    if (this.recoverOnHello && !restarted) this.media.recover(this.polite);
    this.recoverOnHello = false;
    return restarted ? 'restarted' : previous === null ? 'first' : 'same';
  }

  /** The member restarted (a new session): start media afresh on the same channel. */
  private renewMedia(): void {
    if (this.closed) return;
    // Whatever the old media connection still wanted to say is void.
    if (this.heldSignals) this.heldSignals = [];
    this.media.close();
    this.emit('remote-stream', null);
    this.emit('remote-screen', null);
    this.media = this.createMedia();
    if (this.quality) this.setQuality(this.quality.send, this.quality.jitterBufferTargetMs);
  }

  get isOpen(): boolean {
    return !this.closed && this.channel.isOpen;
  }

  get isInterrupted(): boolean {
    return this.interruptedSince !== null && !this.closed;
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

  /** Swaps in a new data connection from the same member after an interruption. */
  reattach(connection: PeerChannel): void {
    // A member dialing again means its side of the link died, even if ours has not noticed yet.
    this.markInterrupted('the member is reconnecting');
    // Media waits for the hello on the new channel, which says who is on the other end now.
    this.heldSignals ??= [];
    this.channel.attach(connection);
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

  private markInterrupted(reason: string): void {
    if (this.interruptedSince !== null || this.closed) return;
    this.interruptedSince = performance.now();
    this.emit('interrupted', reason);
  }

  setOutgoing(stream: MediaStream | null): void {
    this.media.setOutgoing(stream);
  }

  /** Swaps one of our outgoing tracks for another, without renegotiating. */
  replaceTrack(previous: MediaStreamTrack, next: MediaStreamTrack): Promise<boolean> {
    return this.media.replaceTrack(previous, next);
  }

  dropIncoming(): void {
    this.media.dropIncoming();
  }

  setOutgoingScreen(stream: MediaStream | null): void {
    this.media.setOutgoingScreen(stream);
  }

  /** Which of the member's incoming streams is its shared screen, as it told us (null: none). */
  setRemoteScreen(streamId: string | null): void {
    this.media.setRemoteScreen(streamId);
  }

  /** The link's share of our sending, and how much delay the receiving side may buffer. */
  setQuality(quality: SendQuality, jitterBufferTargetMs: number | null): void {
    this.quality = { send: quality, jitterBufferTargetMs };
    this.media.setSendQuality(quality);
    this.media.setJitterBufferTarget(jitterBufferTargetMs);
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.media.close();
    this.channel.close();
    this.emit('closed', { reason });
    this.removeAllListeners();
  }

  private onChannelOpen(): void {
    const wasInterrupted = this.interruptedSince !== null;
    this.interruptedSince = null;
    // Back from an interruption: the old path is likely gone, so once the
    // hello says the member is the same session, the dialer restarts ICE
    // (gathering relay candidates too) and both sides send afresh.
    if (wasInterrupted) this.recoverOnHello = true;
    this.emit('open', undefined);
  }
}
