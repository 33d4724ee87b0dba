/**
 * The media half of a member link: our own RTCPeerConnection, negotiated
 * with perfect negotiation over the link's channel. It sends our published
 * tracks and shared screen, collects the member's camera and mic into one
 * stream and its shared screen into another (told apart by the screen's
 * stream id, which the member announces), restarts ICE when asked, and
 * watches whether the selected path goes through a TURN relay (and over
 * which transport: see relay-upgrade.ts).
 */
import { Emitter } from '../emitter.js';
import type { IceCandidate, SessionDescription } from '../protocol/messages.js';
import type { DisplaySize, StreamKind } from './display-size.js';
import { rtcConfiguration, type IceSettings } from './ice-config.js';
import { NegotiationTrace } from './negotiation-trace.js';
import { PerfectNegotiator, type OutgoingSignal } from './perfect-negotiator.js';
import { withReceivePreferences } from './receive-preferences.js';
import type { SendQuality } from './quality.js';
import { selectedLocalEnd } from './relay-detection.js';
import { RelayUpgrade } from './relay-upgrade.js';
import { SenderTuning } from './sender-tuning.js';
import { probeUdpRelay } from './udp-relay-probe.js';

export interface MediaConnectionEvents {
  /** The member's published media, or null when it stopped. */
  'remote-stream': MediaStream | null;
  /** The member's shared screen, or null when it stopped. */
  'remote-screen': MediaStream | null;
  /** ICE state changed. */
  ice: RTCIceConnectionState;
  /** Whether our end of the selected path is a TURN relay (see noteStats). */
  relayed: boolean;
  /** A TURN server refused our credentials (ICE candidate error 401). */
  'relay-refused': undefined;
  /** The far side's description did not fit ours: only a fresh connection on both sides agrees again. */
  diverged: string;
}

/** One stream we send (camera and mic, or a shared screen) and its transceivers, so each can stop alone. */
interface Sending {
  /** Kept to send it afresh after an outage. */
  stream: MediaStream | null;
  transceivers: RTCRtpTransceiver[];
}

export class MediaConnection extends Emitter<MediaConnectionEvents> {
  readonly pc: RTCPeerConnection;
  private readonly negotiator: PerfectNegotiator;
  private readonly camera: Sending = { stream: null, transceivers: [] };
  private readonly screen: Sending = { stream: null, transceivers: [] };
  private incoming: MediaStream | null = null;
  private incomingScreen: MediaStream | null = null;
  /** The stream id the member gave its shared screen: tracks of that stream are the screen. */
  private remoteScreenId: string | null = null;
  private relayed: boolean | null = null;
  private jitterBufferTargetMs: number | null = null;
  /** What our senders are set to: the budget share, and what the member shows of each stream. */
  private readonly tuning: SenderTuning;
  private readonly trace = new NegotiationTrace();
  private readonly relayUpgrade: RelayUpgrade;
  private closed = false;

  constructor(
    ice: IceSettings,
    polite: boolean,
    send: (signal: OutgoingSignal) => void,
    private readonly log: (message: string, detail?: unknown) => void,
  ) {
    super();
    this.pc = new RTCPeerConnection(rtcConfiguration(ice));
    this.negotiator = new PerfectNegotiator(
      this.pc,
      polite,
      (signal) => send(withReceivePreferences(signal)),
      log,
      (event) => this.trace.note(event),
      (error) => {
        if (!this.closed) this.emit('diverged', error instanceof Error ? error.message : String(error));
      },
    );
    this.relayUpgrade = new RelayUpgrade({
      pc: this.pc,
      ice,
      restartIce: () => this.negotiator.restartIce(),
      probe: (servers) => probeUdpRelay(servers),
      log,
    });
    // A fresh connection's first offer comes from the impolite side (see offersMayGo).
    if (polite) this.negotiator.holdOffersForTheirs();
    this.tuning = new SenderTuning(
      this.pc,
      () => [
        ...this.camera.transceivers.map((transceiver) => ({ transceiver, screen: false })),
        ...this.screen.transceivers.map((transceiver) => ({ transceiver, screen: true })),
      ],
      log,
    );
    this.pc.ontrack = (event) => this.onTrack(event);
    this.pc.oniceconnectionstatechange = () => {
      this.trace.note(`ICE ${this.pc.iceConnectionState}`);
      this.emit('ice', this.pc.iceConnectionState);
    };
    this.pc.onicegatheringstatechange = () => this.trace.note(`gathering ${this.pc.iceGatheringState}`);
    this.pc.onsignalingstatechange = () => {
      this.trace.note(`signaling ${this.pc.signalingState}`);
      if (this.pc.signalingState === 'stable') this.tuning.stable();
    };
    this.pc.onicecandidateerror = (event) => {
      if ((event as RTCPeerConnectionIceErrorEvent).errorCode === 401) this.emit('relay-refused', undefined);
    };
  }

  get iceState(): RTCIceConnectionState {
    return this.pc.iceConnectionState;
  }

  /** How long this connection has gathered without finding one local candidate, or null (see PerfectNegotiator). */
  gatheringSilentMs(now: number): number | null {
    const since = this.negotiator.gatheringSilentSince;
    return since === null ? null : now - since;
  }

  /** How long this connection's negotiation has not moved (see NegotiationTrace.quietMs). */
  negotiationQuietMs(now: number): number {
    return this.trace.quietMs(now);
  }

  /** Where negotiation stands and how it got there, for a repair's log line. */
  describeNegotiation(): string {
    const { pc } = this;
    return (
      `signaling ${pc.signalingState}, gathering ${pc.iceGatheringState}, ` +
      `local ${pc.localDescription?.type ?? 'none'}, remote ${pc.remoteDescription?.type ?? 'none'}; ` +
      this.trace.describe()
    );
  }

  handleSignal(signal: { description?: SessionDescription; candidate?: IceCandidate }): void {
    this.negotiator.handle(signal);
  }

  /**
   * On the polite side, our offers wait from the start for the member's
   * first, which its tracks bring as soon as it reads our hello, so that the
   * two never cross (see PerfectNegotiator.holdOffersForTheirs). They go
   * once its offer is answered, or now: when the member sends nothing (no
   * offer will come), or when its offer is overdue.
   */
  offersMayGo(): void {
    this.negotiator.stopHolding();
  }

  /**
   * After the signaling channel came back: re-send or retract what was in
   * flight, restart ICE, and send our tracks afresh.
   */
  recover(restartIce: boolean): void {
    this.log(
      `media recovery: signaling ${this.pc.signalingState}, ICE ${this.pc.iceConnectionState}${restartIce ? ', restarting ICE' : ''}`,
    );
    // Renew senders only once a retracted offer is rolled back: stopping and
    // adding transceivers under an offer that is then rolled back leaves
    // Chrome pairing new transceivers with m-lines of the other kind, and
    // every later offer fails ("Transceiver type does not match media
    // description type").
    void this.negotiator.resync().then(() => {
      if (this.closed) return;
      // The network may have changed under the outage: every way to the relay
      // again, for our restart or the member's (which makes us gather anew).
      this.relayUpgrade.reset();
      if (restartIce) this.negotiator.restartIce();
      this.resendOutgoing();
    });
  }

  /** Restarts ICE (the self-healing guard's first repair); the offer goes out through negotiation. */
  restartIce(): void {
    if (this.closed) return;
    this.relayUpgrade.reset();
    this.negotiator.restartIce();
  }

  /**
   * Sends our tracks again on new transceivers after an outage, for two
   * things Chrome does. A receiver that has had no video for 3 s stops
   * expecting it, and decodes what arrives only at its next 3 s check, however
   * soon the path is back: new senders give the far side new receivers, which
   * show video at once. And once every old m-line has stopped (the far side
   * renews its own senders too), the connection gets a new ICE transport,
   * which takes the first path that works; the old one keeps its dead path
   * until 2.5 s after it last heard anything, and then waits 1 s more.
   */
  private resendOutgoing(): void {
    // Transceivers without a mid were only in an offer the outage lost and
    // that was rolled back: they are new already, and a stopped one that never
    // had an m-line would stay in the connection for good.
    for (const sending of [this.camera, this.screen]) {
      const stream = sending.stream;
      if (!stream || !sending.transceivers.some((transceiver) => transceiver.mid !== null)) continue;
      this.send(sending, null);
      this.send(sending, stream);
    }
  }

  /**
   * Sends `stream`'s tracks, or stops sending with null. Stopped transceivers
   * end the remote tracks once renegotiated, so the far side keeps nothing
   * alive for a stream that is gone.
   */
  setOutgoing(stream: MediaStream | null): void {
    this.send(this.camera, stream);
  }

  /**
   * Sends `next` where `previous` was sent, on the same transceiver: a new
   * camera or mic without renegotiating. False when `previous` is not sent here.
   */
  async replaceTrack(previous: MediaStreamTrack, next: MediaStreamTrack): Promise<boolean> {
    const transceiver = this.camera.transceivers.find((candidate) => candidate.sender.track === previous);
    if (this.closed || !transceiver) return false;
    await transceiver.sender.replaceTrack(next);
    return true;
  }

  /**
   * Sends a shared screen beside the camera, or stops with null. Only the
   * screen's own transceivers stop, so camera and mic go on untouched; the
   * far side's screen tracks end once renegotiated.
   */
  setOutgoingScreen(stream: MediaStream | null): void {
    this.send(this.screen, stream, (track) => {
      // Tells the encoder this is text and edges: keep them sharp rather than smooth motion.
      if (track.kind === 'video') track.contentHint = 'detail';
    });
  }

  /**
   * Makes `sending` carry `stream`'s tracks: transceivers of tracks no longer
   * in it stop, new tracks get transceivers of their own (after `prepare`).
   */
  private send(
    sending: Sending,
    stream: MediaStream | null,
    prepare?: (track: MediaStreamTrack) => void,
  ): void {
    if (this.closed) return;
    sending.stream = stream;
    for (const transceiver of sending.transceivers) {
      if (!stream || !stream.getTracks().includes(transceiver.sender.track as MediaStreamTrack))
        transceiver.stop();
    }
    sending.transceivers = sending.transceivers.filter((transceiver) => transceiver.direction !== 'stopped');
    if (!stream) return;
    const sent = new Set(sending.transceivers.map((transceiver) => transceiver.sender.track));
    for (const track of stream.getTracks()) {
      if (sent.has(track)) continue;
      prepare?.(track);
      sending.transceivers.push(this.pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] }));
    }
    void this.tuning.apply();
  }

  /**
   * The member said which of its streams is a shared screen (null: none).
   * It says so before sending the tracks; a different id means the previous
   * screen is gone.
   */
  setRemoteScreen(streamId: string | null): void {
    if (streamId === this.remoteScreenId) return;
    this.remoteScreenId = streamId;
    this.dropIncomingScreen();
  }

  /** Caps what we send on this link (bitrate share, degradation preference). */
  setSendQuality(quality: SendQuality): void {
    this.tuning.setQuality(quality);
  }

  /** What the member says it shows of our camera or screen (null: it has not said): we send no more. */
  setWanted(stream: StreamKind, size: DisplaySize | null): void {
    this.tuning.setWanted(stream, size);
  }

  /** The receive-side latency/smoothness trade: a jitter buffer target for every incoming track. */
  setJitterBufferTarget(milliseconds: number | null): void {
    this.jitterBufferTargetMs = milliseconds;
    for (const receiver of this.pc.getReceivers()) this.applyJitterBufferTarget(receiver);
  }

  private applyJitterBufferTarget(receiver: RTCRtpReceiver): void {
    const target = receiver as RTCRtpReceiver & { jitterBufferTarget?: number | null };
    if ('jitterBufferTarget' in target) target.jitterBufferTarget = this.jitterBufferTargetMs;
  }

  /** Drops the camera and mic the member was sending us, ending their tracks here. */
  dropIncoming(): void {
    if (!this.incoming) return;
    this.incoming.getTracks().forEach((track) => track.stop());
    this.incoming = null;
    this.emit('remote-stream', null);
  }

  /** Drops the screen the member was sharing with us, ending its tracks here. */
  private dropIncomingScreen(): void {
    if (!this.incomingScreen) return;
    this.incomingScreen.getTracks().forEach((track) => track.stop());
    this.incomingScreen = null;
    this.emit('remote-screen', null);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.tuning.close();
    this.relayUpgrade.close();
    for (const sending of [this.camera, this.screen]) {
      sending.transceivers.forEach((transceiver) => transceiver.stop());
      sending.transceivers = [];
    }
    this.dropIncoming();
    this.dropIncomingScreen();
    this.negotiator.close();
    this.pc.ontrack = null;
    this.pc.oniceconnectionstatechange = null;
    this.pc.onicegatheringstatechange = null;
    this.pc.onsignalingstatechange = null;
    this.pc.onicecandidateerror = null;
    this.pc.close();
    this.removeAllListeners();
  }

  private onTrack(event: RTCTrackEvent): void {
    const streamId = event.streams[0]?.id;
    const isScreen = streamId !== undefined && streamId === this.remoteScreenId;
    const track = event.track;
    const current = (isScreen ? this.incomingScreen : this.incoming) ?? new MediaStream();
    // A member sends one track of each kind in a stream. A second one is its
    // senders renewed after an outage: it replaces the old, which would stay
    // in the stream, muted, and be the one the tile plays. A new stream
    // object makes the tile bind the new tracks.
    const superseded = current.getTracks().filter((old) => old.kind === track.kind);
    superseded.forEach((old) => old.stop());
    const stream = superseded.length
      ? new MediaStream([...current.getTracks().filter((old) => old.kind !== track.kind), track])
      : current;
    if (!superseded.length) stream.addTrack(track);
    if (isScreen) this.incomingScreen = stream;
    else this.incoming = stream;
    this.applyJitterBufferTarget(event.receiver);
    track.addEventListener('ended', () =>
      (isScreen ? this.incomingScreen : this.incoming)?.removeTrack(track),
    );
    this.emit(isScreen ? 'remote-screen' : 'remote-stream', stream);
  }

  /**
   * Whether the selected path goes through a TURN relay, and over which
   * transport, from a statistics report of this connection: the guard reads
   * one every few seconds (room/link-media.ts), and one read serves all.
   */
  noteStats(report: RTCStatsReport): void {
    const ice = this.pc.iceConnectionState;
    if (this.closed || (ice !== 'connected' && ice !== 'completed')) return;
    const local = selectedLocalEnd(report);
    this.relayUpgrade.notePath(local, performance.now());
    const relayed = local === null ? null : local.candidateType === 'relay';
    if (relayed === null || relayed === this.relayed) return;
    this.relayed = relayed;
    this.emit('relayed', relayed);
  }
}
