/**
 * Child processes for the launchers: started in their own process group and
 * stopped through this process only.
 *
 * Why their own group: Ctrl-C in a terminal signals the whole foreground
 * group, and `npm run` forwards the same signal again, so a child in our
 * group would see two SIGINTs and take the second as "force quit now". Here
 * the launcher is the one place that decides, and it forwards exactly once.
 */
import { spawn } from 'node:child_process';

const isWindows = process.platform === 'win32';

/**
 * Spawns a child that this launcher stops on its own exit or on Ctrl-C.
 * (On Windows there are no process groups to separate, and `detached` would
 * open a new console window, so the child stays attached there.)
 */
export function spawnManaged(command, args, options = {}) {
  return spawn(command, args, { ...options, detached: !isWindows });
}

/** Resolves with the exit code of `child` (128 + n for a child ended by signal n). */
export function exitCodeOf(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('error', () => resolve(1));
    child.once('exit', (code, signal) => resolve(code ?? 128 + signalNumber(signal)));
  });
}

function signalNumber(signal) {
  const numbers = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return numbers[signal] ?? 1;
}

function isRunning(child) {
  return child.exitCode === null && child.signalCode === null && child.pid !== undefined;
}

/** Sends `signal` to `child` if it still runs; never throws for a child that just exited. */
export function signalChild(child, signal) {
  if (!isRunning(child)) return;
  try {
    child.kill(signal);
  } catch {
    // Already gone between the check and the kill.
  }
}

/**
 * Calls `onStop(signal)` once for Ctrl-C, SIGTERM or SIGHUP. Repeats within a
 * second are the same keypress arriving twice (terminal and npm); a repeat
 * after that means the user insists, and `onForce()` runs.
 */
export function onStopSignals(onStop, onForce) {
  let firstAt = null;
  const handle = (signal) => {
    const now = Date.now();
    if (firstAt === null) {
      firstAt = now;
      onStop(signal);
    } else if (now - firstAt > 1000) {
      onForce(signal);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, handle);
}

/** Stops children on a stop signal, and kills them if the user insists. */
export function stopChildrenOnSignals(children) {
  onStopSignals(
    (signal) => {
      for (const child of children()) signalChild(child, signal === 'SIGHUP' ? 'SIGTERM' : signal);
    },
    () => {
      for (const child of children()) signalChild(child, 'SIGKILL');
    },
  );
}
