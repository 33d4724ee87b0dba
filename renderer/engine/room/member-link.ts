/**
 * The link between this member and one other: a PeerJS data connection that
 * carries room messages, and a media RTCPeerConnection of our own that is
 * negotiated over it (so we control renegotiation, glare and ICE restarts,
 * rather than PeerJS's one-shot media calls).
 *
 * Closing a link closes, in order: outgoing senders, the media connection
 * (which ends every remote track), then the data connection.
 */
import type { DataConnection } from 'peerjs';
import { Emitter } from '../emitter.js';
import { PerfectNegotiator } from '../media/perfect-negotiator.js';
import { PROTOCOL_VERSION, type PeerMessage } from '../protocol/messages.js';
import { encode, parsePeerMessage } from '../protocol/validate.js';
import { TokenBucket } from './rate-limit.js';

/** Room messages a member may send per second, and in one burst, before the excess is dropped. */
export const LINK_MESSAGES_PER_SECOND = 100;
export const LINK_MESSAGE_BURST = 400;
/** Dropped messages after which a link is judged a flood and closed. */
const FLOOD_CLOSE_AFTER = 1000;
/** A data connection that has not opened by then never will (the other side went away mid-way). */
const OPEN_TIMEOUT_MS = 10_000;
/** Heartbeat: a ping this often; a link that has carried nothing for SILENCE_LIMIT_MS is dead. */
export const PING_INTERVAL_MS = 2000;
export const SILENCE_LIMIT_MS = 8000;

/** Every peer message but media signals and pings, which the link handles itself. */
export type RoomMessage = Exclude<PeerMessage, { type: 'signal' | 'ping' }>;

export interface MemberLinkEvents {
  /** The data connection is open; messages can be sent. */
  open: undefined;
  /** A valid room message other than a media signal. */
  message: RoomMessage;
  /** The remote member's published media, or null when it stopped. */
  'remote-stream': MediaStream | null;
  /** ICE state of the media connection changed. */
  'media-connection': RTCIceConnectionState;
  /** The link is gone; it will emit nothing more. */
  closed: { reason: string };
}

export interface MemberLinkOptions {
  connection: DataConnection;
  /** The polite side yields on offer glare. We make the dialer polite. */
  polite: boolean;
  iceServers: RTCIceServer[];
  log: (message: string, detail?: unknown) => void;
}

export class MemberLink extends Emitter<MemberLinkEvents> {
  readonly peerId: string;
  private readonly connection: DataConnection;
  private readonly pc: RTCPeerConnection;
  private readonly negotiator: PerfectNegotiator;
  private readonly log: MemberLinkOptions['log'];
  private outgoing: RTCRtpTransceiver[] = [];
  private incoming: MediaStream | null = null;
  private closed = false;
  private readonly bucket = new TokenBucket(LINK_MESSAGES_PER_SECOND, LINK_MESSAGE_BURST);
  private dropped = 0;
  private lastHeard = performance.now();
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  constructor(options: MemberLinkOptions) {
    super();
    this.connection = options.connection;
    this.peerId = options.connection.peer;
    this.log = options.log;
    this.pc = new RTCPeerConnection({ iceServers: options.iceServers });
    this.negotiator = new PerfectNegotiator(
      this.pc,
      options.polite,
      (signal) => this.send({ v: PROTOCOL_VERSION, type: 'signal', ...signal }),
      (message, error) => this.log(message, error),
    );
    this.pc.ontrack = (event) => this.onTrack(event);
    this.pc.oniceconnectionstatechange = () => this.emit('media-connection', this.pc.iceConnectionState);

    const connection = this.connection;
    if (connection.open) queueMicrotask(() => this.emit('open', undefined));
    else {
      const timer = setTimeout(() => this.close('the data connection never opened'), OPEN_TIMEOUT_MS);
      connection.on('open', () => {
        clearTimeout(timer);
        this.emit('open', undefined);
      });
    }
    // A peer that vanished without a word (crash, lost network) is noticed
    // here, rather than when ICE gives up half a minute later.
    this.heartbeat = setInterval(() => {
      if (!this.connection.open) return;
      if (performance.now() - this.lastHeard > SILENCE_LIMIT_MS) {
        this.close(`nothing heard for ${SILENCE_LIMIT_MS / 1000} s`);
        return;
      }
      this.send({ v: PROTOCOL_VERSION, type: 'ping' });
    }, PING_INTERVAL_MS);
    connection.on('data', (data: unknown) => this.receive(data));
    connection.on('close', () => this.close('the data connection closed'));
    connection.on('error', (error: Error) => this.close(`the data connection failed: ${error.message}`));
  }

  get isOpen(): boolean {
    return !this.closed && this.connection.open;
  }

  /** The media connection's RTCPeerConnection, for statistics. */
  get mediaConnection(): RTCPeerConnection {
    return this.pc;
  }

  send(message: PeerMessage): void {
    if (!this.isOpen) return;
    try {
      this.connection.send(encode(message));
    } catch (error) {
      this.log('send failed', error);
    }
  }

  /**
   * Sends `stream`'s tracks to this member, or stops sending with null.
   * Stopped transceivers end the remote tracks once renegotiated, so the far
   * side keeps nothing alive for a stream that is gone.
   */
  setOutgoing(stream: MediaStream | null): void {
    if (this.closed) return;
    for (const transceiver of this.outgoing) {
      if (!stream || !stream.getTracks().includes(transceiver.sender.track as MediaStreamTrack)) {
        transceiver.stop();
      }
    }
    this.outgoing = this.outgoing.filter((transceiver) => transceiver.direction !== 'stopped');
    if (!stream) return;
    const sending = new Set(this.outgoing.map((transceiver) => transceiver.sender.track));
    for (const track of stream.getTracks()) {
      if (sending.has(track)) continue;
      this.outgoing.push(this.pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] }));
    }
  }

  /** Drops what this member was sending us, ending its tracks here. */
  dropIncoming(): void {
    if (!this.incoming) return;
    this.incoming.getTracks().forEach((track) => track.stop());
    this.incoming = null;
    this.emit('remote-stream', null);
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const transceiver of this.outgoing) transceiver.stop();
    this.outgoing = [];
    this.dropIncoming();
    this.negotiator.close();
    this.pc.ontrack = null;
    this.pc.oniceconnectionstatechange = null;
    this.pc.close();
    this.connection.close();
    this.emit('closed', { reason });
    this.removeAllListeners();
  }

  /** Takes one message from the member (also used to replay what arrived before the link existed). */
  receive(data: unknown): void {
    if (this.closed) return;
    this.lastHeard = performance.now();
    if (!this.bucket.take()) {
      this.dropped++;
      if (this.dropped === 1 || this.dropped % 100 === 0) {
        this.log(
          `dropped ${this.dropped} message(s) from ${this.peerId}: more than ${LINK_MESSAGES_PER_SECOND} a second`,
        );
      }
      if (this.dropped >= FLOOD_CLOSE_AFTER) this.close('it flooded the link');
      return;
    }
    const parsed = parsePeerMessage(data);
    if (!parsed.ok) {
      this.log(`dropped a message from ${this.peerId}: ${parsed.reason}`);
      return;
    }
    const message = parsed.message;
    if (message.type === 'signal') {
      this.negotiator.handle(message);
      return;
    }
    if (message.type === 'ping') return;
    this.emit('message', message);
  }

  private onTrack(event: RTCTrackEvent): void {
    if (!this.incoming) this.incoming = new MediaStream();
    const stream = this.incoming;
    stream.addTrack(event.track);
    event.track.addEventListener('ended', () => stream.removeTrack(event.track));
    this.emit('remote-stream', stream);
  }
}
