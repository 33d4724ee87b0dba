/**
 * Where the main thread's time goes while a file crosses between two
 * members: a CPU profile of the sending and the receiving page (Chromium's
 * sampling profiler over CDP) from the receiver's Accept to done, summed by
 * function (self time). Not part of `npm run bench`'s figures: run it when
 * transfer speed changes, to see what to cut.
 *
 *   npx vite build --minify false   # readable function names (then build again)
 *   HUDDLE_PROFILE=1 npx playwright test -c tests/bench/bench.config.ts transfer-profile
 *
 * HUDDLE_BENCH_TRANSFER_MB sets the file size (default 100). Prints the top
 * functions of each page, each page's busy share per half second, and the
 * CPU seconds of every Chromium process and thread (/proc, Linux), for the
 * floor (bare-channel.ts) and for Huddle: the page's main thread apart from
 * WebRTC's and the network service's. HUDDLE_PROFILE=ticks leaves the
 * profiler out and prints only the CPU seconds.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { useHuddleHost } from '../e2e/support/fixtures.js';
import type { Member } from '../e2e/support/members.js';
import { CHUNK_BYTES, DRAIN_BYTES, HIGH_WATER_BYTES } from '../../renderer/engine/files/transfer-types.js';
import { bareTransfer } from './bare-channel.js';
import { openBlankPage } from './blank-page.js';
import { browserOnDisk, offerBetweenTwo, writeRandomFile } from './transfer-pair.js';

const SIZE_MB = Number(process.env.HUDDLE_BENCH_TRANSFER_MB ?? 100);
const SIZE = Math.round(SIZE_MB * 1024 * 1024);
const TOP = 25;
const host = useHuddleHost();

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** CPU ticks of each Chromium process below this one by its kind (--type=..., network service apart), renderers by pid. */
function processTicks(): Map<string, number> {
  const stats = new Map<number, { parent: number; ticks: number; chromium: boolean }>();
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(pid), {
        parent: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]),
        chromium: /\(chrom/i.test(stat),
      });
    } catch {
      // The process ended while we looked.
    }
  }
  const ours = (pid: number): boolean => {
    for (let at = pid; at > 1; at = stats.get(at)?.parent ?? 0) if (at === process.pid) return true;
    return false;
  };
  const ticks = new Map<string, number>();
  for (const [pid, { ticks: used, chromium }] of stats) {
    if (!chromium || !ours(pid)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    } catch {
      continue;
    }
    const type = args.find((arg) => arg.startsWith('--type='))?.slice(7) ?? 'browser';
    const sub = args.find((arg) => arg.startsWith('--utility-sub-type='))?.slice(19) ?? '';
    const kind = type === 'renderer' ? `renderer ${pid}` : `${type} ${sub}`.trim();
    ticks.set(kind, (ticks.get(kind) ?? 0) + used);
    // And each of its threads by name: the page's main thread apart from WebRTC's network thread, say.
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const key = `  ${kind} / ${name}`;
        ticks.set(key, (ticks.get(key) ?? 0) + Number(fields[11]) + Number(fields[12]));
      } catch {
        // The thread ended while we looked.
      }
    }
  }
  return ticks;
}

function printTicks(before: Map<string, number>, after: Map<string, number>): void {
  console.log('\n== CPU seconds by Chromium process');
  for (const [kind, ticks] of after) {
    // /proc counts in clock ticks, 100 a second on Linux (getconf CLK_TCK).
    const used = (ticks - (before.get(kind) ?? 0)) / 100;
    if (used >= 0.05) console.log(`${used.toFixed(2).padStart(7)} s  ${kind}`);
  }
}

async function startProfile(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  return cdp;
}

/** Self time by function, in ms, largest first; the profile's length; its idle ms. */
function summarize(profile: Profile): { rows: Array<[string, number]>; totalMs: number; idleMs: number } {
  const label = new Map<number, string>();
  for (const { id, callFrame: frame } of profile.nodes) {
    const file = frame.url ? frame.url.split('/').pop()!.split('?')[0] : '';
    label.set(id, `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`);
  }
  const self = new Map<string, number>();
  // Each sample's delta is the time since the previous one: it belongs to the sample before.
  for (let i = 0; i < profile.samples.length - 1; i++) {
    const name = label.get(profile.samples[i]!)!;
    self.set(name, (self.get(name) ?? 0) + profile.timeDeltas[i + 1]! / 1000);
  }
  const rows = [...self].sort((a, b) => b[1] - a[1]);
  const idleMs = rows.filter(([name]) => name.startsWith('(idle)')).reduce((sum, [, ms]) => sum + ms, 0);
  return { rows, totalMs: (profile.endTime - profile.startTime) / 1000, idleMs };
}

/** Busy share of each half second, from the profile's start: shows a slow start or a long tail. */
function timeline(profile: Profile): string {
  const idle = new Set(
    profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id),
  );
  const buckets: Array<{ busy: number; all: number }> = [];
  let at = 0;
  for (let i = 0; i < profile.samples.length - 1; i++) {
    const delta = profile.timeDeltas[i + 1]! / 1000;
    const bucket = (buckets[Math.floor(at / 500)] ??= { busy: 0, all: 0 });
    bucket.all += delta;
    if (!idle.has(profile.samples[i]!)) bucket.busy += delta;
    at += delta;
  }
  return buckets.map((b) => Math.round((100 * b.busy) / Math.max(1, b.all))).join(' ');
}

function print(title: string, profile: Profile): void {
  const { rows, totalMs, idleMs } = summarize(profile);
  console.log(
    `\n== ${title}: ${Math.round(totalMs)} ms profiled, ${Math.round(totalMs - idleMs)} ms busy (${Math.round((100 * (totalMs - idleMs)) / totalMs)}%)`,
  );
  console.log(`busy % per 500 ms: ${timeline(profile)}`);
  for (const [name, ms] of rows.slice(0, TOP))
    console.log(`${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / totalMs).toFixed(1).padStart(5)}%  ${name}`);
}

// Skipped in `npm run bench`, before its host starts: the profiler slows the pages it watches.
test.skip(!process.env.HUDDLE_PROFILE, 'set HUDDLE_PROFILE=1 (or =ticks) to take the profile');

test(`profile of a ${SIZE_MB} MB file between two members`, async () => {
  const file = await writeRandomFile(`profile-${SIZE_MB}mb.bin`, SIZE);
  // As in transfer.bench.ts: tabs of a browser whose profile is on disk.
  const onDisk = await browserOnDisk();
  // The floor first, its CPU by process and thread beside Huddle's below.
  const floor = await openBlankPage(onDisk.context, host().url);
  const floorTicks = processTicks();
  const floorMs = await floor.page.evaluate(bareTransfer, {
    size: SIZE,
    chunkBytes: CHUNK_BYTES,
    high: HIGH_WATER_BYTES,
    low: DRAIN_BYTES,
  });
  console.log(`floor: ${SIZE_MB} MiB in ${Math.round(floorMs)} ms`);
  printTicks(floorTicks, processTicks());
  await floor.page.close();
  const members: Member[] = [];
  try {
    const { ann, ben, row } = await offerBetweenTwo(onDisk.context, host().url, file, members);
    // HUDDLE_PROFILE=ticks: only the CPU time of each process, without the profiler's own cost.
    const profiling = process.env.HUDDLE_PROFILE !== 'ticks';
    const sender = profiling ? await startProfile(ann.page) : null;
    const receiver = profiling ? await startProfile(ben.page) : null;
    const ticks = processTicks();
    const started = Date.now();
    await row.getByTestId('transfer-accept').click();
    await expect(row).toHaveAttribute('data-state', 'done', { timeout: 10 * 60_000 });
    const ms = Date.now() - started;
    printTicks(ticks, processTicks());
    console.log(`${SIZE_MB} MiB in ${ms} ms: ${(SIZE_MB / (ms / 1000)).toFixed(1)} MiB/s`);
    if (sender && receiver) {
      print('sender', ((await sender.send('Profiler.stop')) as { profile: Profile }).profile);
      print('receiver', ((await receiver.send('Profiler.stop')) as { profile: Profile }).profile);
    }
  } finally {
    await onDisk.close();
    await rm(file, { force: true });
  }
});
