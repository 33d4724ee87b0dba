import { describe, expect, it } from 'vitest';
import {
  formatBitrate,
  localOverlayRows,
  memberOverlayRows,
  qualitySummary,
} from '../../../renderer/engine/media/link-figures-text.js';
import {
  connectionQuality,
  linkFigures,
  localStats,
  type LinkFigures,
  type StatsSnapshot,
} from '../../../renderer/engine/media/link-stats.js';

/** A hand-made getStats() snapshot: stats objects by id, every one stamped with `timestamp`. */
function snapshot(timestamp: number, entries: Record<string, Record<string, unknown>>): StatsSnapshot {
  return new Map(Object.entries(entries).map(([id, entry]) => [id, { id, timestamp, ...entry }]));
}

/** One member link at `t` ms, with counters grown as `at(t)` says. */
function link(
  t: number,
  counters: {
    videoBytes: number;
    audioBytes: number;
    sentBytes: number;
    framesDecoded: number;
    decodeTime: number;
    bufferDelay: number;
    emitted: number;
    videoPackets: number;
    videoLost: number;
    audioPackets: number;
    audioEnergy: number;
    audioDuration: number;
    micEnergy: number;
    micDuration: number;
  },
  rttSeconds: number | null = 0.012,
): StatsSnapshot {
  return snapshot(t, {
    T1: { type: 'transport', selectedCandidatePairId: 'CP1' },
    CP1: {
      type: 'candidate-pair',
      state: 'succeeded',
      nominated: true,
      currentRoundTripTime: rttSeconds ?? undefined,
    },
    CP2: { type: 'candidate-pair', state: 'failed', currentRoundTripTime: 9 },
    IV: {
      type: 'inbound-rtp',
      kind: 'video',
      bytesReceived: counters.videoBytes,
      headerBytesReceived: 0,
      packetsReceived: counters.videoPackets,
      packetsLost: counters.videoLost,
      framesDecoded: counters.framesDecoded,
      framesPerSecond: 99,
      frameWidth: 960,
      frameHeight: 540,
      totalDecodeTime: counters.decodeTime,
      jitterBufferDelay: counters.bufferDelay,
      jitterBufferEmittedCount: counters.emitted,
      jitter: 0.004,
    },
    IA: {
      type: 'inbound-rtp',
      kind: 'audio',
      bytesReceived: counters.audioBytes,
      packetsReceived: counters.audioPackets,
      packetsLost: 0,
      totalAudioEnergy: counters.audioEnergy,
      totalSamplesDuration: counters.audioDuration,
      audioLevel: 0.9,
      jitter: 0.02,
    },
    OV: { type: 'outbound-rtp', kind: 'video', bytesSent: counters.sentBytes, headerBytesSent: 0 },
    MA: {
      type: 'media-source',
      kind: 'audio',
      totalAudioEnergy: counters.micEnergy,
      totalSamplesDuration: counters.micDuration,
      audioLevel: 0,
    },
    MV: { type: 'media-source', kind: 'video', framesPerSecond: 30, width: 960, height: 540 },
  });
}

const start = {
  videoBytes: 1_000_000,
  audioBytes: 100_000,
  sentBytes: 2_000_000,
  framesDecoded: 600,
  decodeTime: 3,
  bufferDelay: 20,
  emitted: 600,
  videoPackets: 10_000,
  videoLost: 10,
  audioPackets: 1500,
  audioEnergy: 5,
  audioDuration: 30,
  micEnergy: 2,
  micDuration: 30,
};
// Two seconds later: 250 kB of video and 10 kB of audio in, 300 kB out, 50
// frames decoded in 0.1 s, buffered 4 s in all, 392 packets received and 8
// lost; the member's sound had energy 0.18 over 2 s (RMS 0.3), ours 0.08 (0.2).
const twoSecondsLater = {
  videoBytes: 1_250_000,
  audioBytes: 110_000,
  sentBytes: 2_300_000,
  framesDecoded: 650,
  decodeTime: 3.1,
  bufferDelay: 24,
  emitted: 650,
  videoPackets: 10_292,
  videoLost: 18,
  audioPackets: 1600,
  audioEnergy: 5.18,
  audioDuration: 32,
  micEnergy: 2.08,
  micDuration: 32,
};

describe('linkFigures', () => {
  const figures = linkFigures(link(10_000, start), link(12_000, twoSecondsLater));

  it('turns counters into rates over the interval between snapshots', () => {
    expect(figures.intervalMs).toBe(2000);
    expect(figures.videoFrameRate).toBe(25);
    expect(figures.bitrateInBps).toBe(((250_000 + 10_000) * 8) / 2);
    expect(figures.bitrateOutBps).toBe((300_000 * 8) / 2);
    expect(figures.decodeMsPerFrame).toBeCloseTo(2);
    expect(figures.jitterBufferMsPerFrame).toBeCloseTo(80);
  });

  it('reports loss over the interval only, across all incoming streams', () => {
    // 8 video packets lost; 292 video and 100 audio packets arrived.
    expect(figures.packetLossPercent).toBeCloseTo(2);
  });

  it('reads gauges from the newer snapshot: selected pair round trip, video jitter, frame size', () => {
    expect(figures.roundTripTimeMs).toBe(12);
    expect(figures.jitterMs).toBe(4);
    expect([figures.videoWidth, figures.videoHeight]).toEqual([960, 540]);
  });

  it('measures loudness as RMS over the interval, not the instantaneous peak', () => {
    expect(figures.audioLevel).toBeCloseTo(0.3);
    expect(figures.sentAudioLevel).toBeCloseTo(0.2);
    expect(figures.sentFrameRate).toBe(30);
  });

  it('gives gauges but no rates for a first snapshot', () => {
    const first = linkFigures(null, link(10_000, start));
    expect(first.intervalMs).toBe(0);
    expect(first.bitrateInBps).toBeNull();
    expect(first.packetLossPercent).toBeNull();
    expect(first.decodeMsPerFrame).toBeNull();
    expect(first.videoFrameRate).toBe(99);
    expect(first.roundTripTimeMs).toBe(12);
    expect(first.audioLevel).toBe(0.9);
  });

  it('takes the round trip from the member’s receiver reports when the pair has none', () => {
    const withoutPair = (t: number, counters: typeof start): StatsSnapshot => {
      const report = new Map(link(t, counters, null));
      report.set('RI', { type: 'remote-inbound-rtp', kind: 'video', roundTripTime: 0.25, timestamp: t });
      return report;
    };
    expect(linkFigures(null, withoutPair(10_000, start)).roundTripTimeMs).toBe(250);
  });

  it('treats counters that went back (a new stream) as unknown, not as negative rates', () => {
    const restarted = linkFigures(link(10_000, twoSecondsLater), link(12_000, start));
    expect(restarted.bitrateInBps).toBeNull();
    expect(restarted.videoFrameRate).toBe(99);
    expect(restarted.packetLossPercent).toBeNull();
  });

  it('counts a negative loss (duplicates) as no loss', () => {
    const duplicates = linkFigures(
      link(10_000, start),
      link(11_000, { ...start, videoPackets: start.videoPackets + 100, videoLost: start.videoLost - 2 }),
    );
    // The lost counter went back, so it is unknown: no loss reported from it.
    expect(duplicates.packetLossPercent).toBe(0);
  });

  it('copes with a report that has nothing in it yet', () => {
    const empty = linkFigures(null, new Map());
    expect(empty.roundTripTimeMs).toBeNull();
    expect(empty.videoFrameRate).toBeNull();
    expect(connectionQuality(empty)).toBe('good');
  });
});

describe('connectionQuality', () => {
  const base = linkFigures(link(10_000, start), link(12_000, twoSecondsLater));
  const good: LinkFigures = { ...base, roundTripTimeMs: 20, packetLossPercent: 0, videoFrameRate: 24 };

  it('is good on a healthy link', () => {
    expect(connectionQuality(good)).toBe('good');
  });

  it('is as bad as the worst figure', () => {
    expect(connectionQuality({ ...good, roundTripTimeMs: 200 })).toBe('fair');
    expect(connectionQuality({ ...good, roundTripTimeMs: 500 })).toBe('poor');
    expect(connectionQuality({ ...good, packetLossPercent: 2 })).toBe('fair');
    expect(connectionQuality({ ...good, packetLossPercent: 8 })).toBe('poor');
    expect(connectionQuality({ ...good, videoFrameRate: 6 })).toBe('fair');
    expect(connectionQuality({ ...good, videoFrameRate: 2 })).toBe('poor');
    expect(connectionQuality({ ...good, roundTripTimeMs: 200, packetLossPercent: 8 })).toBe('poor');
  });

  it('ignores the frame rate when the member’s camera is off', () => {
    expect(connectionQuality({ ...good, videoFrameRate: 1 }, false)).toBe('good');
  });
});

describe('figures in words', () => {
  const figures = linkFigures(link(10_000, start), link(12_000, twoSecondsLater));

  it('formats bitrates and the indicator’s summary', () => {
    expect(formatBitrate(null)).toBe('–');
    expect(formatBitrate(850_400)).toBe('850 kbit/s');
    expect(formatBitrate(1_240_000)).toBe('1.2 Mbit/s');
    expect(qualitySummary(figures)).toBe('RTT 12 ms · loss 2.0% · 25 fps · 1.0 Mbit/s');
  });

  it('lists every figure for the overlay', () => {
    const rows = Object.fromEntries(memberOverlayRows(figures));
    expect(rows.video).toBe('960x540 @ 25 fps');
    expect(rows.out).toBe('1.2 Mbit/s');
    expect(rows.decode).toBe('2.0 ms / frame');
    expect(rows.buffer).toBe('80 ms / frame');
    expect(rows.audio).toBe('0.30');
  });

  it('sums what we send over every link for our own tile', () => {
    const local = localStats([figures, { ...figures, bitrateOutBps: 100_000, sentAudioLevel: null }]);
    expect(local).toEqual({
      bitrateOutBps: 1_300_000,
      frameRate: 30,
      width: 960,
      height: 540,
      audioLevel: figures.sentAudioLevel,
    });
    if (!local) throw new Error('no local stats');
    expect(Object.fromEntries(localOverlayRows(local))).toEqual({
      camera: '960x540 @ 30 fps',
      out: '1.3 Mbit/s',
      mic: '0.20',
    });
    expect(localStats([])).toBeNull();
  });
});
