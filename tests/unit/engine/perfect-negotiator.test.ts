import { describe, expect, it } from 'vitest';
import { PerfectNegotiator, type OutgoingSignal } from '../../../renderer/engine/media/perfect-negotiator.js';

/**
 * A stand-in for RTCPeerConnection with just the signaling state machine the
 * negotiator drives (offers, answers, implicit and explicit rollback, and
 * candidates refused before a remote description), so glare can be played
 * out deterministically under Node.
 */
class FakePeerConnection {
  signalingState: RTCSignalingState = 'stable';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: ((event: { candidate: null }) => void) | null = null;
  readonly candidates: string[] = [];
  private offers = 0;

  constructor(readonly name: string) {}

  async setLocalDescription(description?: RTCSessionDescriptionInit): Promise<void> {
    await Promise.resolve();
    if (description?.type === 'rollback') {
      if (this.signalingState !== 'have-local-offer') throw new Error('nothing to roll back');
      this.signalingState = 'stable';
      this.localDescription = null;
      return;
    }
    if (this.signalingState === 'have-remote-offer') {
      this.localDescription = { type: 'answer', sdp: `answer from ${this.name}` };
      this.signalingState = 'stable';
    } else {
      this.localDescription = { type: 'offer', sdp: `offer ${++this.offers} from ${this.name}` };
      this.signalingState = 'have-local-offer';
    }
  }

  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    await Promise.resolve();
    if (description.type === 'offer') {
      // Applying an offer while ours is out rolls ours back implicitly.
      this.signalingState = 'have-remote-offer';
    } else {
      if (this.signalingState !== 'have-local-offer') throw new Error(`answer in ${this.signalingState}`);
      this.signalingState = 'stable';
    }
    this.remoteDescription = description;
  }

  async addIceCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    if (!this.remoteDescription) throw new Error('no remote description');
    this.candidates.push(candidate.candidate ?? '');
  }

  restartIce(): void {
    queueMicrotask(() => this.onnegotiationneeded?.());
  }
}

/** Two negotiators wired to each other through queues the test drains. */
function pair() {
  const polite = new FakePeerConnection('polite');
  const impolite = new FakePeerConnection('impolite');
  const toImpolite: OutgoingSignal[] = [];
  const toPolite: OutgoingSignal[] = [];
  const warnings: string[] = [];
  const warn = (message: string): void => void warnings.push(message);
  const politeSide = new PerfectNegotiator(
    polite as unknown as RTCPeerConnection,
    true,
    (s) => toImpolite.push(s),
    warn,
  );
  const impoliteSide = new PerfectNegotiator(
    impolite as unknown as RTCPeerConnection,
    false,
    (s) => toPolite.push(s),
    warn,
  );
  const settle = async (): Promise<void> => {
    for (let round = 0; round < 20; round++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (const signal of toImpolite.splice(0)) impoliteSide.handle(signal);
      for (const signal of toPolite.splice(0)) politeSide.handle(signal);
    }
  };
  return { polite, impolite, politeSide, impoliteSide, settle, warnings, toImpolite, toPolite };
}

describe('perfect negotiation', () => {
  it('completes a plain offer and answer', async () => {
    const { polite, impolite, settle, warnings } = pair();
    polite.onnegotiationneeded?.();
    await settle();
    expect([polite.signalingState, impolite.signalingState]).toEqual(['stable', 'stable']);
    expect(impolite.remoteDescription?.sdp).toBe('offer 1 from polite');
    expect(polite.remoteDescription?.sdp).toBe('answer from impolite');
    expect(warnings).toEqual([]);
  });

  it('sorts out glare: the impolite offer wins, the polite side answers, then offers its own', async () => {
    const { polite, impolite, settle } = pair();
    polite.onnegotiationneeded?.();
    impolite.onnegotiationneeded?.();
    await settle();
    expect(polite.remoteDescription?.sdp).toBe('offer 1 from impolite');
    expect([polite.signalingState, impolite.signalingState]).toEqual(['stable', 'stable']);
    // The polite side's own change still needs negotiating; a browser says so again once stable.
    polite.onnegotiationneeded?.();
    await settle();
    expect(impolite.remoteDescription?.sdp).toBe('offer 2 from polite');
    expect([polite.signalingState, impolite.signalingState]).toEqual(['stable', 'stable']);
  });

  it('survives many rounds of simultaneous offers', async () => {
    const { polite, impolite, settle } = pair();
    for (let round = 0; round < 10; round++) {
      polite.onnegotiationneeded?.();
      impolite.onnegotiationneeded?.();
      await settle();
      expect([polite.signalingState, impolite.signalingState]).toEqual(['stable', 'stable']);
    }
  });

  it('holds candidates that arrive before the remote description, and applies them after', async () => {
    const { impolite, impoliteSide, settle } = pair();
    const candidate = {
      candidate: 'candidate:1 1 udp 1 10.0.0.1 5000 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
      usernameFragment: null,
    };
    impoliteSide.handle({ candidate });
    await settle();
    expect(impolite.candidates).toEqual([]);
    impoliteSide.handle({ description: { type: 'offer', sdp: 'late offer' } });
    await settle();
    expect(impolite.candidates).toEqual([candidate.candidate]);
  });

  it('after the signaling path was down: the polite side retracts its offer, the impolite side re-sends', async () => {
    const { polite, impolite, politeSide, impoliteSide, toImpolite, toPolite } = pair();
    await polite.setLocalDescription();
    await impolite.setLocalDescription();
    toImpolite.length = 0;
    toPolite.length = 0;
    politeSide.resync();
    impoliteSide.resync();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(polite.signalingState).toBe('stable');
    expect(toPolite).toEqual([{ description: { type: 'offer', sdp: 'offer 1 from impolite' } }]);
  });

  it('resync resolves once a retracted offer is rolled back, after the signals queued before it', async () => {
    const { polite, politeSide } = pair();
    await polite.setLocalDescription();
    // A candidate already queued (held: no remote description yet) is applied first.
    politeSide.handle({
      candidate: { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null },
    });
    const done = politeSide.resync();
    expect(polite.signalingState).toBe('have-local-offer');
    await done;
    // Senders may be renewed now: nothing of the retracted offer is left to roll back.
    expect(polite.signalingState).toBe('stable');
    expect(polite.localDescription).toBeNull();
  });
});

describe('a polite side that waits for the first offer', () => {
  it('makes no offer of its own until the other side’s is answered: the two never cross', async () => {
    const { polite, impolite, politeSide, settle } = pair();
    // The state each offer found the polite side in: an offer of its own out would be rolled back.
    const statesAtTheirOffers: RTCSignalingState[] = [];
    const setRemote = polite.setRemoteDescription.bind(polite);
    polite.setRemoteDescription = (description) => {
      if (description.type === 'offer') statesAtTheirOffers.push(polite.signalingState);
      return setRemote(description);
    };
    politeSide.holdOffersForTheirs();
    polite.onnegotiationneeded?.();
    await settle();
    // Held: nothing set, nothing sent.
    expect(polite.localDescription).toBeNull();
    expect(impolite.remoteDescription).toBeNull();
    impolite.onnegotiationneeded?.();
    await settle();
    // Their offer answered, and then ours: never a rollback.
    expect(statesAtTheirOffers).toEqual(['stable']);
    expect(impolite.remoteDescription?.sdp).toBe('offer 1 from polite');
    expect([polite.signalingState, impolite.signalingState]).toEqual(['stable', 'stable']);
  });

  it('makes the offer it held back once told to go, and none when none was wanted', async () => {
    const { polite, impolite, politeSide, settle } = pair();
    politeSide.holdOffersForTheirs();
    politeSide.stopHolding();
    await settle();
    expect(impolite.remoteDescription).toBeNull();
    politeSide.holdOffersForTheirs();
    polite.onnegotiationneeded?.();
    await settle();
    expect(impolite.remoteDescription).toBeNull();
    politeSide.stopHolding();
    await settle();
    expect(impolite.remoteDescription?.sdp).toBe('offer 1 from polite');
    expect([polite.signalingState, impolite.signalingState]).toEqual(['stable', 'stable']);
  });
});
