/**
 * The browser's CPU over a window split by thread, to see what a room's time
 * goes to beyond its video: every thread of every Chromium process below
 * this test process (/proc/<pid>/task), grouped by process kind and thread
 * name. Chromium names its threads by role (`VizCompositorThread`,
 * `WebRTC_W_and_N`, `AudioOutputDevice`, thread pools by priority); the
 * kernel keeps the first 15 characters, and numbered workers
 * (`ThreadPoolForegroundWorker3`) count as one group. Linux only; elsewhere
 * a window is empty.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chromiumProcesses, coreShare, kindOf, parseProcStat } from './cpu.js';

export interface ThreadShare {
  /** The process's kind (cpu.ts processKind): `renderer`, `utility:audio`, … */
  kind: string;
  /** The thread's name without a trailing number. */
  thread: string;
  /** Share of all cores over the window, summed over the group's threads. */
  share: number;
}

/** A thread's name as grouped: numbered workers of one pool are one group. */
export function threadGroup(name: string): string {
  return name.replace(/\d+$/u, '').trim() || name;
}

/**
 * Whether a group is the browser's audio work: any thread named for audio
 * (capture, playout, the pool that runs audio encoders), and everything in
 * the audio service (echo cancelling and the device streams).
 */
export function isAudio({ kind, thread }: Pick<ThreadShare, 'kind' | 'thread'>): boolean {
  return kind === 'utility:audio' || /audio/iu.test(thread);
}

interface ThreadTicks {
  key: string;
  kind: string;
  thread: string;
  ticks: number;
}

function allThreads(): ThreadTicks[] {
  const found: ThreadTicks[] = [];
  for (const { pid } of chromiumProcesses()) {
    const kind = kindOf(pid);
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // The process ended while we looked.
    }
    for (const tid of tasks) {
      try {
        const parsed = parseProcStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
        if (parsed)
          found.push({
            key: `${pid}/${tid}`,
            kind,
            thread: threadGroup(parsed.command),
            ticks: parsed.ticks,
          });
      } catch {
        // The thread ended while we looked.
      }
    }
  }
  return found;
}

/** Measures from now until the returned function is called: each group's share, largest first. */
export function startThreadCpuWindow(): () => ThreadShare[] {
  if (!existsSync('/proc/self/task')) return () => [];
  const startedAt = performance.now();
  const start = new Map(allThreads().map((entry) => [entry.key, entry.ticks]));
  return () => {
    const seconds = (performance.now() - startedAt) / 1000;
    const groups = new Map<string, ThreadShare>();
    for (const { key, kind, thread, ticks } of allThreads()) {
      const share = coreShare(ticks - (start.get(key) ?? 0), seconds);
      const group = groups.get(`${kind} ${thread}`) ?? { kind, thread, share: 0 };
      group.share += share;
      groups.set(`${kind} ${thread}`, group);
    }
    return [...groups.values()].sort((a, b) => b.share - a.share);
  };
}

/** The share of all cores the audio groups took. */
export function audioShare(threads: readonly ThreadShare[]): number {
  return threads.filter(isAudio).reduce((sum, { share }) => sum + share, 0);
}
