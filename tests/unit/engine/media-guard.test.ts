import { describe, expect, it } from 'vitest';
import { MediaGuard, type GuardObservation } from '../../../renderer/engine/media/media-guard.js';

const healthy: GuardObservation = {
  now: 0,
  linkReady: true,
  ice: 'connected',
  liveTransceivers: 3,
  expectVideo: true,
  videoPacketsIn: 0,
  gatheringSilentMs: null,
  // Still since long ago, unless a test says otherwise: judged on health alone.
  negotiationQuietMs: Number.POSITIVE_INFINITY,
};

/** Feeds observations every 2 s; `at(t)` gives the observation for time t. */
function run(guard: MediaGuard, untilMs: number, at: (now: number) => Partial<GuardObservation>) {
  const fired: Array<{ now: number; repair: string; reason: string }> = [];
  for (let now = 0; now <= untilMs; now += 2000) {
    const order = guard.observe({ ...healthy, now, ...at(now) });
    if (order) fired.push({ now, ...order });
  }
  return fired;
}

describe('the media guard', () => {
  it('never fires on a connection that carries what it should', () => {
    expect(run(new MediaGuard(), 120_000, (now) => ({ videoPacketsIn: now }))).toEqual([]);
  });

  it('judges nothing before the link is ready, or when there is nothing to carry', () => {
    expect(run(new MediaGuard(), 60_000, () => ({ linkReady: false, ice: 'new' }))).toEqual([]);
    expect(run(new MediaGuard(), 60_000, () => ({ liveTransceivers: 0, ice: 'new' }))).toEqual([]);
    // A member that does not publish video sends no video packets, rightly.
    expect(run(new MediaGuard(), 60_000, () => ({ expectVideo: false }))).toEqual([]);
  });

  it('repairs a negotiated connection that never connects: ICE restart, then fresh media, then a redial', () => {
    const fired = run(new MediaGuard(), 60_000, () => ({ ice: 'new' }));
    expect(fired.map(({ now, repair }) => [now, repair])).toEqual([
      [8000, 'restart-ice'],
      [16_000, 'renew-media'],
      [24_000, 'redial'],
    ]);
    expect(fired[0]?.reason).toBe('ICE new, not connected for 8 s');
  });

  it('repairs a connected connection whose video stopped arriving, and starts over once it is healthy', () => {
    const guard = new MediaGuard();
    const frozen = (now: number) => ({ videoPacketsIn: Math.min(now, 10_000) });
    const fired = run(guard, 20_000, frozen);
    expect(fired).toEqual([{ now: 20_000, repair: 'restart-ice', reason: 'no new video packets for 8 s' }]);
    // Video flows again: the ladder starts from the beginning next time.
    expect(guard.observe({ ...healthy, now: 22_000, videoPacketsIn: 20_000 })).toBeNull();
    const later = run(guard, 40_000, () => ({ videoPacketsIn: 20_000 }));
    expect(later[0]?.repair).toBe('restart-ice');
  });

  it('gives a connection that gathers no candidate a new one at once, then a redial, then nothing more', () => {
    const guard = new MediaGuard();
    // Gathering began at 0 and found nothing; the new connection made at 4 s finds nothing either.
    const fired = run(guard, 60_000, (now) => ({
      ice: 'new',
      gatheringSilentMs: now <= 4000 ? now : now - 4000,
    }));
    expect(fired.map(({ now, repair }) => [now, repair])).toEqual([
      [4000, 'renew-media'],
      [8000, 'redial'],
    ]);
    expect(fired[0]?.reason).toBe('no local ICE candidate gathered 4 s after the local description');
  });

  it('lets a connection that gathered candidates be judged by the ladder as usual', () => {
    const fired = run(new MediaGuard(), 10_000, () => ({ ice: 'new', gatheringSilentMs: null }));
    expect(fired.map(({ repair }) => repair)).toEqual(['restart-ice']);
  });

  it('judges no gathering before the link is ready, and without renewal goes straight to a redial', () => {
    expect(run(new MediaGuard(), 20_000, (now) => ({ linkReady: false, gatheringSilentMs: now }))).toEqual(
      [],
    );
    const old = new MediaGuard(8000, ['restart-ice', 'redial']);
    const fired = run(old, 20_000, (now) => ({ ice: 'new', gatheringSilentMs: now }));
    expect(fired.map(({ now, repair }) => [now, repair])).toEqual([[4000, 'redial']]);
  });

  it('climbs only the repairs the peer can take part in', () => {
    const guard = new MediaGuard(8000, ['restart-ice', 'redial']);
    expect(run(guard, 60_000, () => ({ ice: 'disconnected' })).map(({ repair }) => repair)).toEqual([
      'restart-ice',
      'redial',
    ]);
  });

  it('leaves a connection alone while its negotiation moves, and judges it once negotiation is still', () => {
    // A saturated machine: something happens every 5 s (answer, candidates, ICE checking) until 20 s, then nothing.
    const quiet = (now: number) => (now <= 20_000 ? now % 5000 : now - 20_000);
    const fired = run(new MediaGuard(), 30_000, (now) => ({
      ice: 'checking',
      negotiationQuietMs: quiet(now),
    }));
    expect(fired.map(({ now, repair }) => [now, repair])).toEqual([[28_000, 'restart-ice']]);
    expect(fired[0]?.reason).toBe('ICE checking, not connected for 28 s');
  });

  it('gives video a full bound from the moment ICE connects after a slow negotiation', () => {
    // Not connected, negotiation moving, until 20 s; connected then, and no video packets since.
    const fired = run(new MediaGuard(), 30_000, (now) =>
      now < 20_000
        ? { ice: 'checking', negotiationQuietMs: now % 4000 }
        : { ice: 'connected', negotiationQuietMs: now - 20_000 },
    );
    expect(fired.map(({ now, repair }) => [now, repair])).toEqual([[28_000, 'restart-ice']]);
    expect(fired[0]?.reason).toBe('no new video packets for 28 s');
  });

  it('repairs a negotiation that moves for ever without getting anywhere, after four bounds', () => {
    const fired = run(new MediaGuard(), 40_000, (now) => ({
      ice: 'checking',
      negotiationQuietMs: now % 2000,
    }));
    expect(fired.map(({ now, repair }) => [now, repair])).toEqual([[32_000, 'restart-ice']]);
    expect(fired[0]?.reason).toBe('ICE checking, not connected for 32 s, negotiation still moving (0 s ago)');
  });
});
