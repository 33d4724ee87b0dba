import { describe, expect, it } from 'vitest';
import { targetLines, type TargetRow } from '../../bench/load-targets.js';

const side = (lowestReceivedFps: number | null, cpuShare: number | null) => ({ lowestReceivedFps, cpuShare });

function row(overrides: Partial<TargetRow>): TargetRow {
  return { participants: 4, view: 'grid', huddle: side(19, 0.75), floor: side(20, 0.77), ...overrides };
}

describe('the load benchmark target lines', () => {
  it('says met only when both the frame rate and the CPU share are within the target', () => {
    expect(targetLines([row({})], 2)[1]).toBe(
      '- 4 people, grid: slowest link 19 fps (target >= 18), CPU 75% (target <= 80%): met',
    );
    expect(targetLines([row({ huddle: side(19, 0.83) })], 2)[1]).toMatch(/CPU 83% .*: NOT met$/u);
    expect(targetLines([row({ huddle: side(17.5, 0.7) })], 2)[1]).toMatch(
      /slowest link 17.5 fps .*: NOT met$/u,
    );
  });

  it('does not judge a run whose floor fell short, or never came up', () => {
    expect(targetLines([row({ floor: side(10.4, 0.99) })], 2)[1]).toMatch(
      /not judged: the floor's own slowest link read 10.4 fps at 99% CPU/u,
    );
    const noFloor = row({ floor: side(null, null), floorFailures: ['TimeoutError'] });
    expect(targetLines([noFloor], 2)[1]).toMatch(/not judged: the floor did not come up \(1 of 2 runs\)/u);
  });

  it('says how many runs of a room that never came up failed', () => {
    const down = row({ participants: 6, huddle: side(null, null), failures: ['a', 'b'] });
    expect(targetLines([down], 2)[1]).toBe(
      '- 6 people, grid: no figures, the room did not come up (2 of 2 runs)',
    );
  });

  it('leaves out the rows no target concerns', () => {
    expect(targetLines([row({ participants: 2 }), row({ view: 'speaker' })], 1)).toEqual([
      'Targets (reported, not asserted):',
    ]);
  });
});
