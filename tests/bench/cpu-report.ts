/**
 * The load benchmark's printout of where a window's CPU went: by kind of
 * Chromium process (cpu.ts), and by thread (thread-cpu.ts) with the audio
 * work summed, since a member's microphone and playout cost as much as a
 * good part of its video.
 */
import { sharesByKind, type ProcessShare } from './cpu.js';
import { audioShare, isAudio, type ThreadShare } from './thread-cpu.js';

/** Thread groups printed per window: the rest are each under a percent. */
const THREADS_PRINTED = 12;

const tenths = (share: number): string => `${(share * 100).toFixed(1)}%`;

export function printProcesses(label: string, processes: ProcessShare[]): void {
  console.log(`${label}: CPU by kind of process (share of all cores)`);
  for (const { kind, processes: count, share } of sharesByKind(processes))
    console.log(`  ${kind} x${count}: ${tenths(share)}`);
  console.log(
    `  each: ${processes
      .filter(({ share }) => share >= 0.005)
      .map(({ pid, kind, share }) => `${kind}(${pid}) ${tenths(share)}`)
      .join(', ')}`,
  );
}

export function printThreads(label: string, threads: ThreadShare[]): void {
  if (!threads.length) return;
  console.log(`${label}: CPU by thread (share of all cores; * audio, ${tenths(audioShare(threads))} in all)`);
  for (const group of threads.slice(0, THREADS_PRINTED))
    console.log(`  ${isAudio(group) ? '*' : ' '} ${group.kind} ${group.thread}: ${tenths(group.share)}`);
}
