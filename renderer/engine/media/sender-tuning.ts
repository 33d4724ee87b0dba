/**
 * What one media connection's senders are set to: the link's share of the
 * upload budget (quality.ts), and what the receiver says it shows
 * (send-encoding.ts decides; this applies it with setParameters, never by
 * editing SDP).
 *
 * Sending parameters can only be changed on negotiated senders, between
 * negotiations (Chrome refuses parameters read before an offer/answer
 * changed them): otherwise the change waits for the next stable state. One
 * application runs at a time, and a change during one runs again after it:
 * two interleaved get/setParameters pairs make Chrome refuse the first.
 */
import type { DisplaySize, StreamKind } from './display-size.js';
import { startupDegradationPreference, whenFirstFrameEncoded } from './encoder-start.js';
import type { SendQuality } from './quality.js';
import { encodingFor } from './send-encoding.js';

/** One of our senders on the connection, and whether it carries a shared screen. */
export interface TunedSender {
  transceiver: RTCRtpTransceiver;
  screen: boolean;
}

function trackSize(track: MediaStreamTrack | null): DisplaySize | null {
  const settings = track?.getSettings?.();
  const { width, height } = settings ?? {};
  return width && height ? { width, height } : null;
}

export class SenderTuning {
  private quality: SendQuality | null = null;
  /** What the receiver last said it shows of each stream; null until it says. */
  private readonly wanted: Record<StreamKind, DisplaySize | null> = { camera: null, screen: null };
  private pending = false;
  private running = false;
  private again = false;
  private closed = false;
  /** Camera senders past their first encoded frame, and those being watched for it (see encoder-start.ts). */
  private readonly cameraStarted = new WeakSet<RTCRtpSender>();
  private readonly cameraWatched = new WeakSet<RTCRtpSender>();

  constructor(
    private readonly pc: RTCPeerConnection,
    /** Every sender we have on the connection now. */
    private readonly senders: () => TunedSender[],
    private readonly log: (message: string, detail?: unknown) => void,
  ) {}

  setQuality(quality: SendQuality): void {
    this.quality = quality;
    void this.apply();
  }

  /** The receiver's latest report for one stream (null: it has not said, so full size). */
  setWanted(stream: StreamKind, size: DisplaySize | null): void {
    this.wanted[stream] = size;
    void this.apply();
  }

  /** The connection is stable again: apply what had to wait. */
  stable(): void {
    if (this.pending) void this.apply();
  }

  close(): void {
    this.closed = true;
  }

  async apply(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.applyOnce();
      } while (this.again && !this.closed);
    } finally {
      this.running = false;
    }
  }

  private async applyOnce(): Promise<void> {
    const quality = this.quality;
    if (!quality || this.closed) return;
    const sending = this.senders();
    const negotiated = sending.every(({ transceiver }) => transceiver.currentDirection !== null);
    if (this.pc.signalingState !== 'stable' || !negotiated) {
      this.pending = true;
      return;
    }
    this.pending = false;
    for (const { transceiver, screen } of sending) {
      // Closed while an earlier sender was being set: its senders are stopped now.
      if (this.closed) return;
      const sender = transceiver.sender;
      const kind = sender.track?.kind;
      const parameters = sender.getParameters();
      const encoding = parameters.encodings?.[0];
      if (!encoding || !kind) continue;
      if (kind !== 'video') encoding.maxBitrate = quality.audioMaxBitrate;
      else {
        const choice = encodingFor({
          stream: screen ? 'screen' : 'camera',
          wanted: this.wanted[screen ? 'screen' : 'camera'],
          source: trackSize(sender.track),
          budgetBps: screen ? quality.screenMaxBitrate : quality.videoMaxBitrate,
          frameRate: screen ? quality.screenFrameRate : quality.cameraFrameRate,
        });
        Object.assign(encoding, choice);
        // A blurred screen is useless, a slow one is fine: keep the resolution.
        if (screen) parameters.degradationPreference = 'maintain-resolution';
        else {
          // The preset's preference only once the first frame is out, which undoes the encoder's start-up cut.
          parameters.degradationPreference = this.cameraStarted.has(sender)
            ? quality.degradationPreference
            : startupDegradationPreference(quality.degradationPreference);
          this.watchCameraStart(sender);
        }
      }
      try {
        await sender.setParameters(parameters);
      } catch (error) {
        // A negotiation slipped in between reading and setting: try again once it is done.
        if (error instanceof DOMException && error.name === 'InvalidModificationError') this.pending = true;
        else this.log(`could not set ${kind} sending parameters`, error);
      }
    }
  }

  /** Once the camera's first frame is out, gives it the preset's preference, clearing its start-up cut. */
  private watchCameraStart(sender: RTCRtpSender): void {
    if (this.cameraWatched.has(sender)) return;
    this.cameraWatched.add(sender);
    const stillWanted = (): boolean =>
      !this.closed &&
      this.senders().some(({ transceiver, screen }) => !screen && transceiver.sender === sender);
    void whenFirstFrameEncoded(sender, { stillWanted }).then(() => {
      if (!stillWanted()) return;
      this.cameraStarted.add(sender);
      void this.apply();
    });
  }
}
