import type { Page } from '@playwright/test';

/**
 * Per-link video figures over a window, from two getStats snapshots of every
 * peer connection a page made (the app's, recorded by the test support, or a
 * floor's): frame rate received, encode and decode time per frame, video
 * bitrate each way, and the receive jitter buffer's delay.
 */

/** Cumulative video counters of one peer connection at one moment. */
export interface VideoCounters {
  /** performance.now() of the snapshot, ms. */
  at: number;
  sent: { framesEncoded: number; totalEncodeTime: number; bytesSent: number; width: number; height: number };
  received: {
    framesDecoded: number;
    totalDecodeTime: number;
    bytesReceived: number;
    jitterBufferDelay: number;
    jitterBufferEmittedCount: number;
    width: number;
    height: number;
  };
  hasSender: boolean;
  hasReceiver: boolean;
}

/** Snapshots of a page's open peer connections that carry video, keyed by their index in the page. */
export type PageCounters = Record<string, VideoCounters>;

/** In-page: reads video counters from every open recorded peer connection. */
async function snapshotInPage(): Promise<PageCounters> {
  const connections =
    (window as unknown as { __peerConnections?: RTCPeerConnection[] }).__peerConnections ?? [];
  const result: PageCounters = {};
  await Promise.all(
    connections.map(async (pc, index) => {
      if (pc.connectionState === 'closed') return;
      const report = await pc.getStats();
      const counters: VideoCounters = {
        at: performance.now(),
        sent: { framesEncoded: 0, totalEncodeTime: 0, bytesSent: 0, width: 0, height: 0 },
        received: {
          framesDecoded: 0,
          totalDecodeTime: 0,
          bytesReceived: 0,
          jitterBufferDelay: 0,
          jitterBufferEmittedCount: 0,
          width: 0,
          height: 0,
        },
        hasSender: false,
        hasReceiver: false,
      };
      report.forEach((stat: Record<string, unknown>) => {
        if (stat.kind !== 'video') return;
        const number = (key: string): number => (typeof stat[key] === 'number' ? (stat[key] as number) : 0);
        if (stat.type === 'outbound-rtp') {
          counters.hasSender = true;
          counters.sent.framesEncoded += number('framesEncoded');
          counters.sent.totalEncodeTime += number('totalEncodeTime');
          counters.sent.bytesSent += number('bytesSent');
          counters.sent.width = Math.max(counters.sent.width, number('frameWidth'));
          counters.sent.height = Math.max(counters.sent.height, number('frameHeight'));
        } else if (stat.type === 'inbound-rtp') {
          counters.hasReceiver = true;
          counters.received.framesDecoded += number('framesDecoded');
          counters.received.totalDecodeTime += number('totalDecodeTime');
          counters.received.bytesReceived += number('bytesReceived');
          counters.received.jitterBufferDelay += number('jitterBufferDelay');
          counters.received.jitterBufferEmittedCount += number('jitterBufferEmittedCount');
          counters.received.width = Math.max(counters.received.width, number('frameWidth'));
          counters.received.height = Math.max(counters.received.height, number('frameHeight'));
        }
      });
      if (counters.hasSender || counters.hasReceiver) result[String(index)] = counters;
    }),
  );
  return result;
}

export function snapshotVideoCounters(page: Page): Promise<PageCounters> {
  return page.evaluate(snapshotInPage);
}

/** One direction of one link over a window. */
export interface LinkFigures {
  fps: number;
  /** Milliseconds per frame; NaN when no frame went through. */
  msPerFrame: number;
  kbps: number;
  width: number;
  height: number;
}

export interface WindowFigures {
  sent: LinkFigures[];
  received: Array<LinkFigures & { jitterBufferMs: number }>;
  /**
   * Directions of links left out because a counter went back within the
   * window: the connection's media was renewed (new transceivers, counters
   * from zero), so the window's difference means nothing.
   */
  restarted?: number;
}

const perFrameMs = (seconds: number, frames: number): number =>
  frames > 0 ? (seconds * 1000) / frames : NaN;

/** Figures per link and direction between two snapshots of the same page; links missing from either are left out, and so are restarted ones. */
export function windowFigures(start: PageCounters, end: PageCounters): WindowFigures {
  const figures: WindowFigures = { sent: [], received: [], restarted: 0 };
  const wentBack = (values: Array<[number, number]>): boolean => {
    const back = values.some(([first, last]) => last < first);
    if (back) figures.restarted = (figures.restarted ?? 0) + 1;
    return back;
  };
  for (const [key, last] of Object.entries(end)) {
    const first = start[key];
    if (!first) continue;
    const seconds = (last.at - first.at) / 1000;
    if (seconds <= 0) continue;
    const { sent, received } = first;
    if (
      last.hasSender &&
      !wentBack([
        [sent.framesEncoded, last.sent.framesEncoded],
        [sent.bytesSent, last.sent.bytesSent],
      ])
    ) {
      const frames = last.sent.framesEncoded - first.sent.framesEncoded;
      figures.sent.push({
        fps: frames / seconds,
        msPerFrame: perFrameMs(last.sent.totalEncodeTime - first.sent.totalEncodeTime, frames),
        kbps: ((last.sent.bytesSent - first.sent.bytesSent) * 8) / seconds / 1000,
        width: last.sent.width,
        height: last.sent.height,
      });
    }
    if (
      last.hasReceiver &&
      !wentBack([
        [received.framesDecoded, last.received.framesDecoded],
        [received.bytesReceived, last.received.bytesReceived],
      ])
    ) {
      const frames = last.received.framesDecoded - first.received.framesDecoded;
      const emitted = last.received.jitterBufferEmittedCount - first.received.jitterBufferEmittedCount;
      figures.received.push({
        fps: frames / seconds,
        msPerFrame: perFrameMs(last.received.totalDecodeTime - first.received.totalDecodeTime, frames),
        kbps: ((last.received.bytesReceived - first.received.bytesReceived) * 8) / seconds / 1000,
        width: last.received.width,
        height: last.received.height,
        jitterBufferMs: perFrameMs(
          last.received.jitterBufferDelay - first.received.jitterBufferDelay,
          emitted,
        ),
      });
    }
  }
  return figures;
}
