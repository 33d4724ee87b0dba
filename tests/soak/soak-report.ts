/**
 * The soak's outcome: the figures (JSON for tests/bench/results/soak.json)
 * and the summary printed at the end, with every failure's evidence.
 */
import { percentile, round } from '../bench/stats.js';
import { FAKE_CAMERA_FPS } from '../e2e/support/chromium.js';
import type { FailureRecord, JoinRecord, ScenarioCounts, SoakRecords } from './records.js';
import type { SoakOptions } from './soak-options.js';

export interface SoakReport {
  /** False in the reports written after each round while the soak is still going. */
  complete: boolean;
  joins: number;
  failures: number;
  guardRepairs: number;
  /** Guard repairs by kind and reason. */
  guardRepairKinds: Record<string, number>;
  /** Joins after which the joiner and everyone else played and heard each other, of all joins. */
  joinSuccessRate: number;
  steps: number;
  /** Viewer × publisher media checks, and of those passed. */
  checks: number;
  checksPassed: number;
  timeToAllMediaMs: { p50: number; p95: number; max: number };
  scenarios: Record<string, ScenarioCounts>;
  /** The machine's 1-minute load average over the rounds (2 cores here): how busy the soak's machine was. */
  loadAverage1m: { median: number; max: number };
  options: SoakOptions;
  durationS: number;
  date: string;
  failureDetails: FailureRecord[];
  joinDetails: JoinRecord[];
}

export function soakReport(
  records: SoakRecords,
  options: SoakOptions,
  startedAt: number,
  complete: boolean,
): SoakReport {
  const times = records.joins.flatMap((join) => (join.allMediaMs === null ? [] : [join.allMediaMs]));
  const joins = records.joins.length;
  return {
    complete,
    joins,
    failures: records.failures.length,
    guardRepairs: records.guardRepairs,
    guardRepairKinds: records.guardRepairKinds,
    joinSuccessRate: joins ? round(times.length / joins, 4) : 0,
    steps: records.steps,
    checks: records.checks,
    checksPassed: records.checksPassed,
    timeToAllMediaMs: {
      p50: round(percentile(times, 50)),
      p95: round(percentile(times, 95)),
      max: times.length ? Math.max(...times) : Number.NaN,
    },
    scenarios: records.scenarios,
    loadAverage1m: {
      median: round(percentile(records.loadAverages, 50), 1),
      max: records.loadAverages.length ? round(Math.max(...records.loadAverages), 1) : Number.NaN,
    },
    options,
    durationS: round((Date.now() - startedAt) / 1000),
    date: new Date().toISOString(),
    failureDetails: records.failures,
    joinDetails: records.joins,
  };
}

function describeFailure(failure: FailureRecord, index: number): string[] {
  const lines = [
    `--- failure ${index + 1}: round ${failure.round} (${failure.scenario}), step "${failure.step}"`,
    `started ${failure.startedAt}, action done ${failure.actionDoneAt}, evidence read ${failure.evidenceAt}`,
  ];
  if (failure.error) lines.push(`action failed: ${failure.error}`);
  for (const each of failure.missing)
    lines.push(
      `${each.viewer} lacks ${each.publisher}'s ${each.kind} ${each.missing.join(' and ')}: ${each.detail ?? ''}`,
    );
  for (const page of failure.pages) {
    lines.push(`  [${page.name}] state ${page.state}; participants ${page.participants.join(', ') || '-'}`);
    if (typeof page.connections === 'string') lines.push(`    connections: ${page.connections}`);
    else if (page.connections.length === 0) lines.push('    no media connections');
    else
      for (const pc of page.connections)
        lines.push(
          `    pc#${pc.index} ice ${pc.ice}, connection ${pc.connection}, signaling ${pc.signaling};` +
            ` in a${pc.packetsIn.audio}/v${pc.packetsIn.video}, out a${pc.packetsOut.audio}/v${pc.packetsOut.video};` +
            ` ${pc.transceivers.join(' | ')}`,
        );
    lines.push(
      `    last console lines (${page.console.length}):`,
      ...page.console.map((line) => `      ${line}`),
    );
  }
  return lines;
}

export function summaryLines(report: SoakReport): string[] {
  const t = report.timeToAllMediaMs;
  const perScenario = Object.entries(report.scenarios).map(
    ([name, counts]) =>
      `  ${name}: ${counts.rounds} rounds, ${counts.joins} joins, ${counts.failures} failures, ` +
      `${counts.guardRepairs} guard repairs`,
  );
  return [
    `Soak${report.complete ? '' : ' (stopped early)'}: ${report.joins} joins in ${report.durationS} s (${report.options.preset} preset, cameras at ${report.options.cameraFps ?? FAKE_CAMERA_FPS} fps, ${report.options.pageSize.width}x${report.options.pageSize.height} pages, a browser per member)`,
    `  joins with all media: ${(report.joinSuccessRate * 100).toFixed(1)}%` +
      `; steps ${report.steps}, media checks ${report.checksPassed}/${report.checks} passed`,
    `  failures: ${report.failures}; media guard repairs: ${report.guardRepairs}`,
    `  machine load (1-minute average after each round): median ${report.loadAverage1m.median}, ` +
      `max ${report.loadAverage1m.max}`,
    `  time to all media (click Join → joiner and room play and hear each other): ` +
      `p50 ${t.p50} ms, p95 ${t.p95} ms, max ${t.max} ms`,
    ...perScenario,
    ...Object.entries(report.guardRepairKinds).map(([kind, count]) => `  guard repair ${kind}: ${count}`),
    ...report.failureDetails.flatMap(describeFailure),
  ];
}
