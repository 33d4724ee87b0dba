/**
 * Just enough of RTCPeerConnection and MediaStream for the engine's media
 * code to negotiate under Node: transceivers get mids when an answer is
 * applied, adding or stopping one asks for negotiation, descriptions follow
 * the signaling states (offer, answer, rollback), and every description and
 * candidate applied is recorded so tests can see which connection spoke to
 * which. No media flows; ICE is whatever a test sets.
 */

let nextConnection = 1;

export class FakeTrack {
  readonly id = `track-${Math.random().toString(36).slice(2, 8)}`;
  readyState: 'live' | 'ended' = 'live';
  enabled = true;
  contentHint = '';
  constructor(readonly kind: 'audio' | 'video') {}
  stop(): void {
    this.readyState = 'ended';
  }
  addEventListener(): void {}
}

export class FakeStream {
  readonly id = `stream-${Math.random().toString(36).slice(2, 8)}`;
  constructor(private readonly tracks: FakeTrack[] = []) {}
  getTracks(): FakeTrack[] {
    return [...this.tracks];
  }
  addTrack(track: FakeTrack): void {
    this.tracks.push(track);
  }
  removeTrack(track: FakeTrack): void {
    this.tracks.splice(this.tracks.indexOf(track), 1);
  }
}

export class FakeTransceiver {
  mid: string | null = null;
  direction: RTCRtpTransceiverDirection;
  currentDirection: RTCRtpTransceiverDirection | null = null;
  readonly sender: { track: FakeTrack | null; getParameters(): RTCRtpSendParameters };
  readonly receiver = { track: new FakeTrack('video') };

  constructor(
    track: FakeTrack,
    init: RTCRtpTransceiverInit,
    private readonly changed: () => void,
  ) {
    this.direction = init.direction ?? 'sendrecv';
    this.sender = {
      track,
      getParameters: () => ({
        encodings: [{}],
        transactionId: '',
        codecs: [],
        headerExtensions: [],
        rtcp: {},
      }),
    };
  }

  stop(): void {
    if (this.direction === 'stopped') return;
    this.direction = 'stopped';
    this.changed();
  }
}

/** Just enough of a camera and mic for a session to publish under Node. */
export function fakeCamera(): MediaStream {
  class Track extends FakeTrack {
    getSettings(): MediaTrackSettings {
      return {};
    }
    removeEventListener(): void {}
  }
  class Camera extends FakeStream {
    getAudioTracks(): FakeTrack[] {
      return this.getTracks().filter((track) => track.kind === 'audio');
    }
    getVideoTracks(): FakeTrack[] {
      return this.getTracks().filter((track) => track.kind === 'video');
    }
  }
  return new Camera([new Track('audio'), new Track('video')]) as unknown as MediaStream;
}

type Description = { type: RTCSdpType; sdp: string };

export class FakePeerConnection {
  /** Every connection made, oldest first. */
  static made: FakePeerConnection[] = [];
  readonly name = `pc${nextConnection++}`;
  iceConnectionState: RTCIceConnectionState = 'new';
  signalingState: RTCSignalingState = 'stable';
  localDescription: Description | null = null;
  remoteDescription: Description | null = null;
  /** Descriptions and candidates applied from the far side, in order. */
  readonly applied: string[] = [];
  /** Offers of ours rolled back, explicitly or by applying the far side's offer over one. */
  rollbacks = 0;
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate:
    ((event: { candidate: { candidate: string; toJSON(): RTCIceCandidateInit } }) => void) | null = null;
  ontrack: (() => void) | null = null;
  oniceconnectionstatechange: (() => void) | null = null;
  onsignalingstatechange: (() => void) | null = null;
  onicegatheringstatechange: (() => void) | null = null;
  iceGatheringState: RTCIceGatheringState = 'new';
  onicecandidateerror: (() => void) | null = null;
  private readonly transceivers: FakeTransceiver[] = [];
  private nextMid = 0;
  private negotiationQueued = false;
  private iceGeneration = 0;

  constructor() {
    FakePeerConnection.made.push(this);
  }

  static reset(): void {
    FakePeerConnection.made = [];
    nextConnection = 1;
  }

  addTransceiver(track: FakeTrack, init: RTCRtpTransceiverInit): FakeTransceiver {
    const transceiver = new FakeTransceiver(track, init, () => this.needNegotiation());
    this.transceivers.push(transceiver);
    this.needNegotiation();
    return transceiver;
  }

  getTransceivers(): FakeTransceiver[] {
    return [...this.transceivers];
  }

  getReceivers(): FakeTransceiver['receiver'][] {
    return this.transceivers.map((transceiver) => transceiver.receiver);
  }

  restartIce(): void {
    this.iceGeneration++;
    this.needNegotiation();
  }

  async setLocalDescription(description?: { type: 'rollback' }): Promise<void> {
    await Promise.resolve();
    if (description?.type === 'rollback') {
      if (this.signalingState === 'have-local-offer') this.rollbacks++;
      this.localDescription = null;
      this.setSignaling('stable');
      return;
    }
    if (this.signalingState === 'have-remote-offer') {
      this.localDescription = { type: 'answer', sdp: this.sdp('answer') };
      this.assignMids();
      this.setSignaling('stable');
    } else {
      this.localDescription = { type: 'offer', sdp: this.sdp('offer') };
      this.setSignaling('have-local-offer');
    }
    // Each description is followed by a candidate of this connection's.
    setTimeout(
      () =>
        this.onicecandidate?.({
          candidate: {
            candidate: `candidate:${this.name}`,
            toJSON: () => ({ candidate: `candidate:${this.name}`, sdpMid: '0', sdpMLineIndex: 0 }),
          },
        }),
      0,
    );
  }

  async setRemoteDescription(description: Description): Promise<void> {
    await Promise.resolve();
    if (description.type === 'offer' && this.signalingState === 'have-local-offer') this.rollbacks++;
    this.remoteDescription = description;
    this.applied.push(`${description.type} from ${/^o=(\S+)/m.exec(description.sdp)?.[1] ?? '?'}`);
    if (description.type === 'offer') this.setSignaling('have-remote-offer');
    else {
      this.assignMids();
      this.setSignaling('stable');
    }
  }

  async addIceCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    await Promise.resolve();
    this.applied.push(candidate.candidate ?? '');
  }

  async getStats(): Promise<Map<string, unknown>> {
    return new Map();
  }

  close(): void {
    this.signalingState = 'closed';
  }

  private sdp(type: string): string {
    return `v=0\r\no=${this.name} ${this.iceGeneration} IN IP4 0.0.0.0\r\ns=${type}\r\n`;
  }

  private assignMids(): void {
    for (const transceiver of this.transceivers) {
      if (transceiver.direction === 'stopped') transceiver.currentDirection = 'stopped';
      else {
        transceiver.mid ??= String(this.nextMid++);
        transceiver.currentDirection = transceiver.direction;
      }
    }
  }

  private setSignaling(state: RTCSignalingState): void {
    this.signalingState = state;
    this.onsignalingstatechange?.();
    // An offer and its answer applied: the fake's ICE connects at once.
    if (
      state === 'stable' &&
      this.localDescription &&
      this.remoteDescription &&
      this.iceConnectionState === 'new'
    ) {
      this.iceConnectionState = 'connected';
      this.oniceconnectionstatechange?.();
    }
  }

  private needNegotiation(): void {
    if (this.negotiationQueued) return;
    this.negotiationQueued = true;
    setTimeout(() => {
      this.negotiationQueued = false;
      if (this.signalingState !== 'closed') this.onnegotiationneeded?.();
    }, 0);
  }
}
