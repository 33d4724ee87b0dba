import { describe, expect, it } from 'vitest';
import {
  framesEncoded,
  startupDegradationPreference,
  whenFirstFrameEncoded,
} from '../../../renderer/engine/media/encoder-start.js';

/** A getStats() report as the browser gives it: a map of stat objects. */
function report(...stats: Array<Record<string, unknown>>): RTCStatsReport {
  return new Map(stats.map((stat, index) => [String(index), stat])) as unknown as RTCStatsReport;
}

/** A sender whose statistics answer from a script, one entry per look; a string is an error. */
function scriptedSender(looks: Array<number | string>): {
  getStats: () => Promise<RTCStatsReport>;
  looked: () => number;
} {
  let count = 0;
  return {
    looked: () => count,
    getStats: async () => {
      const look = looks[Math.min(count++, looks.length - 1)]!;
      if (typeof look === 'string') throw new Error(look);
      return report({ type: 'outbound-rtp', kind: 'video', framesEncoded: look });
    },
  };
}

const noSleep = async (): Promise<void> => {};

describe('startupDegradationPreference', () => {
  it('is on the other side of balanced from every preference, so switching to the wanted one clears a start-up cut', () => {
    expect(startupDegradationPreference('balanced')).toBe('maintain-framerate');
    expect(startupDegradationPreference('maintain-framerate')).toBe('balanced');
    expect(startupDegradationPreference('maintain-resolution')).toBe('balanced');
  });
});

describe('framesEncoded', () => {
  it('reads the outbound video counter and ignores everything else', () => {
    expect(
      framesEncoded(
        report(
          { type: 'outbound-rtp', kind: 'video', framesEncoded: 7 },
          { type: 'inbound-rtp', kind: 'video', framesDecoded: 50 },
          { type: 'candidate-pair', availableOutgoingBitrate: 300000 },
        ),
      ),
    ).toBe(7);
    expect(framesEncoded(report({ type: 'outbound-rtp', kind: 'video' }))).toBe(0);
    expect(framesEncoded(report())).toBe(0);
  });
});

describe('whenFirstFrameEncoded', () => {
  it('resolves true at the first look that shows an encoded frame', async () => {
    const sender = scriptedSender([0, 0, 3]);
    await expect(whenFirstFrameEncoded(sender, { stillWanted: () => true, sleep: noSleep })).resolves.toBe(
      true,
    );
    expect(sender.looked()).toBe(3);
  });

  it('looks again after statistics fail', async () => {
    const sender = scriptedSender(['renegotiating', 1]);
    await expect(whenFirstFrameEncoded(sender, { stillWanted: () => true, sleep: noSleep })).resolves.toBe(
      true,
    );
  });

  it('stops looking, with false, once the sender is no longer wanted', async () => {
    const sender = scriptedSender([0]);
    let wanted = true;
    const sleep = async (): Promise<void> => {
      if (sender.looked() === 2) wanted = false;
    };
    await expect(whenFirstFrameEncoded(sender, { stillWanted: () => wanted, sleep })).resolves.toBe(false);
    expect(sender.looked()).toBe(2);
  });

  it('says false when the sender went away while the frame came', async () => {
    let wanted = true;
    const sender = {
      getStats: async () => {
        wanted = false;
        return report({ type: 'outbound-rtp', kind: 'video', framesEncoded: 1 });
      },
    };
    await expect(whenFirstFrameEncoded(sender, { stillWanted: () => wanted, sleep: noSleep })).resolves.toBe(
      false,
    );
  });

  it('gives up on a camera that sends nothing', async () => {
    const sender = scriptedSender([0]);
    await expect(
      whenFirstFrameEncoded(sender, {
        stillWanted: () => true,
        intervalMs: 100,
        giveUpAfterMs: 1000,
        sleep: noSleep,
      }),
    ).resolves.toBe(false);
    expect(sender.looked()).toBe(11);
  });
});
