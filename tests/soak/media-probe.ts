/**
 * In-page media probe: does this page play every publisher's video (frames
 * and time advancing) and hear its audio (inbound audio packets increasing)?
 * Measures rather than asserts.
 *
 * A probe starts before a step's action, so it can time media that arrive
 * while the action is still going on (a join's time to all media counts from
 * the press of Join). But what passes the check is media seen flowing after
 * the action is done: media that flowed before a crash or a server restart
 * say nothing about after it. When the action is done the driver marks it in
 * the page and sets the deadline, 20 s later, the bound `expectVideoPlaying`
 * gives; counters are sampled afresh from then on.
 */

/** One medium a viewer must receive: a publisher's camera (with sound) or shared screen. */
export interface ExpectedMedia {
  name: string;
  kind: 'camera' | 'screen';
  audio: boolean;
}

export interface ProbeResult extends ExpectedMedia {
  /**
   * Date.now() when the video was first seen advancing in this probe (maybe
   * before the action was done); null if it was not seen advancing after the
   * action was done, by the deadline.
   */
  videoAt: number | null;
  /** The same for inbound audio packets increasing; null also when no sound is expected. */
  audioAt: number | null;
  /** The element's and its tracks' state at the end, when something was missing. */
  detail: string | null;
}

export interface ProbeRequest {
  expected: ExpectedMedia[];
  tickMs: number;
  /** Deadline until the driver sets the real one: long enough for the step's action to finish. */
  provisionalDeadline: number;
}

interface ProbeWindow {
  __peerConnections?: RTCPeerConnection[];
  __soakProbe?: { deadline: number; actionDone: boolean };
}

/** Runs in the page; resolves when, after the action, everything expected flows, or at the deadline. */
export async function probeMediaInPage(request: ProbeRequest): Promise<ProbeResult[]> {
  const state = window as unknown as ProbeWindow;
  const control = { deadline: request.provisionalDeadline, actionDone: false };
  state.__soakProbe = control;
  interface Sampled {
    element: HTMLVideoElement | null;
    time: number;
    frames: number;
    audioTrackId: string | null;
    audioBaseline: number | null;
    audioLast: number | null;
    /** Seen flowing since the action was done. */
    videoAfter: boolean;
    audioAfter: boolean;
  }
  const results: ProbeResult[] = request.expected.map((item) => ({
    ...item,
    videoAt: null,
    audioAt: null,
    detail: null,
  }));
  const fresh = (): Omit<Sampled, 'videoAfter' | 'audioAfter'> => ({
    element: null,
    time: -1,
    frames: -1,
    audioTrackId: null,
    audioBaseline: null,
    audioLast: null,
  });
  const sampled: Sampled[] = request.expected.map(() => ({
    ...fresh(),
    videoAfter: false,
    audioAfter: false,
  }));
  const videoOf = (item: ExpectedMedia): HTMLVideoElement | null =>
    document.querySelector<HTMLVideoElement>(
      `[data-testid="${item.kind === 'screen' ? 'screen-tile' : 'tile'}"][data-name="${CSS.escape(item.name)}"] video`,
    );
  const audioPackets = async (track: MediaStreamTrack): Promise<number | null> => {
    for (const pc of state.__peerConnections ?? []) {
      if (pc.signalingState === 'closed') continue;
      const receiver = pc.getReceivers().find((each) => each.track === track);
      if (!receiver) continue;
      let packets = 0;
      (await receiver.getStats()).forEach((report: { type: string; packetsReceived?: number }) => {
        if (report.type === 'inbound-rtp') packets += report.packetsReceived ?? 0;
      });
      return packets;
    }
    return null;
  };
  const verified = (index: number): boolean =>
    sampled[index]!.videoAfter && (!results[index]!.audio || sampled[index]!.audioAfter);

  const sample = async (index: number, now: number, after: boolean): Promise<void> => {
    const result = results[index]!;
    const track = sampled[index]!;
    const element = videoOf(result);
    // A new (or no) element: start over from its first sample.
    if (element !== track.element) Object.assign(track, fresh(), { element });
    if (!element) return;
    const frames = element.getVideoPlaybackQuality().totalVideoFrames;
    const advancing =
      track.frames >= 0 &&
      element.videoWidth > 0 &&
      element.currentTime > track.time &&
      frames > track.frames;
    if (advancing) {
      result.videoAt ??= now;
      if (after) track.videoAfter = true;
    }
    track.time = element.currentTime;
    track.frames = frames;
    if (!result.audio) return;
    const stream = element.srcObject instanceof MediaStream ? element.srcObject : null;
    const audio = stream?.getAudioTracks()[0] ?? null;
    if (!audio) return;
    if (audio.id !== track.audioTrackId)
      Object.assign(track, { audioTrackId: audio.id, audioBaseline: null });
    const packets = await audioPackets(audio);
    if (packets === null) return;
    track.audioLast = packets;
    if (track.audioBaseline === null) track.audioBaseline = packets;
    else if (packets > track.audioBaseline) {
      result.audioAt ??= now;
      if (after) track.audioAfter = true;
      track.audioBaseline = packets;
    }
  };

  let sampledAfter = false;
  for (;;) {
    const now = Date.now();
    const after = control.actionDone;
    if (after && !sampledAfter) {
      // The action is done: judge from counters sampled from now on.
      sampledAfter = true;
      for (const track of sampled) Object.assign(track, { time: -1, frames: -1, audioBaseline: null });
    }
    await Promise.all(results.map((_, index) => (verified(index) ? undefined : sample(index, now, after))));
    if (after && results.every((_, index) => verified(index))) break;
    if (Date.now() >= control.deadline) break;
    await new Promise((resolve) => setTimeout(resolve, request.tickMs));
  }
  for (const [index, result] of results.entries()) {
    const track = sampled[index]!;
    if (!track.videoAfter) result.videoAt = null;
    if (!track.audioAfter) result.audioAt = null;
    if (verified(index)) continue;
    const element = track.element;
    const stream = element?.srcObject instanceof MediaStream ? element.srcObject : null;
    result.detail = JSON.stringify(
      element
        ? {
            paused: element.paused,
            readyState: element.readyState,
            videoWidth: element.videoWidth,
            currentTime: element.currentTime,
            frames: element.getVideoPlaybackQuality().totalVideoFrames,
            tracks: stream
              ?.getTracks()
              .map((each) => `${each.kind}:${each.readyState}:${each.muted ? 'muted' : 'unmuted'}`),
            audioPackets: { baseline: track.audioBaseline, last: track.audioLast },
          }
        : { tile: 'none' },
    );
  }
  return results;
}

/** Runs in the page: the step's action is done; media must flow from now until `deadline`. */
export function actionDoneInPage(deadline: number): void {
  const control = (window as unknown as ProbeWindow).__soakProbe;
  if (control) Object.assign(control, { deadline, actionDone: true });
}
