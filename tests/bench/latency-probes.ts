import type { Page } from '@playwright/test';
import { timestampCodec, type TimestampCodec } from './timestamp-code.js';

/**
 * In-page parts of the glass-to-glass latency benchmark. Each exported
 * function below runs inside Chromium (as an init script or through
 * page.evaluate), so each is self-contained and reaches the others only
 * through the `BenchWindow` globals that `installLatencyTools` defines.
 */

/** What a page reads back: latencies in ms, frames refused, and the size last seen. */
export interface LatencyProbe {
  samples: number[];
  unreadable: number;
  width: number;
  height: number;
}

interface BenchWindow {
  __timestampCodec: TimestampCodec;
  __latency: LatencyProbe;
  /** A video track of a canvas painting the current time 30 times a second, with the fake mic. */
  __timestampStream(width: number, height: number, withAudio: boolean): Promise<MediaStream>;
  /** Reads the timestamp of every frame `video` shows into `__latency`. */
  __watchLatency(video: HTMLVideoElement): void;
  __peerConnections?: RTCPeerConnection[];
  __stopBarePair?: () => void;
}

/** Adds the codec and the tools below to every page of `page`'s context from now on. */
export async function addLatencyTools(page: Page): Promise<void> {
  await page.addInitScript({
    content: `window.__timestampCodec = (${timestampCodec.toString()})();\n(${installLatencyTools.toString()})();`,
  });
}

/** Init script: defines `__timestampStream`, `__watchLatency` and `__latency`. */
export function installLatencyTools(): void {
  const bench = window as unknown as BenchWindow;
  const codec = bench.__timestampCodec;
  const realGetUserMedia = navigator.mediaDevices?.getUserMedia.bind(navigator.mediaDevices);
  const probe: LatencyProbe = { samples: [], unreadable: 0, width: 0, height: 0 };
  bench.__latency = probe;

  bench.__timestampStream = async (width, height, withAudio) => {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d')!;
    // Without a frame rate, captureStream takes a frame each time the canvas changes.
    const stream = canvas.captureStream();
    const track = stream.getVideoTracks()[0]!;
    codec.paint(context, width, height, Date.now());
    const timer = setInterval(() => {
      if (track.readyState === 'ended') clearInterval(timer);
      else codec.paint(context, width, height, Date.now());
    }, 1000 / 30);
    if (withAudio && realGetUserMedia) {
      const audio = await realGetUserMedia({ audio: true });
      audio.getAudioTracks().forEach((audioTrack) => stream.addTrack(audioTrack));
    }
    return stream;
  };

  // Frames are scaled down to a fixed small size before reading: the cells
  // stay 16x18 pixels whatever resolution arrives, and reading stays cheap.
  const readWidth = 128;
  const readHeight = 72;
  const reader = document.createElement('canvas');
  reader.width = readWidth;
  reader.height = readHeight;
  const readContext = reader.getContext('2d', { willReadFrequently: true })!;

  bench.__watchLatency = (video) => {
    const onFrame = (): void => {
      const now = Date.now();
      if (video.videoWidth > 0) {
        readContext.drawImage(video, 0, 0, readWidth, readHeight);
        const lowBits = codec.read(
          readContext.getImageData(0, 0, readWidth, readHeight).data,
          readWidth,
          readHeight,
        );
        if (lowBits === null) probe.unreadable++;
        else probe.samples.push(now - codec.unwrap(lowBits, now));
        probe.width = video.videoWidth;
        probe.height = video.videoHeight;
      }
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
}

/**
 * Init script for the sending member: the app's camera becomes the timestamp
 * canvas, at the size the app asks for (so each preset's capture size holds).
 * Requests without video go to the real devices.
 */
export function replaceCameraWithTimestamp(): void {
  const bench = window as unknown as BenchWindow;
  const mediaDevices = navigator.mediaDevices;
  if (!mediaDevices) return;
  const real = mediaDevices.getUserMedia.bind(mediaDevices);
  const dimension = (video: MediaTrackConstraints, key: 'width' | 'height', fallback: number): number => {
    const value = video[key];
    if (typeof value === 'number') return value;
    return value?.exact ?? value?.ideal ?? value?.max ?? fallback;
  };
  mediaDevices.getUserMedia = (constraints?: MediaStreamConstraints): Promise<MediaStream> => {
    const video = constraints?.video;
    if (!video) return real(constraints);
    const asked = typeof video === 'object' ? video : {};
    return bench.__timestampStream(
      dimension(asked, 'width', 640),
      dimension(asked, 'height', 360),
      !!constraints?.audio,
    );
  };
}

/** Init script for a receiving member: reads the timestamp from every remote tile's video. */
export function watchRemoteTiles(): void {
  const bench = window as unknown as BenchWindow;
  const watched = new WeakSet<HTMLVideoElement>();
  new MutationObserver(() => {
    document
      .querySelectorAll<HTMLVideoElement>('[data-testid="tile"][data-local="false"] video')
      .forEach((video) => {
        if (watched.has(video)) return;
        watched.add(video);
        bench.__watchLatency(video);
      });
  }).observe(document, { childList: true, subtree: true });
}

/**
 * The floor: a bare RTCPeerConnection pair in this page sending the timestamp
 * canvas (and the fake mic, as the app does) with the browser's defaults but
 * for holding the resolution, and optionally a jitter buffer target on the
 * receiver. Resolves once frames are
 * read; `__stopBarePair` tears it down.
 */
export async function startBarePair(options: {
  width: number;
  height: number;
  jitterBufferTargetMs: number | null;
}): Promise<void> {
  const bench = window as unknown as BenchWindow;
  const stream = await bench.__timestampStream(options.width, options.height, true);
  const sender = new RTCPeerConnection();
  const receiver = new RTCPeerConnection();
  (bench.__peerConnections ??= []).push(sender, receiver);
  sender.onicecandidate = ({ candidate }) => candidate && void receiver.addIceCandidate(candidate);
  receiver.onicecandidate = ({ candidate }) => candidate && void sender.addIceCandidate(candidate);
  stream.getTracks().forEach((track) => sender.addTrack(track, stream));
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  document.body.append(video);
  receiver.ontrack = ({ receiver: rtpReceiver, streams }) => {
    if (options.jitterBufferTargetMs !== null) rtpReceiver.jitterBufferTarget = options.jitterBufferTargetMs;
    if (video.srcObject) return;
    video.srcObject = streams[0] ?? null;
    // Autoplay alone leaves this video paused on its first frame here.
    void video.play();
    bench.__watchLatency(video);
  };
  await sender.setLocalDescription();
  await receiver.setRemoteDescription(sender.localDescription!);
  await receiver.setLocalDescription();
  await sender.setRemoteDescription(receiver.localDescription!);
  // Hold the canvas's size, as the app's presets do, rather than letting the
  // encoder start small while the bandwidth estimate ramps up.
  for (const rtpSender of sender.getSenders()) {
    if (rtpSender.track?.kind !== 'video') continue;
    const parameters = rtpSender.getParameters();
    parameters.degradationPreference = 'maintain-resolution';
    await rtpSender.setParameters(parameters);
  }
  bench.__stopBarePair = () => {
    stream.getTracks().forEach((track) => track.stop());
    sender.close();
    receiver.close();
    video.srcObject = null;
    video.remove();
  };
}

/** Empties the page's latency probe (the start of a measuring window). */
export function resetLatency(page: Page): Promise<void> {
  return page.evaluate(() => {
    const probe = (window as unknown as BenchWindow).__latency;
    probe.samples = [];
    probe.unreadable = 0;
  });
}

export function readLatency(page: Page): Promise<LatencyProbe> {
  return page.evaluate(() => {
    const probe = (window as unknown as BenchWindow).__latency;
    return { ...probe, samples: [...probe.samples] };
  });
}

/** Waits until the page has read `count` timestamps since the last reset. */
export async function waitForLatencySamples(page: Page, count: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (wanted) => (window as unknown as BenchWindow).__latency.samples.length >= wanted,
    count,
    { timeout, polling: 100 },
  );
}
