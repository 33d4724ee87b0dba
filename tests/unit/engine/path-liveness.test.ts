import { describe, expect, it } from 'vitest';
import { bytesReceived, LIVE_WITHIN_MS, PathLiveness } from '../../../renderer/engine/room/path-liveness.js';

/** Lets the probe's read resolve. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('whether bytes still come from a quiet member', () => {
  const probe = (readings: Array<number | null | Error>) => {
    let now = 0;
    const liveness = new PathLiveness(
      async () => {
        const next = readings.shift();
        if (next instanceof Error) throw next;
        return next ?? null;
      },
      () => now,
    );
    return {
      liveness,
      at: (ms: number) => {
        now = ms;
      },
    };
  };

  it('says alive only after two samples that rose, and only for a while after', async () => {
    const { liveness, at } = probe([1000, 1800]);
    liveness.sample();
    await settle();
    expect(liveness.alive()).toBe(false);
    at(500);
    liveness.sample();
    await settle();
    expect(liveness.alive()).toBe(true);
    at(500 + LIVE_WITHIN_MS + 1);
    expect(liveness.alive()).toBe(false);
  });

  it('says not alive when the bytes stand still, cannot be read, or the read fails', async () => {
    const { liveness } = probe([1000, 1000, null, new Error('closed')]);
    for (let sample = 0; sample < 4; sample++) {
      liveness.sample();
      await settle();
      expect(liveness.alive()).toBe(false);
    }
  });

  it('forgets what it saw once reset: the next silence is judged on its own samples', async () => {
    const { liveness, at } = probe([1000, 2000, 3000]);
    liveness.sample();
    await settle();
    liveness.sample();
    await settle();
    expect(liveness.alive()).toBe(true);
    liveness.reset();
    expect(liveness.alive()).toBe(false);
    at(100);
    liveness.sample();
    await settle();
    expect(liveness.alive()).toBe(false);
  });

  it('is decided once two samples have come back since the last reset, read or not', async () => {
    const { liveness } = probe([1000, null, 2000]);
    expect(liveness.decided()).toBe(false);
    liveness.sample();
    expect(liveness.decided()).toBe(false); // still reading
    await settle();
    expect(liveness.decided()).toBe(false);
    liveness.sample();
    await settle();
    expect(liveness.decided()).toBe(true);
    liveness.reset();
    expect(liveness.decided()).toBe(false);
  });

  it('reads one sample at a time', async () => {
    let reads = 0;
    const liveness = new PathLiveness(async () => {
      reads++;
      return 1;
    });
    liveness.sample();
    liveness.sample();
    await settle();
    expect(reads).toBe(1);
  });

  it('adds up the bytes of every transport of a connection, and has none without one', async () => {
    const stats = (reports: object[]) =>
      ({
        getStats: async () => new Map(reports.map((report, index) => [String(index), report])),
      }) as unknown as RTCPeerConnection;
    expect(
      await bytesReceived(
        stats([
          { type: 'transport', bytesReceived: 100 },
          { type: 'inbound-rtp', bytesReceived: 5 },
          { type: 'transport', bytesReceived: 20 },
        ]),
      ),
    ).toBe(120);
    expect(await bytesReceived(stats([{ type: 'inbound-rtp', bytesReceived: 5 }]))).toBeNull();
  });
});
