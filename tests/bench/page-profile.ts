/**
 * Where one page's main thread spends its time over a window, through the
 * DevTools protocol: a sampling CPU profile summed by function (self time),
 * and the renderer's own counters of script, style, layout and task time.
 * Taken after a benchmark's measuring window, never during it: profiling
 * costs the page time of its own.
 */
import type { Page } from '@playwright/test';

/** The parts of a Profiler.Profile this reads. */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }>;
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTime {
  /** `function url:line`, or a pseudo-node such as `(program)`, `(idle)`, `(garbage collector)`. */
  where: string;
  ms: number;
}

/** Self time per function (same name, file and line summed), largest first. */
export function selfTimes(profile: CpuProfile): SelfTime[] {
  const whereOf = new Map<number, string>();
  for (const { id, callFrame } of profile.nodes) {
    const file = callFrame.url ? ` ${callFrame.url.replace(/^.*\//, '')}:${callFrame.lineNumber + 1}` : '';
    whereOf.set(id, `${callFrame.functionName || '(anonymous)'}${file}`);
  }
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // A sample's time is the delta to the next one: the gap it stood for.
  samples.forEach((node, index) => {
    const where = whereOf.get(node) ?? '(unknown)';
    const micros = deltas[index + 1] ?? 0;
    totals.set(where, (totals.get(where) ?? 0) + micros / 1000);
  });
  return [...totals.entries()].map(([where, ms]) => ({ where, ms })).sort((a, b) => b.ms - a.ms);
}

const METRICS = [
  'TaskDuration',
  'ScriptDuration',
  'RecalcStyleDuration',
  'LayoutDuration',
  'RecalcStyleCount',
  'LayoutCount',
] as const;

export interface PageProfile {
  windowMs: number;
  /** Growth of the renderer's counters over the window: durations in ms, counts as counts. */
  metrics: Record<(typeof METRICS)[number], number>;
  top: SelfTime[];
}

/** Profiles `page` for `windowMs`; the `top` functions by self time. */
export async function profilePage(page: Page, windowMs: number, top = 30): Promise<PageProfile> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    await cdp.send('Profiler.enable');
    const read = async (): Promise<Map<string, number>> =>
      new Map((await cdp.send('Performance.getMetrics')).metrics.map(({ name, value }) => [name, value]));
    const before = await read();
    await cdp.send('Profiler.start');
    await page.waitForTimeout(windowMs);
    const { profile } = await cdp.send('Profiler.stop');
    const after = await read();
    const metrics = Object.fromEntries(
      METRICS.map((name) => {
        const grown = (after.get(name) ?? 0) - (before.get(name) ?? 0);
        // Durations come in seconds.
        return [name, name.endsWith('Duration') ? Math.round(grown * 1000) : grown];
      }),
    ) as PageProfile['metrics'];
    return { windowMs, metrics, top: selfTimes(profile).slice(0, top) };
  } finally {
    await cdp.detach();
  }
}
