/**
 * CPU used by the browser the benchmark drives: user plus system time of
 * every Chromium process below this test process (browser, renderers, GPU and
 * utility processes), read from /proc. Linux only; elsewhere it reports null.
 * The same window can also be split by process (its `--type=` and, for a
 * utility process, its `--utility-sub-type=`), to see where the time goes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

interface ProcessTimes {
  pid: number;
  parent: number;
  command: string;
  /** utime + stime, clock ticks. */
  ticks: number;
}

function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

const ticksPerSecond = existsSync('/proc/self/stat') ? clockTicksPerSecond() : 100;

/** Clock ticks of CPU time used over `seconds` of wall time, as a share of all cores (0..1). */
export function coreShare(ticks: number, seconds: number): number {
  return ticks / ticksPerSecond / seconds / os.cpus().length;
}

/** Parses one /proc/<pid>/stat line; the command sits in parentheses and may itself hold spaces. */
export function parseProcStat(line: string): ProcessTimes | null {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  // After the command: state, ppid, ... utime is field 14 and stime 15 of the whole line.
  const rest = line.slice(close + 2).split(' ');
  const parent = Number(rest[1]);
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (![parent, utime, stime].every(Number.isFinite)) return null;
  return {
    pid: Number(line.slice(0, open).trim()),
    parent,
    command: line.slice(open + 1, close),
    ticks: utime + stime,
  };
}

function allProcesses(): ProcessTimes[] {
  const found: ProcessTimes[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parsed = parseProcStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (parsed) found.push(parsed);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** The Chromium processes below `root` (the host server and other tools are left out). */
export function chromiumProcesses(root = process.pid): ProcessTimes[] {
  const processes = allProcesses();
  const children = new Map<number, ProcessTimes[]>();
  for (const entry of processes) children.set(entry.parent, [...(children.get(entry.parent) ?? []), entry]);
  const found: ProcessTimes[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length) {
    const entry = queue.shift()!;
    if (/chrom/i.test(entry.command)) found.push(entry);
    queue.push(...(children.get(entry.pid) ?? []));
  }
  return found;
}

export function chromiumTicks(root = process.pid): { ticks: number; processes: number } {
  const found = chromiumProcesses(root);
  return { ticks: found.reduce((sum, entry) => sum + entry.ticks, 0), processes: found.length };
}

/**
 * What a Chromium process is, from its command line: the `--type=` switch
 * (none: the browser process), and for a utility process the service it
 * runs (`network.mojom.NetworkService` → `utility:network`). The browser's
 * arguments are NUL-separated; its children rewrite their process title,
 * which leaves them in one string separated by spaces.
 */
export function processKind(cmdline: string): string {
  const args = cmdline.split(/[\0 ]/);
  const value = (name: string): string | undefined =>
    args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const type = value('type');
  if (!type) return 'browser';
  if (type !== 'utility') return type;
  const service = value('utility-sub-type')?.split('.')[0];
  return service ? `utility:${service}` : 'utility';
}

export function kindOf(pid: number): string {
  try {
    return processKind(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return 'ended';
  }
}

/** One process's share of all cores over a window. */
export interface ProcessShare {
  pid: number;
  kind: string;
  share: number;
}

/**
 * Like startCpuWindow, split by process: each Chromium process's share of
 * all cores over the window, largest first (a process that started within
 * the window counts from zero).
 */
export function startProcessCpuWindow(): () => ProcessShare[] {
  if (!existsSync('/proc/self/stat')) return () => [];
  const startedAt = performance.now();
  const start = new Map(chromiumProcesses().map((entry) => [entry.pid, entry.ticks]));
  return () => {
    const seconds = (performance.now() - startedAt) / 1000;
    return chromiumProcesses()
      .map((entry) => ({
        pid: entry.pid,
        kind: kindOf(entry.pid),
        share: coreShare(entry.ticks - (start.get(entry.pid) ?? 0), seconds),
      }))
      .sort((a, b) => b.share - a.share);
  };
}

/** Shares summed by kind of process, largest first, with how many processes of each kind. */
export function sharesByKind(
  shares: ProcessShare[],
): Array<{ kind: string; processes: number; share: number }> {
  const byKind = new Map<string, { processes: number; share: number }>();
  for (const { kind, share } of shares) {
    const entry = byKind.get(kind) ?? { processes: 0, share: 0 };
    byKind.set(kind, { processes: entry.processes + 1, share: entry.share + share });
  }
  return [...byKind.entries()].map(([kind, entry]) => ({ kind, ...entry })).sort((a, b) => b.share - a.share);
}

/** Measures Chromium's share of all cores from now until the returned function is called (0..1), or null off Linux. */
export function startCpuWindow(): () => number | null {
  if (!existsSync('/proc/self/stat')) return () => null;
  const startedAt = performance.now();
  const start = chromiumTicks().ticks;
  return () => {
    const seconds = (performance.now() - startedAt) / 1000;
    return coreShare(chromiumTicks().ticks - start, seconds);
  };
}

/**
 * CPU seconds (all cores) Chromium uses from now until the returned function
 * is called, or null off Linux. Unlike elapsed time, it barely moves when
 * other work shares the machine: what a change costs, on a busy machine.
 */
export function startCpuClock(): () => number | null {
  if (!existsSync('/proc/self/stat')) return () => null;
  const start = chromiumTicks().ticks;
  return () => (chromiumTicks().ticks - start) / ticksPerSecond;
}
