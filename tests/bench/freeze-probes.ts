import type { Page } from '@playwright/test';

/**
 * In-page probes for the start-up freeze: how long any video in a page went
 * without a new frame around a join, and what the camera senders report.
 * Each exported function runs inside Chromium (init script or page.evaluate),
 * so each is self-contained.
 */

export interface VideoFrames {
  local: boolean;
  times: number[];
  addedAt: number;
  /** When the element left the page (a preview closing on join); its frames stop counting then. */
  removedAt?: number;
}

interface FreezeWindow {
  /** Every video element seen, with the times (performance.now()) of the frames it showed. */
  __videoFrames?: VideoFrames[];
  /** Times at which a 50 ms timer fired, to see the page's own event loop stall. */
  __timerTicks?: number[];
  __peerConnections?: RTCPeerConnection[];
}

/** Init script: records the frames of every video element, and a 50 ms timer's ticks. */
export function recordVideoFrames(): void {
  const page = window as unknown as FreezeWindow;
  const frames = (page.__videoFrames = [] as VideoFrames[]);
  const elements = new Map<HTMLVideoElement, VideoFrames>();
  const ticks = (page.__timerTicks = [] as number[]);
  setInterval(() => ticks.push(performance.now()), 50);
  const watched = new WeakSet<HTMLVideoElement>();
  const watch = (): void => {
    elements.forEach((entry, video) => {
      if (!video.isConnected) {
        entry.removedAt = performance.now();
        elements.delete(video);
      }
    });
    document.querySelectorAll<HTMLVideoElement>('video').forEach((video) => {
      if (watched.has(video)) return;
      watched.add(video);
      const tile = video.closest('[data-local]');
      const local = tile
        ? tile.getAttribute('data-local') === 'true'
        : video.matches('[data-testid="preview-video"]');
      const entry: VideoFrames = { local, times: [], addedAt: performance.now() };
      frames.push(entry);
      elements.set(video, entry);
      const onFrame = (): void => {
        entry.times.push(performance.now());
        if (video.isConnected) video.requestVideoFrameCallback(onFrame);
      };
      video.requestVideoFrameCallback(onFrame);
    });
  };
  new MutationObserver(watch).observe(document, { childList: true, subtree: true });
}

export interface FreezeFigures {
  /** Longest time any of the page's own videos (preview, own tile) went without a frame in the window. */
  localStallMs: number;
  /** Longest gap between frames of any remote video once it had shown its first, in the window. */
  remoteStallMs: number;
  /** Longest gap between ticks of the page's 50 ms timer in the window (its event loop's worst stall). */
  timerStallMs: number;
}

/** What `recordVideoFrames` recorded in a page. */
export interface FrameRecord {
  videos: VideoFrames[];
  timerTicks: number[];
}

/** In-page: hands over what `recordVideoFrames` recorded. */
export function readFrameRecord(): FrameRecord {
  const page = window as unknown as FreezeWindow;
  return { videos: page.__videoFrames ?? [], timerTicks: page.__timerTicks ?? [] };
}

/**
 * The longest time between `start` and `end` without an event of `times`
 * (sorted). It counts from the last event at or before `start`, or from
 * `start` itself, or with `fromFirstEvent` from the first event inside (a
 * remote video is not stalled before it has begun), up to `end`.
 */
export function longestGap(times: number[], start: number, end: number, fromFirstEvent = false): number {
  if (end <= start) return 0;
  const inside = times.filter((time) => time > start && time <= end);
  const before = times.filter((time) => time <= start);
  let previous = before.length ? before[before.length - 1] : fromFirstEvent ? inside[0] : start;
  if (previous === undefined) return 0;
  let longest = 0;
  for (const time of inside) {
    longest = Math.max(longest, time - previous);
    previous = time;
  }
  return Math.max(longest, end - previous);
}

/** A page's stalls between `from` and `to` (its performance.now()). */
export function freezeFigures(record: FrameRecord, from: number, to: number): FreezeFigures {
  let localStallMs = 0;
  let remoteStallMs = 0;
  for (const video of record.videos) {
    // A video counts only while it is on the page: from its appearance, until it is removed.
    const start = Math.max(from, video.addedAt);
    const end = Math.min(to, video.removedAt ?? to);
    if (video.local) localStallMs = Math.max(localStallMs, longestGap(video.times, start, end));
    else if (video.times.length)
      remoteStallMs = Math.max(remoteStallMs, longestGap(video.times, start, end, true));
  }
  return { localStallMs, remoteStallMs, timerStallMs: longestGap(record.timerTicks, from, to) };
}

/** What each camera sender of the page reports: frames from the camera, frames encoded, and why limited. */
export async function readCameraSenders(): Promise<
  Array<{
    sourceFrames: number;
    sourceFps: number;
    encoded: number;
    encodeFps: number;
    limitedBy: string;
    size: string;
  }>
> {
  const page = window as unknown as FreezeWindow;
  const rows = [];
  for (const pc of page.__peerConnections ?? []) {
    if (pc.connectionState === 'closed') continue;
    const report = await pc.getStats();
    const source = new Map<string, Record<string, unknown>>();
    report.forEach((stat: Record<string, unknown>) => {
      if (stat.type === 'media-source' && stat.kind === 'video') source.set(stat.id as string, stat);
    });
    for (const stat of report.values() as IterableIterator<Record<string, unknown>>) {
      if (stat.type !== 'outbound-rtp' || stat.kind !== 'video') continue;
      const from = source.get(stat.mediaSourceId as string) ?? {};
      rows.push({
        sourceFrames: Number(from.frames ?? 0),
        sourceFps: Number(from.framesPerSecond ?? 0),
        encoded: Number(stat.framesEncoded ?? 0),
        encodeFps: Number(stat.framesPerSecond ?? 0),
        limitedBy: String(stat.qualityLimitationReason ?? ''),
        size: `${String(stat.frameWidth ?? 0)}x${String(stat.frameHeight ?? 0)}`,
      });
    }
  }
  return rows;
}

/**
 * Init script: the page's camera becomes a canvas of the size asked, painting
 * a moving picture at the fake camera's 20 fps, one per page; the microphone
 * stays the fake one. Used to tell a stall of Chromium's shared fake capture
 * device from one of the app.
 */
export function replaceCameraWithCanvas(): void {
  const mediaDevices = navigator.mediaDevices;
  if (!mediaDevices) return;
  const real = mediaDevices.getUserMedia.bind(mediaDevices);
  const size = (video: MediaTrackConstraints, key: 'width' | 'height', fallback: number): number => {
    const value = video[key];
    if (typeof value === 'number') return value;
    return value?.exact ?? value?.ideal ?? value?.max ?? fallback;
  };
  mediaDevices.getUserMedia = async (constraints?: MediaStreamConstraints): Promise<MediaStream> => {
    const video = constraints?.video;
    if (!video) return real(constraints);
    const asked = typeof video === 'object' ? video : {};
    const canvas = document.createElement('canvas');
    canvas.width = size(asked, 'width', 640);
    canvas.height = size(asked, 'height', 360);
    const context = canvas.getContext('2d')!;
    const stream = canvas.captureStream();
    const track = stream.getVideoTracks()[0]!;
    let frame = 0;
    const paint = (): void => {
      const { width, height } = canvas;
      context.fillStyle = `hsl(${(frame * 3) % 360} 60% 50%)`;
      context.fillRect(0, 0, width, height);
      context.fillStyle = '#fff';
      context.fillRect(((frame * 8) % (width + 80)) - 80, height / 3, 80, height / 3);
      context.font = `${Math.round(height / 8)}px sans-serif`;
      context.fillText(String(frame), 20, height - 20);
      frame++;
    };
    paint();
    const timer = setInterval(() => (track.readyState === 'ended' ? clearInterval(timer) : paint()), 50);
    if (constraints?.audio) {
      const audio = await real({ audio: constraints.audio });
      audio.getAudioTracks().forEach((audioTrack) => stream.addTrack(audioTrack));
    }
    return stream;
  };
}

export async function addFreezeProbes(page: Page, canvasCamera: boolean): Promise<void> {
  await page.addInitScript(recordVideoFrames);
  if (canvasCamera) await page.addInitScript(replaceCameraWithCanvas);
}
