/**
 * CPU used by the browser the benchmark drives: user plus system time of
 * every Chromium process below this test process (browser, renderers, GPU and
 * utility processes), read from /proc. Linux only; elsewhere it reports null.
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

/** The processes below `root` whose command names Chromium (the host server and other tools are left out). */
export function chromiumTicks(root = process.pid): { ticks: number; processes: number } {
  const processes = allProcesses();
  const children = new Map<number, ProcessTimes[]>();
  for (const entry of processes) children.set(entry.parent, [...(children.get(entry.parent) ?? []), entry]);
  let ticks = 0;
  let count = 0;
  const queue = [...(children.get(root) ?? [])];
  while (queue.length) {
    const entry = queue.shift()!;
    if (/chrom/i.test(entry.command)) {
      ticks += entry.ticks;
      count++;
    }
    queue.push(...(children.get(entry.pid) ?? []));
  }
  return { ticks, processes: count };
}

/** Measures Chromium's share of all cores from now until the returned function is called (0..1), or null off Linux. */
export function startCpuWindow(): () => number | null {
  if (!existsSync('/proc/self/stat')) return () => null;
  const startedAt = performance.now();
  const start = chromiumTicks().ticks;
  return () => {
    const seconds = (performance.now() - startedAt) / 1000;
    const used = (chromiumTicks().ticks - start) / ticksPerSecond;
    return used / seconds / os.cpus().length;
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
