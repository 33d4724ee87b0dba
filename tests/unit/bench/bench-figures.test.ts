import { describe, expect, it } from 'vitest';
import { chartSvg } from '../../bench/chart.js';
import { parseProcStat, processKind, sharesByKind } from '../../bench/cpu.js';
import { windowFigures, type VideoCounters } from '../../bench/link-stats.js';
import { selfTimes } from '../../bench/page-profile.js';
import { mean, percentile, roundOrNull } from '../../bench/stats.js';

function counters(at: number, sent: number, received: number): VideoCounters {
  return {
    at,
    sent: {
      framesEncoded: sent,
      totalEncodeTime: sent * 0.004,
      bytesSent: sent * 1000,
      width: 640,
      height: 360,
    },
    received: {
      framesDecoded: received,
      totalDecodeTime: received * 0.002,
      bytesReceived: received * 500,
      jitterBufferDelay: received * 0.03,
      jitterBufferEmittedCount: received,
      width: 640,
      height: 360,
    },
    hasSender: sent > 0,
    hasReceiver: received > 0,
  };
}

describe('window figures', () => {
  it('turn counter deltas into per-second and per-frame figures', () => {
    const figures = windowFigures({ '1': counters(1000, 100, 50) }, { '1': counters(3000, 160, 90) });
    expect(figures.sent).toHaveLength(1);
    expect(figures.sent[0]!.fps).toBe(30);
    expect(figures.sent[0]!.msPerFrame).toBeCloseTo(4);
    expect(figures.sent[0]!.kbps).toBeCloseTo((60 * 1000 * 8) / 2 / 1000);
    expect(figures.received[0]!.fps).toBe(20);
    expect(figures.received[0]!.msPerFrame).toBeCloseTo(2);
    expect(figures.received[0]!.jitterBufferMs).toBeCloseTo(30);
    expect(figures.restarted).toBe(0);
  });

  it('leave out a link whose counters went back (its media renewed within the window), and count it', () => {
    const figures = windowFigures(
      { '1': counters(1000, 100, 50), '2': counters(1000, 100, 50) },
      { '1': counters(3000, 160, 90), '2': counters(3000, 20, 10) },
    );
    expect(figures.sent).toHaveLength(1);
    expect(figures.received).toHaveLength(1);
    expect(figures.sent[0]!.fps).toBe(30);
    expect(figures.restarted).toBe(2);
  });

  it('leave out links that came or went during the window, and give NaN per frame when none went through', () => {
    const figures = windowFigures(
      { '1': counters(0, 10, 0), '2': counters(0, 10, 0) },
      { '1': counters(1000, 10, 0), '3': counters(1000, 40, 0) },
    );
    expect(figures.sent).toHaveLength(1);
    expect(figures.sent[0]!.fps).toBe(0);
    expect(figures.sent[0]!.msPerFrame).toBeNaN();
    expect(figures.received).toHaveLength(0);
  });
});

describe('/proc stat lines', () => {
  it('give parent and user+system ticks, even with spaces and parentheses in the command', () => {
    const line =
      '4242 (chromium (x) y) S 4200 4242 4200 0 -1 4194560 100 0 0 0 1234 56 0 0 20 0 12 0 999 0 0';
    expect(parseProcStat(line)).toEqual({ pid: 4242, parent: 4200, command: 'chromium (x) y', ticks: 1290 });
    expect(parseProcStat('garbage')).toBeNull();
  });
});

describe('Chromium processes', () => {
  it('are told apart by --type, and utility processes by their service', () => {
    const cmdline = (...args: string[]): string => ['/usr/lib/chromium/chromium', ...args, ''].join('\0');
    expect(processKind(cmdline('--no-sandbox', '--remote-debugging-pipe'))).toBe('browser');
    expect(processKind(cmdline('--type=renderer', '--renderer-client-id=7'))).toBe('renderer');
    expect(processKind(cmdline('--type=gpu-process'))).toBe('gpu-process');
    expect(processKind(cmdline('--type=utility', '--utility-sub-type=network.mojom.NetworkService'))).toBe(
      'utility:network',
    );
    expect(processKind(cmdline('--type=utility', '--utility-sub-type=audio.mojom.AudioService'))).toBe(
      'utility:audio',
    );
    expect(processKind(cmdline('--type=utility'))).toBe('utility');
    // A child's rewritten title: one string, spaces between the arguments.
    expect(
      processKind(
        '/usr/lib/chromium/chromium --type=gpu-process --no-sandbox --crash-reporter=,built on X\0',
      ),
    ).toBe('gpu-process');
  });

  it('sum their shares by kind, largest first', () => {
    expect(
      sharesByKind([
        { pid: 1, kind: 'renderer', share: 0.1 },
        { pid: 2, kind: 'gpu-process', share: 0.3 },
        { pid: 3, kind: 'renderer', share: 0.15 },
      ]),
    ).toEqual([
      { kind: 'gpu-process', processes: 1, share: 0.3 },
      { kind: 'renderer', processes: 2, share: 0.25 },
    ]);
  });
});

describe('page profile', () => {
  it('sums self time by function, each sample standing for the gap to the next', () => {
    const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });
    const times = selfTimes({
      nodes: [
        { id: 1, callFrame: frame('(root)') },
        { id: 2, callFrame: frame('tick', 'http://127.0.0.1:1/assets/index-abc.js', 9) },
        { id: 3, callFrame: frame('(idle)') },
        { id: 4, callFrame: frame('tick', 'http://127.0.0.1:1/assets/index-abc.js', 9) },
      ],
      samples: [2, 3, 4, 2],
      timeDeltas: [0, 1000, 5000, 2000],
    });
    expect(times).toEqual([
      { where: '(idle)', ms: 5 },
      { where: 'tick index-abc.js:10', ms: 3 },
    ]);
  });
});

describe('percentile', () => {
  it('interpolates between ranks', () => {
    expect(percentile([10, 20, 30, 40, 50], 50)).toBe(30);
    expect(percentile([10, 20, 30, 40, 50], 90)).toBe(46);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('chart', () => {
  it('draws one bar per finite value and escapes text', () => {
    const svg = chartSvg('A & B', 'sub', [
      {
        title: '<p50>',
        unit: 'ms',
        categories: ['x', 'y'],
        series: [
          { name: 'one', values: [1, Number.NaN] },
          { name: 'two', values: [3, 4] },
        ],
      },
    ]);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('A &amp; B');
    expect(svg).toContain('&lt;p50&gt;');
    expect(svg.match(/<rect x="[\d.]+" y="[\d.]+" width=/g)).toHaveLength(3 + 2);
  });
});

describe('a figure of no measurements', () => {
  it('is null rather than NaN or Infinity, so a room that never came up prints a dash', () => {
    expect(roundOrNull(mean([]), 1)).toBeNull();
    expect(roundOrNull(Math.min(...[]), 1)).toBeNull();
    expect(roundOrNull(mean([19.94, 20]), 1)).toBe(20);
  });
});
