/**
 * What the issue asks of the load benchmark's rooms, and the lines that say
 * whether a run met it: printed beside the figures, never asserted.
 */
import { round } from './stats.js';

export type View = 'grid' | 'speaker';

/**
 * The targets per room size. `floorKeepsUp`: on the machine the target was
 * set for, the bare mesh keeps every link at the target frame rate (4
 * people: 20 fps at 77% CPU), so a run whose floor falls short was made on
 * a slower or busier machine, which cannot judge the target either way.
 */
export const targets: Record<
  number,
  { lowestFps: number; cpuShare?: number; views: View[]; floorKeepsUp: boolean }
> = {
  4: { lowestFps: 18, cpuShare: 0.8, views: ['grid'], floorKeepsUp: true },
  6: { lowestFps: 12, views: ['grid', 'speaker'], floorKeepsUp: false },
};

/** A share of all cores as a whole percentage, for the tables and the target lines. */
export const percent = (share: number | null): number | null => (share === null ? null : round(share * 100));

/** The figures of one side (Huddle or the floor) a target line reads. */
interface SideFigures {
  lowestReceivedFps: number | null;
  cpuShare: number | null;
}

/** What a target line needs of a row of the load benchmark. */
export interface TargetRow {
  participants: number;
  view: View;
  /** Runs whose room did not come up, and why. */
  failures?: string[];
  /** Runs whose floor did not come up, and why. */
  floorFailures?: string[];
  huddle: SideFigures;
  floor: SideFigures;
}

/** The targets against the rows they concern: met, not met, or not judged, with the figures. */
export function targetLines(rows: readonly TargetRow[], runs: number): string[] {
  const lines = ['Targets (reported, not asserted):'];
  for (const row of rows) {
    const target = targets[row.participants];
    if (!target || !target.views.includes(row.view)) continue;
    const heading = `- ${row.participants} people, ${row.view}:`;
    const lowest = row.huddle.lowestReceivedFps;
    if (lowest === null) {
      lines.push(
        `${heading} no figures, the room did not come up (${row.failures?.length ?? 0} of ${runs} runs)`,
      );
      continue;
    }
    const fpsMet = lowest >= target.lowestFps;
    const cpu = row.huddle.cpuShare;
    const cpuMet = target.cpuShare === undefined || (cpu !== null && cpu <= target.cpuShare);
    const cpuText =
      target.cpuShare === undefined
        ? ''
        : `, CPU ${percent(cpu) ?? '–'}% (target <= ${target.cpuShare * 100}%)`;
    const floorLowest = row.floor.lowestReceivedFps;
    const floorShort = target.floorKeepsUp && (floorLowest ?? 0) < target.lowestFps;
    const verdict = !floorShort
      ? fpsMet && cpuMet
        ? 'met'
        : 'NOT met'
      : floorLowest === null
        ? `not judged: the floor did not come up (${row.floorFailures?.length ?? 0} of ${runs} runs), so this machine is slower than the one the target is set for`
        : `not judged: the floor's own slowest link read ${floorLowest} fps at ${percent(row.floor.cpuShare) ?? '–'}% CPU, so this machine is slower than the one the target is set for`;
    lines.push(`${heading} slowest link ${lowest} fps (target >= ${target.lowestFps})${cpuText}: ${verdict}`);
  }
  return lines;
}
