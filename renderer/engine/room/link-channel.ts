/**
 * The message channel of a member link: one PeerJS data connection at a
 * time, which can be swapped for a new one when the old dies (network blip,
 * Wi-Fi change) without losing the link. It validates everything that
 * enters, limits the rate, and keeps a heartbeat so a silent peer is noticed
 * in seconds rather than when ICE gives up half a minute later.
 */
import { Emitter } from '../emitter.js';
import type { PeerMessage, Unstamped } from '../protocol/messages.js';
import type { PeerChannel } from '../rendezvous/rendezvous-port.js';
import { encode, parsePeerMessage } from '../protocol/validate.js';
import type { QuietProbe } from './path-liveness.js';
import { TokenBucket } from './rate-limit.js';

/** Room messages a member may send per second, and in one burst, before the excess is dropped. */
export const LINK_MESSAGES_PER_SECOND = 100;
export const LINK_MESSAGE_BURST = 400;
/** Dropped messages after which a link is judged a flood and closed. */
export const FLOOD_CLOSE_AFTER = 1000;
/** A data connection that has not opened by then never will. */
const OPEN_TIMEOUT_MS = 10_000;
/**
 * Heartbeat: a ping this often; a channel that has carried nothing for
 * SILENCE_LIMIT_MS (four pings missed) is dead. Noticing a dead path is most
 * of the time it takes media to come back after a network change, so the
 * limit is short; a false alarm costs a redial, an ICE restart and fresh
 * senders: a short hiccup in the video, nothing lost from the room.
 */
export const PING_INTERVAL_MS = 500;
export const SILENCE_LIMIT_MS = 2000;
/**
 * A heartbeat this late means our own page stalled (a busy machine): what the
 * peer sent meanwhile may still be waiting to be read, so silence is not
 * judged on that beat. Hidden pages' timers run about once a second, which
 * stays under this.
 */
export const STALLED_BEAT_MS = 1500;
/** Quiet this long, the channel starts asking its probe whether bytes still come from the member. */
export const QUIET_MS = 1000;
/**
 * A probe that has not answered twice by the silence limit (its getStats
 * slowed by a loaded machine) gets until this much silence to answer: a busy
 * member is not judged gone for want of an answer, and a dead path is still
 * found in a few seconds.
 */
export const UNDECIDED_SILENCE_LIMIT_MS = 4000;
/**
 * A member from whom bytes still come is busy, not gone (path-liveness.ts),
 * but one silent this long is judged gone whatever its connections carry:
 * room messages cannot wait for ever.
 */
export const LIVE_PATH_SILENCE_LIMIT_MS = 15_000;
/**
 * A new connection is judged silent only once the peer has said something
 * on it: until then it may be holding us unanswered while it waits for word
 * of our admission (see PendingConnections), and dialing again every 2 s
 * would only replace the held connection. It gets this long for a first word.
 */
export const FIRST_WORD_MS = 10_000;

export interface LinkChannelEvents {
  /** The current data connection opened. */
  open: undefined;
  /** A valid message. */
  message: PeerMessage;
  /** The current data connection died; `attach` a new one or close the channel. */
  interrupted: string;
  /** The member flooded the channel; it should be closed. */
  flooded: undefined;
}

export class LinkChannel extends Emitter<LinkChannelEvents> {
  private connection: PeerChannel;
  private readonly bucket = new TokenBucket(LINK_MESSAGES_PER_SECOND, LINK_MESSAGE_BURST);
  private dropped = 0;
  private lastHeard = performance.now();
  /** The peer said something on the current connection. */
  private heard = false;
  private openedAt = performance.now();
  private lastBeat = performance.now();
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private openTimer: ReturnType<typeof setTimeout> | null = null;
  private live = false;
  private interrupted = false;
  private closed = false;
  /** The probe has been sampling during this silence: reset it once the member is heard. */
  private probing = false;
  /** This silence was let pass because bytes still came from the member (logged once). */
  private waitedForBusyMember = false;

  constructor(
    connection: PeerChannel,
    readonly peerId: string,
    private readonly log: (message: string, detail?: unknown) => void,
    private readonly probe: QuietProbe | null = null,
  ) {
    super();
    this.connection = connection;
    this.heartbeat = setInterval(() => this.beat(), PING_INTERVAL_MS);
    this.wire(connection);
  }

  get isOpen(): boolean {
    return !this.closed && this.live && this.connection.open;
  }

  /** How long since the peer last sent anything. */
  get silenceMs(): number {
    return performance.now() - this.lastHeard;
  }

  /** Swaps in a new data connection from the same peer. */
  attach(connection: PeerChannel): void {
    if (this.closed) {
      connection.close();
      return;
    }
    const old = this.connection;
    this.connection = connection;
    this.unwire(old);
    old.close();
    this.wire(connection);
  }

  send(message: Unstamped<PeerMessage>): void {
    if (!this.isOpen) return;
    try {
      this.connection.send(encode(message));
    } catch (error) {
      this.log('send failed', error);
    }
  }

  /** Takes one message (also used to replay what arrived before the link existed). */
  receive(data: unknown): void {
    if (this.closed) return;
    this.lastHeard = performance.now();
    this.heard = true;
    if (this.probing) {
      this.probing = false;
      this.waitedForBusyMember = false;
      this.probe?.reset();
    }
    if (!this.bucket.take()) {
      this.dropped++;
      if (this.dropped === 1 || this.dropped % 100 === 0) {
        this.log(
          `dropped ${this.dropped} message(s) from ${this.peerId}: more than ${LINK_MESSAGES_PER_SECOND} a second`,
        );
      }
      if (this.dropped >= FLOOD_CLOSE_AFTER) this.emit('flooded', undefined);
      return;
    }
    const parsed = parsePeerMessage(data);
    if (!parsed.ok) {
      this.log(`dropped a message from ${this.peerId}: ${parsed.reason}`);
      return;
    }
    if (parsed.message.type !== 'ping') this.emit('message', parsed.message);
  }

  /** Drops the current data connection as if it had died, so the link is dialed again. */
  interruptNow(reason: string): void {
    if (this.closed) return;
    const connection = this.connection;
    this.interrupt(connection, reason);
    connection.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    if (this.openTimer) clearTimeout(this.openTimer);
    this.unwire(this.connection);
    this.connection.close();
    this.removeAllListeners();
  }

  /** Bytes received on the current connection's transport (see PeerChannel.transportBytesReceived). */
  transportBytesReceived(): Promise<number | null> {
    return this.connection.transportBytesReceived();
  }

  private wire(connection: PeerChannel): void {
    // The probe's earlier samples were of the connection being replaced.
    this.probe?.reset();
    this.live = false;
    this.heard = false;
    this.interrupted = false;
    if (this.openTimer) clearTimeout(this.openTimer);
    this.openTimer = null;
    const opened = (): void => {
      if (this.openTimer) clearTimeout(this.openTimer);
      this.openTimer = null;
      this.live = true;
      this.lastHeard = performance.now();
      this.openedAt = this.lastHeard;
      this.emit('open', undefined);
    };
    if (connection.open) queueMicrotask(opened);
    else {
      this.openTimer = setTimeout(
        () => this.interrupt(connection, 'the data connection never opened'),
        OPEN_TIMEOUT_MS,
      );
      connection.on('open', opened);
    }
    connection.on('data', (data) => this.receive(data));
    connection.on('close', () => this.interrupt(connection, 'the data connection closed'));
    connection.on('error', (error) =>
      this.interrupt(connection, `the data connection failed: ${error.message}`),
    );
  }

  private unwire(connection: PeerChannel): void {
    connection.removeAllListeners();
  }

  /** Reports the current connection dead, once; a swapped-out connection's news is ignored. */
  private interrupt(connection: PeerChannel, reason: string): void {
    if (this.closed || connection !== this.connection || this.interrupted) return;
    this.interrupted = true;
    this.live = false;
    this.emit('interrupted', reason);
  }

  /** Whether a silence is a busy member's, from whom bytes still come, and not yet too long for that. */
  private busyMember(silence: number): boolean {
    if (!this.probe?.alive() || silence > LIVE_PATH_SILENCE_LIMIT_MS) return false;
    if (!this.waitedForBusyMember) {
      this.waitedForBusyMember = true;
      this.log(
        `${this.peerId} is quiet but its connections still carry bytes: waiting for it, not redialing`,
      );
    }
    return true;
  }

  /** Why a silent member is taken for gone, as the interruption says it. */
  private silenceReason(silence: number, undecided: boolean): string {
    const seconds = Math.round(silence / 1000);
    if (this.waitedForBusyMember)
      return `nothing heard for ${seconds} s, though its connections carried bytes for a while`;
    if (undecided) return `nothing heard for ${seconds} s, and its connections could not be read in time`;
    return `nothing heard for ${SILENCE_LIMIT_MS / 1000} s`;
  }

  private beat(): void {
    const now = performance.now();
    const stalled = now - this.lastBeat > STALLED_BEAT_MS;
    this.lastBeat = now;
    if (!this.isOpen) return;
    if (stalled && this.heard) {
      // What the member sent while our page stood still may not be read yet,
      // and the probe's samples are of before: its silence counts from just
      // quiet, so the probe samples afresh before anything is judged.
      this.lastHeard = Math.max(this.lastHeard, now - QUIET_MS);
      this.probe?.reset();
    }
    const silence = now - this.lastHeard;
    if (!stalled && this.heard && silence > QUIET_MS && this.probe) {
      this.probing = true;
      this.probe.sample();
    }
    if (!stalled && this.heard && silence > SILENCE_LIMIT_MS && !this.busyMember(silence)) {
      const undecided = this.probe !== null && !this.probe.decided();
      if (!undecided || silence > UNDECIDED_SILENCE_LIMIT_MS) {
        this.interrupt(this.connection, this.silenceReason(silence, undecided));
        return;
      }
    }
    if (!this.heard && now - this.openedAt > FIRST_WORD_MS) {
      this.interrupt(this.connection, `the member said nothing for ${FIRST_WORD_MS / 1000} s`);
      return;
    }
    this.send({ type: 'ping' });
  }
}
