/**
 * In-page media probe: does this page play every publisher's video (frames
 * and time advancing) and hear its audio (inbound audio packets increasing)?
 * Measures rather than asserts: each expected medium gets the wall-clock
 * time (Date.now(), comparable across pages) at which it was first seen
 * flowing, or null if it was not by the deadline.
 *
 * The deadline is a page global the driver moves: a probe starts before a
 * step's action (so it can time media that arrive while the action is still
 * going on) and the driver sets the deadline to 20 s after the action
 * completes, the same bound `expectVideoPlaying` gives.
 */

/** One medium a viewer must receive: a publisher's camera (with sound) or shared screen. */
export interface ExpectedMedia {
  name: string;
  kind: 'camera' | 'screen';
  audio: boolean;
}

export interface ProbeResult extends ExpectedMedia {
  /** Date.now() when the video was first seen advancing; null if never. */
  videoAt: number | null;
  /** Date.now() when inbound audio packets were first seen increasing; null if never (or not expected). */
  audioAt: number | null;
  /** The element's and its tracks' state at the end, when something was missing. */
  detail: string | null;
}

export interface ProbeRequest {
  expected: ExpectedMedia[];
  tickMs: number;
  /** Deadline until the driver moves it: long enough for the step's action to finish. */
  provisionalDeadline: number;
}

interface ProbeWindow {
  __peerConnections?: RTCPeerConnection[];
  __soakProbeDeadline?: number;
}

/** Runs in the page; resolves when everything expected flows or the deadline passes. */
export async function probeMediaInPage(request: ProbeRequest): Promise<ProbeResult[]> {
  const state = window as unknown as ProbeWindow;
  state.__soakProbeDeadline = request.provisionalDeadline;
  interface Track {
    element: HTMLVideoElement | null;
    time: number;
    frames: number;
    audioTrackId: string | null;
    audioBaseline: number | null;
    audioLast: number | null;
  }
  const results: ProbeResult[] = request.expected.map((item) => ({
    ...item,
    videoAt: null,
    audioAt: null,
    detail: null,
  }));
  const tracked: Track[] = request.expected.map(() => ({
    element: null,
    time: 0,
    frames: 0,
    audioTrackId: null,
    audioBaseline: null,
    audioLast: null,
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
  const done = (index: number): boolean => {
    const result = results[index]!;
    return result.videoAt !== null && (!result.audio || result.audioAt !== null);
  };
  for (;;) {
    const now = Date.now();
    await Promise.all(
      results.map(async (result, index) => {
        if (done(index)) return;
        const track = tracked[index]!;
        const element = videoOf(result);
        if (element !== track.element) {
          // A new (or no) element: start over from its first sample.
          Object.assign(track, { element, time: -1, frames: -1, audioTrackId: null, audioBaseline: null });
        }
        if (!element) return;
        const frames = element.getVideoPlaybackQuality().totalVideoFrames;
        if (
          result.videoAt === null &&
          track.frames >= 0 &&
          element.videoWidth > 0 &&
          element.currentTime > track.time &&
          frames > track.frames
        )
          result.videoAt = now;
        track.time = element.currentTime;
        track.frames = frames;
        if (!result.audio || result.audioAt !== null) return;
        const stream = element.srcObject instanceof MediaStream ? element.srcObject : null;
        const audio = stream?.getAudioTracks()[0] ?? null;
        if (!audio) return;
        if (audio.id !== track.audioTrackId)
          Object.assign(track, { audioTrackId: audio.id, audioBaseline: null });
        const packets = await audioPackets(audio);
        if (packets === null) return;
        track.audioLast = packets;
        if (track.audioBaseline === null) track.audioBaseline = packets;
        else if (packets > track.audioBaseline) result.audioAt = now;
      }),
    );
    if (results.every((_, index) => done(index))) return results;
    if (Date.now() >= (state.__soakProbeDeadline ?? 0)) break;
    await new Promise((resolve) => setTimeout(resolve, request.tickMs));
  }
  for (const [index, result] of results.entries()) {
    if (done(index)) continue;
    const track = tracked[index]!;
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
            audioPackets: { atStart: track.audioBaseline, last: track.audioLast },
          }
        : { tile: 'none' },
    );
  }
  return results;
}

/** Runs in the page: moves the running probe's deadline. */
export function setProbeDeadlineInPage(deadline: number): void {
  (window as unknown as ProbeWindow).__soakProbeDeadline = deadline;
}
