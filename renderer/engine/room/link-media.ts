/**
 * The media half of a member link: our media connection to the member (made
 * afresh when the member restarts, or when the guard asks for it), which of
 * its signals may pass, and the guard that watches it.
 *
 * Signals wait. On every new channel our signals are held until the
 * member's hello says who is at the other end: an offer from our old
 * connection reaching a restarted member's fresh one would pair the two,
 * and we would close ours on reading its hello, leaving the member with a
 * negotiated connection that never gets a candidate. While a fresh
 * connection is being agreed (`media-renew`), the member's signals from its
 * old one are dropped and ours wait for its answer.
 */
import { Emitter } from '../emitter.js';
import type { DisplaySize, StreamKind } from '../media/display-size.js';
import type { IceSettings } from '../media/ice-config.js';
import { MediaConnection } from '../media/media-connection.js';
import { GUARD_BOUND_MS, MediaGuard, REPAIR_LADDER, type Repair } from '../media/media-guard.js';
import type { OutgoingSignal } from '../media/perfect-negotiator.js';
import type { SendQuality } from '../media/quality.js';
import type { MediaState, PeerMessage, Signal, Unstamped } from '../protocol/messages.js';

/** The guard's repairs with a member that cannot renew media (an older build). */
const LADDER_WITHOUT_RENEW: readonly Repair[] = REPAIR_LADDER.filter((repair) => repair !== 'renew-media');
/** How often the guard looks at the connection. */
const GUARD_TICK_MS = 2000;
/** A member that does not answer our media-renew in this time gets our signals anyway. */
const RENEW_ANSWER_MS = 5000;
/**
 * How long the polite side's offers wait for a sending member's first offer
 * on a fresh connection (it comes a round trip after our hello); then they
 * go, and a crossing is settled by perfect negotiation as always.
 */
export const FIRST_OFFER_WAIT_MS = 1500;

export interface LinkMediaEvents {
  'remote-stream': MediaStream | null;
  'remote-screen': MediaStream | null;
  ice: RTCIceConnectionState;
  relayed: boolean;
  'relay-refused': undefined;
  /** The media connection is a fresh one: send our tracks on it. */
  renewed: undefined;
  /** The guard asks for the link to be dialed again. */
  redial: string;
}

export interface LinkMediaOptions {
  peerId: string;
  ice: IceSettings;
  polite: boolean;
  /** Sends a message on the link's current channel. */
  send: (message: Unstamped<PeerMessage>) => void;
  /** Whether the link's channel is open. */
  channelOpen: () => boolean;
  log: (message: string, detail?: unknown) => void;
}

export class LinkMedia extends Emitter<LinkMediaEvents> {
  private media: MediaConnection;
  private quality: { send: SendQuality; jitterBufferTargetMs: number | null } | null = null;
  /** The member's session id from its last hello: a new one means it restarted. */
  private remoteSession: string | null = null;
  /** Our signals held until the member's hello (or its renew answer); null while they flow. */
  private held: OutgoingSignal[] | null = [];
  /** The channel came back after an interruption: recover once the hello says it is the same session. */
  private recoverOnHello = false;
  /** We asked for a fresh connection and wait for the member's answer; its old signals are dropped. */
  private renewWait: ReturnType<typeof setTimeout> | null = null;
  /** The member's camera is on, by its own word. */
  private remoteVideoOn = false;
  /** The member sends something (camera, mic or screen), by its own word: its tracks bring an offer. */
  private remoteSends = false;
  /** The stream id of the screen the member shares, by its own word: a fresh connection must know it too. */
  private remoteScreen: string | null = null;
  private firstOfferTimer: ReturnType<typeof setTimeout> | null = null;
  /** We told the member we do not show its camera: it pauses it, and the guard expects no video. */
  private cameraHidden = false;
  /** What the member says it shows of our camera and screen; kept for a fresh media connection. */
  private readonly wanted: Record<StreamKind, DisplaySize | null> = { camera: null, screen: null };
  private guard = new MediaGuard(GUARD_BOUND_MS, LADDER_WITHOUT_RENEW);
  /** The member's build takes `media-renew` (its hello says so). */
  private canRenew = false;
  private readonly guardTimer: ReturnType<typeof setInterval>;
  private closed = false;

  constructor(private readonly options: LinkMediaOptions) {
    super();
    this.media = this.createMedia();
    this.guardTimer = setInterval(() => void this.checkHealth(), GUARD_TICK_MS);
  }

  get pc(): RTCPeerConnection {
    return this.media.pc;
  }

  /** A new channel: our signals wait for the member's hello on it. */
  holdForHello(): void {
    this.held ??= [];
  }

  /** The channel is back after an interruption: recover media once the hello says it is the same session. */
  recoverAfterHello(): void {
    if (this.held === null && this.remoteSession !== null) this.media.recover(this.options.polite);
    else this.recoverOnHello = true;
  }

  /**
   * The member's hello on the current channel. A new session means it
   * restarted, and media starts afresh; the same session after an
   * interruption means media recovers. Our held signals go out (or are
   * dropped, with the old connection they belonged to).
   */
  helloReceived(
    session: string,
    media: MediaState,
    features: readonly string[],
  ): 'first' | 'same' | 'restarted' {
    const previous = this.remoteSession;
    this.remoteSession = session;
    const restarted = previous !== null && previous !== session;
    this.canRenew = features.includes('media-renew');
    this.guard = new MediaGuard(GUARD_BOUND_MS, this.canRenew ? REPAIR_LADDER : LADDER_WITHOUT_RENEW);
    this.setRemoteMedia(media);
    if (restarted) {
      // A new session has shown nothing yet: full size until it says otherwise.
      this.wanted.camera = null;
      this.wanted.screen = null;
      this.renew();
    }
    this.release();
    if (this.recoverOnHello && !restarted) this.media.recover(this.options.polite);
    this.recoverOnHello = false;
    this.awaitTheirFirstOffer();
    return restarted ? 'restarted' : previous === null ? 'first' : 'same';
  }

  /** What the member says it sends: the guard expects its video when its camera is on. */
  setRemoteMedia(media: MediaState): void {
    this.remoteVideoOn = media.publishing && !media.videoMuted;
    this.remoteSends = media.publishing || Boolean(media.screen);
    if (!media.publishing) this.media.dropIncoming();
    this.remoteScreen = media.screen ?? null;
    this.media.setRemoteScreen(this.remoteScreen);
    // Nothing coming from the member: no offer of its own will come either.
    if (!this.remoteSends) this.media.offersMayGo();
  }

  handleSignal(signal: Signal): void {
    // From the member's old connection, sent before it read our renew: void.
    if (this.renewWait) return;
    this.media.handleSignal(signal);
  }

  /**
   * The member's `media-renew`: its answer to ours (`reply`), or its own
   * request. A request that crosses ours while we wait counts as its answer:
   * both sides are fresh. An answer that comes after we stopped waiting is
   * dropped: our fresh connection already spoke to the member's fresh one.
   * Read as a request, it would be answered, and that answer read as a
   * request again: both sides would renew for ever, never connecting.
   */
  handleRenew(reply: boolean): void {
    if (this.renewWait) {
      clearTimeout(this.renewWait);
      this.renewWait = null;
      this.release();
      return;
    }
    if (reply) {
      this.options.log(`${this.options.peerId} answered our media renewal late: nothing to do`);
      return;
    }
    this.options.log(`${this.options.peerId} asked for a fresh media connection`);
    this.renew();
    this.options.send({ type: 'media-renew', reply: true });
    this.release();
  }

  /**
   * Fresh media connections on both sides (the guard's second repair): ours
   * is made now, the member is asked for its own, and our signals wait for
   * its answer, or RENEW_ANSWER_MS.
   */
  requestRenewal(): void {
    if (this.closed) return;
    if (this.renewWait) clearTimeout(this.renewWait);
    this.held = [];
    this.renew();
    this.options.send({ type: 'media-renew' });
    this.renewWait = setTimeout(() => {
      this.renewWait = null;
      this.release();
    }, RENEW_ANSWER_MS);
  }

  setOutgoing(stream: MediaStream | null): void {
    this.media.setOutgoing(stream);
  }

  replaceTrack(previous: MediaStreamTrack, next: MediaStreamTrack): Promise<boolean> {
    return this.media.replaceTrack(previous, next);
  }

  setOutgoingScreen(stream: MediaStream | null): void {
    this.media.setOutgoingScreen(stream);
  }

  /** The member's display-size report: what it shows of our camera or screen, which is all we send it. */
  setWanted(stream: StreamKind, size: DisplaySize): void {
    this.wanted[stream] = size;
    this.media.setWanted(stream, size);
  }

  /**
   * We told the member whether we show its camera. A member whose camera we
   * do not show pauses it for us, so its silence is no fault to repair.
   */
  setCameraShown(shown: boolean): void {
    this.cameraHidden = !shown;
  }

  setQuality(quality: SendQuality, jitterBufferTargetMs: number | null): void {
    this.quality = { send: quality, jitterBufferTargetMs };
    this.media.setSendQuality(quality);
    this.media.setJitterBufferTarget(jitterBufferTargetMs);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.guardTimer);
    if (this.renewWait) clearTimeout(this.renewWait);
    if (this.firstOfferTimer) clearTimeout(this.firstOfferTimer);
    this.media.close();
    this.removeAllListeners();
  }

  private createMedia(): MediaConnection {
    const media = new MediaConnection(
      this.options.ice,
      this.options.polite,
      (signal) => this.sendSignal(signal),
      this.options.log,
    );
    media.on('remote-stream', (stream) => this.emit('remote-stream', stream));
    media.on('remote-screen', (screen) => this.emit('remote-screen', screen));
    media.on('ice', (state) => this.emit('ice', state));
    media.on('relayed', (relayed) => this.emit('relayed', relayed));
    media.on('relay-refused', () => this.emit('relay-refused', undefined));
    media.on('diverged', (reason) => this.renewDiverged(media, reason));
    return media;
  }

  /**
   * Our offers on a fresh connection (the polite side's) wait for the
   * member's first while it sends something, for FIRST_OFFER_WAIT_MS at
   * most (see MediaConnection.offersMayGo); on a connection past its first
   * offer this changes nothing.
   */
  private awaitTheirFirstOffer(): void {
    if (this.firstOfferTimer) clearTimeout(this.firstOfferTimer);
    this.firstOfferTimer = null;
    const media = this.media;
    if (!this.remoteSends) {
      media.offersMayGo();
      return;
    }
    this.firstOfferTimer = setTimeout(() => {
      this.firstOfferTimer = null;
      media.offersMayGo();
    }, FIRST_OFFER_WAIT_MS);
  }

  private sendSignal(signal: OutgoingSignal): void {
    if (this.held) this.held.push(signal);
    else this.options.send({ type: 'signal', ...signal });
  }

  private release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const signal of held) this.sendSignal(signal);
  }

  /** A fresh media connection in place of the old one; the caller sends our tracks on it. */
  private renew(): void {
    if (this.closed) return;
    // Whatever the old connection still wanted to say is void.
    if (this.held) this.held = [];
    this.media.close();
    this.emit('remote-stream', null);
    this.emit('remote-screen', null);
    this.media = this.createMedia();
    // Without it, the shared screen's tracks would be taken for the camera's and replace them.
    this.media.setRemoteScreen(this.remoteScreen);
    if (this.quality) this.setQuality(this.quality.send, this.quality.jitterBufferTargetMs);
    for (const [stream, size] of Object.entries(this.wanted) as Array<[StreamKind, DisplaySize | null]>)
      this.media.setWanted(stream, size);
    // Before the member's first hello, that hello decides.
    if (this.remoteSession !== null) this.awaitTheirFirstOffer();
    this.emit('renewed', undefined);
  }

  /**
   * The two sides' descriptions no longer fit: fresh connections on both
   * sides at once, rather than after the guard's ICE restart, which cannot
   * help, has had its turn (20 s without media). A member of a build that
   * cannot renew is left to the guard.
   */
  private renewDiverged(media: MediaConnection, reason: string): void {
    if (this.closed || media !== this.media || this.renewWait) return;
    if (!this.canRenew) {
      this.options.log(
        `media to ${this.options.peerId}: negotiation diverged (${reason}); left to the guard`,
      );
      return;
    }
    this.options.log(`media to ${this.options.peerId}: negotiation diverged (${reason}); renewing it`);
    this.requestRenewal();
  }

  private async checkHealth(): Promise<void> {
    if (this.closed) return;
    const pc = this.media.pc;
    let videoPacketsIn = 0;
    let stats: RTCStatsReport;
    try {
      stats = await pc.getStats();
    } catch {
      return; // closed meanwhile
    }
    if (this.closed || pc !== this.media.pc) return;
    stats.forEach((report: { type: string; kind?: string; packetsReceived?: number }) => {
      if (report.type === 'inbound-rtp' && report.kind === 'video')
        videoPacketsIn += report.packetsReceived ?? 0;
    });
    this.media.noteStats(stats);
    const now = performance.now();
    const order = this.guard.observe({
      now,
      linkReady: this.options.channelOpen() && this.held === null && this.renewWait === null,
      ice: pc.iceConnectionState,
      liveTransceivers: pc
        .getTransceivers()
        .filter(
          (transceiver) => transceiver.currentDirection !== 'stopped' && transceiver.direction !== 'stopped',
        ).length,
      expectVideo: this.remoteVideoOn && !this.cameraHidden,
      videoPacketsIn,
      negotiationQuietMs: this.media.negotiationQuietMs(now),
      // Relay-only finds candidates only through a relay, which may rightly give none.
      gatheringSilentMs: this.options.ice.relayOnly ? null : this.media.gatheringSilentMs(now),
    });
    if (order) this.repair(order.repair, order.reason);
  }

  private repair(repair: Repair, reason: string): void {
    this.options.log(
      `media guard: repairing ${this.options.peerId} (${repair}): ${reason} [${this.media.describeNegotiation()}]`,
    );
    switch (repair) {
      case 'restart-ice':
        this.media.restartIce();
        return;
      case 'renew-media':
        this.requestRenewal();
        return;
      case 'redial':
        this.emit('redial', reason);
        return;
    }
  }
}
