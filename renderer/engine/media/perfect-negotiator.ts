/**
 * Offer/answer for one RTCPeerConnection, in the "perfect negotiation"
 * pattern: either side may renegotiate at any time; on glare the polite side
 * rolls back and takes the other's offer, the impolite side ignores it.
 * Signals are applied strictly one after another, and remote ICE candidates
 * that arrive before a remote description is set are held until it is.
 */
import type { IceCandidate, SessionDescription } from '../protocol/messages.js';

export type OutgoingSignal = { description: SessionDescription } | { candidate: IceCandidate };

export class PerfectNegotiator {
  private makingOffer = false;
  private ignoreOffer = false;
  private closed = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly heldCandidates: IceCandidate[] = [];
  /** When a local description was first set (gathering begins then), and how many candidates came since. */
  private firstLocalDescriptionAt: number | null = null;
  private candidatesGathered = 0;
  /** Our offers wait for the far side's first (see holdOffersForTheirs); `offerWanted`: one came meanwhile. */
  private offersHeld = false;
  private offerWanted = false;

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly polite: boolean,
    private readonly send: (signal: OutgoingSignal) => void,
    private readonly warn: (message: string, error?: unknown) => void,
    /** Records what is sent and received, for the connection's trace. */
    private readonly note: (event: string) => void = () => {},
    /**
     * A description from the far side did not fit ours (see apply): the two
     * sides no longer agree on what was negotiated, and no offer or ICE
     * restart on this connection can bring them together again.
     */
    private readonly diverged: (error: unknown) => void = () => {},
  ) {
    pc.onnegotiationneeded = () => void this.makeOffer();
    pc.onicecandidate = ({ candidate }) => {
      if (!candidate || !candidate.candidate) return;
      this.candidatesGathered++;
      const json = candidate.toJSON();
      this.note('sent candidate');
      this.send({
        candidate: {
          candidate: json.candidate ?? '',
          sdpMid: json.sdpMid ?? null,
          sdpMLineIndex: json.sdpMLineIndex ?? null,
          usernameFragment: json.usernameFragment ?? null,
        },
      });
    };
  }

  /** Queues a signal from the remote side; signals are applied in arrival order. */
  handle(signal: { description?: SessionDescription; candidate?: IceCandidate }): void {
    this.queue = this.queue
      .then(() => this.apply(signal))
      .catch((error: unknown) => this.warn('could not apply a signal', error));
  }

  /**
   * After the signaling path was down: an offer of ours that may never have
   * arrived is sent again (the polite side retracts it instead, so the two
   * offers cannot cross), so negotiation can reach stable and go on.
   * Resolves once that is done (the retraction waits for signals queued before it).
   */
  resync(): Promise<void> {
    if (this.closed || this.pc.signalingState !== 'have-local-offer') return Promise.resolve();
    if (this.polite) {
      this.queue = this.queue
        .then(async () => {
          if (this.pc.signalingState === 'have-local-offer')
            await this.pc.setLocalDescription({ type: 'rollback' });
        })
        .catch((error: unknown) => this.warn('could not roll back an offer', error));
      return this.queue;
    }
    this.sendLocalDescription();
    return Promise.resolve();
  }

  /**
   * Since when this connection has been gathering without finding one local
   * candidate (a performance.now() time), or null: not begun, or found one.
   */
  get gatheringSilentSince(): number | null {
    return this.candidatesGathered > 0 ? null : this.firstLocalDescriptionAt;
  }

  /**
   * Our offers wait until the far side's first offer is answered, or
   * `stopHolding`: it is on its way, and two crossing offers make the polite
   * side roll its own back, which Chromium can botch. A connection that rolled
   * back an offer as its ICE gathering began, then answered, was seen never to
   * gather one candidate (no media until the guard renews it, 4 s later).
   */
  holdOffersForTheirs(): void {
    this.offersHeld = true;
  }

  /** Our offers no longer wait: one wanted meanwhile is made now. */
  stopHolding(): void {
    if (!this.offersHeld) return;
    this.offersHeld = false;
    if (!this.offerWanted) return;
    this.offerWanted = false;
    void this.makeOffer();
  }

  /** Restarts ICE; the resulting offer goes out through negotiationneeded. */
  restartIce(): void {
    if (!this.closed) this.pc.restartIce();
  }

  close(): void {
    this.closed = true;
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
  }

  private async makeOffer(): Promise<void> {
    if (this.closed) return;
    if (this.offersHeld) {
      // Chrome fires negotiationneeded once for a need: stopHolding makes the offer.
      if (!this.offerWanted) this.note('our offer waits for theirs');
      this.offerWanted = true;
      return;
    }
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.sendLocalDescription();
    } catch (error) {
      this.warn('could not make an offer', error);
    } finally {
      this.makingOffer = false;
    }
  }

  private sendLocalDescription(): void {
    const local = this.pc.localDescription;
    if (this.closed || !local || (local.type !== 'offer' && local.type !== 'answer')) return;
    this.firstLocalDescriptionAt ??= performance.now();
    this.note(`sent ${local.type}`);
    this.send({ description: { type: local.type, sdp: local.sdp } });
  }

  private async apply(signal: { description?: SessionDescription; candidate?: IceCandidate }): Promise<void> {
    if (this.closed) return;
    if (signal.description) {
      const description = signal.description;
      this.note(`got ${description.type}`);
      const collision =
        description.type === 'offer' && (this.makingOffer || this.pc.signalingState !== 'stable');
      this.ignoreOffer = !this.polite && collision;
      if (this.ignoreOffer) {
        this.note('ignored offer');
        return;
      }
      // A polite side in collision rolls back implicitly here.
      try {
        await this.pc.setRemoteDescription(description);
      } catch (error) {
        // The browser refuses a description whose m-lines do not follow the
        // last ones negotiated (InvalidAccessError). Seen after an outage:
        // our offer reached the far side, which applied it and answered, but
        // the answer was lost, and we rolled the offer back; the far side's
        // next offer builds on a negotiation we no longer have.
        if (error instanceof DOMException && error.name === 'InvalidAccessError') this.diverged(error);
        throw error;
      }
      await this.flushHeldCandidates();
      if (description.type === 'offer') {
        await this.pc.setLocalDescription();
        this.sendLocalDescription();
        this.stopHolding();
      }
      return;
    }
    if (signal.candidate) {
      this.note('got candidate');
      if (!this.pc.remoteDescription) {
        this.heldCandidates.push(signal.candidate);
        return;
      }
      await this.addCandidate(signal.candidate);
    }
  }

  private async flushHeldCandidates(): Promise<void> {
    const held = this.heldCandidates.splice(0);
    for (const candidate of held) await this.addCandidate(candidate);
  }

  private async addCandidate(candidate: IceCandidate): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      // Candidates for an offer we ignored are expected to fail.
      if (!this.ignoreOffer) throw error;
    }
  }
}
