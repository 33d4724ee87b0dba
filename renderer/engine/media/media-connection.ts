/**
 * The media half of a member link: our own RTCPeerConnection, negotiated
 * with perfect negotiation over the link's channel. It sends our published
 * tracks, collects the member's into one stream, restarts ICE when asked,
 * and watches whether the selected path goes through a TURN relay.
 */
import { Emitter } from '../emitter.js';
import type { IceCandidate, SessionDescription } from '../protocol/messages.js';
import { rtcConfiguration, type IceSettings } from './ice-config.js';
import { withOpusPreferences } from './opus-options.js';
import { PerfectNegotiator, type OutgoingSignal } from './perfect-negotiator.js';
import type { SendQuality } from './quality.js';
import { selectedPathIsRelayed } from './relay-detection.js';

export interface MediaConnectionEvents {
  /** The member's published media, or null when it stopped. */
  'remote-stream': MediaStream | null;
  /** ICE state changed. */
  ice: RTCIceConnectionState;
  /** Whether our end of the selected path is a TURN relay (checked every few seconds). */
  relayed: boolean;
  /** A TURN server refused our credentials (ICE candidate error 401). */
  'relay-refused': undefined;
}

const RELAY_CHECK_MS = 2000;

export class MediaConnection extends Emitter<MediaConnectionEvents> {
  readonly pc: RTCPeerConnection;
  private readonly negotiator: PerfectNegotiator;
  private outgoing: RTCRtpTransceiver[] = [];
  private incoming: MediaStream | null = null;
  private relayed: boolean | null = null;
  private quality: SendQuality | null = null;
  private jitterBufferTargetMs: number | null = null;
  private qualityPending = false;
  private readonly relayTimer: ReturnType<typeof setInterval>;
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
      (signal) => send(withOpusPreferences(signal)),
      log,
    );
    this.pc.ontrack = (event) => this.onTrack(event);
    this.pc.oniceconnectionstatechange = () => this.emit('ice', this.pc.iceConnectionState);
    this.pc.onsignalingstatechange = () => {
      if (this.pc.signalingState === 'stable' && this.qualityPending) void this.applySendQuality();
    };
    this.pc.onicecandidateerror = (event) => {
      if ((event as RTCPeerConnectionIceErrorEvent).errorCode === 401) this.emit('relay-refused', undefined);
    };
    this.relayTimer = setInterval(() => void this.checkRelay(), RELAY_CHECK_MS);
  }

  get iceState(): RTCIceConnectionState {
    return this.pc.iceConnectionState;
  }

  handleSignal(signal: { description?: SessionDescription; candidate?: IceCandidate }): void {
    this.negotiator.handle(signal);
  }

  /** After the signaling channel came back: re-send or retract what was in flight, then restart ICE. */
  recover(restartIce: boolean): void {
    this.log(
      `media recovery: signaling ${this.pc.signalingState}, ICE ${this.pc.iceConnectionState}${restartIce ? ', restarting ICE' : ''}`,
    );
    this.negotiator.resync();
    if (restartIce) this.negotiator.restartIce();
  }

  /**
   * Sends `stream`'s tracks, or stops sending with null. Stopped transceivers
   * end the remote tracks once renegotiated, so the far side keeps nothing
   * alive for a stream that is gone.
   */
  setOutgoing(stream: MediaStream | null): void {
    if (this.closed) return;
    for (const transceiver of this.outgoing) {
      if (!stream || !stream.getTracks().includes(transceiver.sender.track as MediaStreamTrack))
        transceiver.stop();
    }
    this.outgoing = this.outgoing.filter((transceiver) => transceiver.direction !== 'stopped');
    if (!stream) return;
    const sending = new Set(this.outgoing.map((transceiver) => transceiver.sender.track));
    for (const track of stream.getTracks()) {
      if (!sending.has(track)) {
        this.outgoing.push(this.pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] }));
      }
    }
    void this.applySendQuality();
  }

  /** Caps what we send on this link (bitrate share, degradation preference). */
  setSendQuality(quality: SendQuality): void {
    this.quality = quality;
    void this.applySendQuality();
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

  /**
   * Sending parameters can only be changed on negotiated senders, between
   * negotiations (Chrome refuses parameters read before an offer/answer
   * changed them): otherwise this waits for the next stable state.
   */
  private async applySendQuality(): Promise<void> {
    const quality = this.quality;
    if (!quality || this.closed) return;
    const negotiated = this.outgoing.every((transceiver) => transceiver.currentDirection !== null);
    if (this.pc.signalingState !== 'stable' || !negotiated) {
      this.qualityPending = true;
      return;
    }
    this.qualityPending = false;
    for (const transceiver of this.outgoing) {
      const sender = transceiver.sender;
      const kind = sender.track?.kind;
      const parameters = sender.getParameters();
      const encoding = parameters.encodings?.[0];
      if (!encoding || !kind) continue;
      encoding.maxBitrate = kind === 'video' ? quality.videoMaxBitrate : quality.audioMaxBitrate;
      if (kind === 'video') parameters.degradationPreference = quality.degradationPreference;
      try {
        await sender.setParameters(parameters);
      } catch (error) {
        // A negotiation slipped in between reading and setting: try again once it is done.
        if (error instanceof DOMException && error.name === 'InvalidModificationError')
          this.qualityPending = true;
        else this.log(`could not set ${kind} sending parameters`, error);
      }
    }
  }

  /** Drops what the member was sending us, ending its tracks here. */
  dropIncoming(): void {
    if (!this.incoming) return;
    this.incoming.getTracks().forEach((track) => track.stop());
    this.incoming = null;
    this.emit('remote-stream', null);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.relayTimer);
    for (const transceiver of this.outgoing) transceiver.stop();
    this.outgoing = [];
    this.dropIncoming();
    this.negotiator.close();
    this.pc.ontrack = null;
    this.pc.oniceconnectionstatechange = null;
    this.pc.onsignalingstatechange = null;
    this.pc.onicecandidateerror = null;
    this.pc.close();
    this.removeAllListeners();
  }

  private onTrack(event: RTCTrackEvent): void {
    if (!this.incoming) this.incoming = new MediaStream();
    const stream = this.incoming;
    stream.addTrack(event.track);
    this.applyJitterBufferTarget(event.receiver);
    event.track.addEventListener('ended', () => stream.removeTrack(event.track));
    this.emit('remote-stream', stream);
  }

  private async checkRelay(): Promise<void> {
    if (
      this.closed ||
      (this.pc.iceConnectionState !== 'connected' && this.pc.iceConnectionState !== 'completed')
    ) {
      return;
    }
    try {
      const relayed = selectedPathIsRelayed(await this.pc.getStats());
      if (relayed === null || relayed === this.relayed || this.closed) return;
      this.relayed = relayed;
      this.emit('relayed', relayed);
    } catch (error) {
      this.log('could not read connection statistics', error);
    }
  }
}
