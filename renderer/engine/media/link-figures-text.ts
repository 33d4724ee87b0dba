/**
 * Link figures in words, for the quality indicator's tooltip and the stats
 * overlay. A figure the browser did not give reads as a dash.
 */
import type { LinkFigures, LocalStats } from './link-stats.js';

const NONE = '–';

export function formatBitrate(bps: number | null): string {
  if (bps === null) return NONE;
  if (bps >= 1_000_000) return `${(bps / 1_000_000).toFixed(1)} Mbit/s`;
  return `${Math.round(bps / 1000)} kbit/s`;
}

function formatMs(ms: number | null, digits = 0): string {
  return ms === null ? NONE : `${ms.toFixed(digits)} ms`;
}

function formatFrameRate(fps: number | null): string {
  return fps === null ? NONE : `${Math.round(fps)} fps`;
}

function formatSize(width: number | null, height: number | null): string {
  return width === null || height === null ? NONE : `${width}x${height}`;
}

function formatLevel(level: number | null): string {
  return level === null ? NONE : level.toFixed(2);
}

/** One line: round trip, loss, frame rate, bitrate in. */
export function qualitySummary(figures: LinkFigures): string {
  const loss = figures.packetLossPercent === null ? NONE : `${figures.packetLossPercent.toFixed(1)}%`;
  return [
    `RTT ${formatMs(figures.roundTripTimeMs)}`,
    `loss ${loss}`,
    formatFrameRate(figures.videoFrameRate),
    formatBitrate(figures.bitrateInBps),
  ].join(' · ');
}

export type OverlayRow = [label: string, value: string];

/** Everything measured on the link to one member. */
export function memberOverlayRows(figures: LinkFigures): OverlayRow[] {
  return [
    [
      'video',
      `${formatSize(figures.videoWidth, figures.videoHeight)} @ ${formatFrameRate(figures.videoFrameRate)}`,
    ],
    ['in', formatBitrate(figures.bitrateInBps)],
    ['out', formatBitrate(figures.bitrateOutBps)],
    ['rtt', formatMs(figures.roundTripTimeMs)],
    ['loss', figures.packetLossPercent === null ? NONE : `${figures.packetLossPercent.toFixed(1)}%`],
    ['jitter', formatMs(figures.jitterMs, 1)],
    ['decode', `${formatMs(figures.decodeMsPerFrame, 1)} / frame`],
    ['buffer', `${formatMs(figures.jitterBufferMsPerFrame)} / frame`],
    ['audio', formatLevel(figures.audioLevel)],
  ];
}

/** What we capture and send to everyone. */
export function localOverlayRows(local: LocalStats): OverlayRow[] {
  return [
    ['camera', `${formatSize(local.width, local.height)} @ ${formatFrameRate(local.frameRate)}`],
    ['out', formatBitrate(local.bitrateOutBps)],
    ['mic', formatLevel(local.audioLevel)],
  ];
}
