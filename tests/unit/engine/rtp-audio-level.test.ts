import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  readLevel,
  RtpLevelSampler,
  type LevelReceiver,
} from '../../../renderer/engine/media/rtp-audio-level.js';

function source(ssrc: number, rtpTimestamp: number, audioLevel?: number): RTCRtpSynchronizationSource {
  return { source: ssrc, rtpTimestamp, timestamp: 0, ...(audioLevel === undefined ? {} : { audioLevel }) };
}

/** A receiver whose last packet is whatever the test says; each `packet()` is a new one. */
class FakeReceiver implements LevelReceiver {
  private rtpTimestamp = 0;
  level: number | undefined = 0;
  sources = 1;

  packet(level: number | undefined): void {
    this.level = level;
    this.rtpTimestamp += 960;
  }

  getSynchronizationSources(): RTCRtpSynchronizationSource[] {
    return this.sources ? [source(7, this.rtpTimestamp, this.level)] : [];
  }
}

describe('readLevel', () => {
  it('takes the level of a new packet, the loudest of several sources', () => {
    const reading = readLevel([source(1, 100, 0.1), source(2, 200, 0.4)], undefined);
    expect(reading?.level).toBe(0.4);
    expect([...(reading?.packets ?? [])]).toEqual([
      [1, 100],
      [2, 200],
    ]);
  });

  it('reads the same packet again as silence: nothing was sent since', () => {
    expect(readLevel([source(1, 100, 0.5)], new Map([[1, 100]]))?.level).toBe(0);
    expect(readLevel([source(1, 1060, 0.5)], new Map([[1, 100]]))?.level).toBe(0.5);
  });

  it('gives nothing when packets carry no level, and keeps levels within 0..1', () => {
    expect(readLevel([source(1, 100)], undefined)).toBeNull();
    expect(readLevel([], undefined)).toBeNull();
    expect(readLevel([source(1, 100, Number.NaN)], undefined)).toBeNull();
    expect(readLevel([source(1, 100, 3)], undefined)?.level).toBe(1);
    expect(readLevel([source(1, 100, -1)], undefined)?.level).toBe(0);
  });
});

describe('RtpLevelSampler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('samples each member on a timer and gives the loudest reading since the last take', () => {
    const bea = new FakeReceiver();
    const cal = new FakeReceiver();
    const sampler = new RtpLevelSampler(
      () =>
        new Map([
          ['bea', [bea]],
          ['cal', [cal]],
        ]),
      { periodMs: 50 },
    );
    sampler.start();
    // Bea beeps in two of eight readings, fading out, Cal is silent.
    for (let step = 0; step < 8; step++) {
      bea.packet([0.4, 0.1, 0, 0, 0.3, 0.05, 0, 0][step]);
      cal.packet(0);
      vi.advanceTimersByTime(50);
    }
    const levels = sampler.take();
    expect(levels.get('bea')).toBe(0.4);
    expect(levels.get('cal')).toBe(0);
    // The next interval starts afresh.
    bea.packet(0);
    vi.advanceTimersByTime(50);
    expect(sampler.take().get('bea')).toBe(0);
    sampler.stop();
  });

  it('counts a member whose packets stopped as silent, not at its last level', () => {
    const bea = new FakeReceiver();
    const sampler = new RtpLevelSampler(() => new Map([['bea', [bea]]]));
    bea.packet(0.6);
    sampler.sample();
    expect(sampler.take().get('bea')).toBe(0.6);
    for (let step = 0; step < 8; step++) sampler.sample();
    expect(sampler.take().get('bea')).toBe(0);
  });

  it('leaves out members with no level, forgets members who left, and stops sampling when stopped', () => {
    const bea = new FakeReceiver();
    bea.sources = 0;
    const cal = new FakeReceiver();
    let members = new Map<string, LevelReceiver[]>([
      ['bea', [bea]],
      ['cal', [cal]],
    ]);
    const sampler = new RtpLevelSampler(() => members);
    sampler.start();
    cal.packet(0.3);
    vi.advanceTimersByTime(50);
    expect([...sampler.take().keys()]).toEqual(['cal']);
    cal.packet(0.3);
    vi.advanceTimersByTime(50);
    members = new Map([['bea', [bea]]]);
    vi.advanceTimersByTime(50);
    expect(sampler.take().size).toBe(0);
    sampler.stop();
    members = new Map([['cal', [cal]]]);
    cal.packet(0.3);
    vi.advanceTimersByTime(500);
    expect(sampler.take().size).toBe(0);
  });

  it('takes the loudest of a member’s receivers and drops receivers that went away', () => {
    const old = new FakeReceiver();
    const renewed = new FakeReceiver();
    let receivers: LevelReceiver[] = [old, renewed];
    const sampler = new RtpLevelSampler(() => new Map([['bea', receivers]]));
    old.packet(0.5);
    renewed.packet(0.1);
    sampler.sample();
    expect(sampler.take().get('bea')).toBeCloseTo(0.5);
    old.packet(0.5);
    renewed.packet(0.1);
    receivers = [renewed];
    sampler.sample();
    expect(sampler.take().get('bea')).toBeCloseTo(0.1);
  });

  it('skips a receiver that throws while being torn down', () => {
    const broken: LevelReceiver = {
      getSynchronizationSources: () => {
        throw new Error('closed');
      },
    };
    const good = new FakeReceiver();
    good.packet(0.2);
    const sampler = new RtpLevelSampler(() => new Map([['bea', [broken, good]]]));
    sampler.sample();
    expect(sampler.take().get('bea')).toBeCloseTo(0.2);
  });
});
