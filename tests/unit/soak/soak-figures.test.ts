import { describe, expect, it } from 'vitest';
import { ConsoleRing, repairKind } from '../../soak/console-ring.js';
import { errorText } from '../../support/error-text.js';
import { expectedBy, joinAllMediaMs, type Sender } from '../../soak/expectations.js';
import type { ProbeResult } from '../../soak/media-probe.js';
import { SoakRecords } from '../../soak/records.js';
import { soakOptions } from '../../soak/soak-options.js';
import { soakReport, summaryLines } from '../../soak/soak-report.js';

const member = (name: string, publishing = true, sharing = false): Sender => ({ name, publishing, sharing });

function camera(name: string, videoAt: number | null, audioAt: number | null): ProbeResult {
  return { name, kind: 'camera', audio: true, videoAt, audioAt, detail: null };
}

describe('ConsoleRing', () => {
  it("keeps the app's last lines only, and counts every guard repair", () => {
    const ring = new ConsoleRing(3);
    for (let index = 0; index < 5; index++) ring.take(`[huddle] line ${index}`);
    ring.take('some library chatter');
    ring.take('[huddle] media guard: repairing x (restart-ice): no new video packets for 8 s');
    ring.take('media guard: repairing x (redial): no hello in 15 s');
    expect(ring.lines().map((line) => line.slice(13))).toEqual([
      '[huddle] line 3',
      '[huddle] line 4',
      '[huddle] media guard: repairing x (restart-ice): no new video packets for 8 s',
    ]);
    expect(ring.guardRepairs).toEqual(['(restart-ice): no new video packets', '(redial): no hello']);
  });

  it('reduces a repair line to its kind and reason, without peer, times or trace', () => {
    expect(
      repairKind(
        '[huddle] media guard: repairing huddle-a-m-62 (restart-ice): ICE new, not connected for 10 s [signaling stable; +0 sent offer]',
      ),
    ).toBe('(restart-ice): ICE new, not connected');
    expect(
      repairKind(
        '[huddle] media guard: repairing huddle-a-m-62 (renew-media): no local ICE candidate gathered 4 s after the local description [x]',
      ),
    ).toBe('(renew-media): no local ICE candidate gathered after the local description');
    expect(repairKind('[huddle] media guard: repairing huddle-a-m-62 (redial): no hello in 15 s')).toBe(
      '(redial): no hello',
    );
  });
});

describe('expectedBy', () => {
  it("expects every other member's camera with sound while it publishes, and its screen while it shares", () => {
    const ada = member('Ada');
    const ben = member('Ben', false, true);
    const cy = member('Cy', false);
    expect(expectedBy(cy, [ada, ben, cy])).toEqual([
      { name: 'Ada', kind: 'camera', audio: true },
      { name: 'Ben', kind: 'screen', audio: false },
    ]);
    expect(expectedBy(ada, [ada, cy])).toEqual([]);
  });
});

describe('joinAllMediaMs', () => {
  const ada = member('Ada');
  const ben = member('Ben');
  it('is the last of: the joiner receives everyone, everyone receives the joiner', () => {
    const viewers = [
      { viewer: 'Ada', results: [camera('Ben', 1400, 1500)] },
      { viewer: 'Ben', results: [camera('Ada', 1200, 1900)] },
    ];
    expect(joinAllMediaMs(ben, 1000, viewers)).toBe(900);
    // Ada was already in: only what involves her counts for her.
    expect(joinAllMediaMs(ada, 1000, viewers)).toBe(900);
  });

  it('is null when any of it never flowed, or a probe that should have seen it failed', () => {
    expect(
      joinAllMediaMs(ben, 1000, [
        { viewer: 'Ada', results: [camera('Ben', 1400, null)] },
        { viewer: 'Ben', results: [camera('Ada', 1200, 1300)] },
      ]),
    ).toBeNull();
    expect(
      joinAllMediaMs(ben, 1000, [
        { viewer: 'Ada', results: new Error('page crashed') },
        { viewer: 'Ben', results: [camera('Ada', 1200, 1300)] },
      ]),
    ).toBeNull();
  });
});

describe('soakReport', () => {
  it('gives the top-level counts, the join success rate and the time percentiles', () => {
    const records = new SoakRecords();
    for (const [index, ms] of [1000, 2000, 3000, null].entries())
      records.addJoin({ round: 0, scenario: 'burst', name: `p${index}`, allMediaMs: ms });
    records.addGuardRepairs('burst', [
      '(restart-ice): ICE new, not connected',
      '(restart-ice): ICE new, not connected',
    ]);
    records.loadAverages.push(1.5, 2.5);
    records.addFailure({
      round: 0,
      scenario: 'burst',
      step: 'p3 joins',
      startedAt: '',
      actionDoneAt: '',
      evidenceAt: '',
      error: null,
      missing: [{ viewer: 'p0', publisher: 'p3', kind: 'camera', missing: ['video'], detail: null }],
      pages: [{ name: 'p0', state: 'publishing', participants: ['p0', 'p3'], connections: [], console: [] }],
    });
    const report = soakReport(records, soakOptions(30, {}), Date.now(), true);
    expect(report).toMatchObject({
      joins: 4,
      failures: 1,
      guardRepairs: 2,
      joinSuccessRate: 0.75,
      timeToAllMediaMs: { p50: 2000, p95: 2900, max: 3000 },
      scenarios: { burst: { rounds: 0, joins: 4, failures: 1, guardRepairs: 2 } },
      guardRepairKinds: { '(restart-ice): ICE new, not connected': 2 },
    });
    const summary = summaryLines(report).join('\n');
    expect(summary).toContain("p0 lacks p3's camera video");
    expect(summary).toContain('no media connections');
  });
});

describe('soakOptions', () => {
  it('takes the joins and preset from the environment, and refuses an unknown preset or a count that is not one', () => {
    expect(soakOptions(30, { HUDDLE_SOAK_JOINS: '300' })).toMatchObject({
      joins: 300,
      preset: 'low-latency',
    });
    expect(() => soakOptions(30, { HUDDLE_SOAK_JOINS: 'x' })).toThrow(
      "HUDDLE_SOAK_JOINS: 'x' is not a whole number above 0",
    );
    expect(() => soakOptions(30, { HUDDLE_SOAK_PRESET: 'ultra' })).toThrow(/no preset/);
  });

  it("keeps the browser's camera rate unless a rate is given, by the caller or the environment, and refuses a rate that is not one", () => {
    expect(soakOptions(30, {}).cameraFps).toBeNull();
    expect(soakOptions(30, {}, { cameraFps: 10 }).cameraFps).toBe(10);
    expect(soakOptions(30, { HUDDLE_SOAK_CAMERA_FPS: '15' }, { cameraFps: 10 }).cameraFps).toBe(15);
    expect(() => soakOptions(30, { HUDDLE_SOAK_CAMERA_FPS: 'fast' })).toThrow(
      "HUDDLE_SOAK_CAMERA_FPS: 'fast' is not a whole number above 0",
    );
    expect(() => soakOptions(30, { HUDDLE_SOAK_CAMERA_FPS: '0' })).toThrow(/HUDDLE_SOAK_CAMERA_FPS/);
  });

  it('runs every scenario by default, or the ones named, and refuses a name it does not know', () => {
    expect(soakOptions(30, {}).scenarios).toContain('crash-and-return');
    expect(soakOptions(30, {}).scenarios.length).toBeGreaterThan(5);
    expect(soakOptions(30, { HUDDLE_SOAK_SCENARIOS: 'burst, crash-and-return' }).scenarios).toEqual([
      'burst',
      'crash-and-return',
    ]);
    expect(() => soakOptions(30, { HUDDLE_SOAK_SCENARIOS: 'burst,crash' })).toThrow(
      /no scenario named 'crash'/,
    );
  });
});

describe('errorText', () => {
  it('drops terminal colours from an error message', () => {
    expect(errorText(new Error('\u001b[2mexpect(\u001b[22m\u001b[31mlocator\u001b[39m) failed'))).toBe(
      'expect(locator) failed',
    );
  });
});
