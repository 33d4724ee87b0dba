/**
 * Gets a fresh checkout ready to run: dependencies installed, app built.
 *
 * Plain Node with builtins only, because it runs before node_modules exists.
 * Each step it takes prints one short line; a step that is not needed is
 * skipped silently, so a ready checkout starts without noise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A failure the user can act on; launchers print `message` without a stack trace. */
export class LaunchError extends Error {
  constructor(message) {
    super(message);
    this.name = 'LaunchError';
  }
}

/** Modification time in ms, or null when the path does not exist. */
export function mtimeOf(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

/** Newest modification time of any file below `dir` (0 if none), skipping dependency folders. */
export function newestMtimeUnder(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') newest = Math.max(newest, newestMtimeUnder(full));
    } else if (entry.isFile()) {
      newest = Math.max(newest, mtimeOf(full) ?? 0);
    }
  }
  return newest;
}

/**
 * Runs npm the way this process was run when possible: `npm start` sets
 * npm_execpath, and running that script with this Node avoids PATH lookups
 * and Windows' npm.cmd quoting rules.
 */
export function runNpm(args, { root = repoRoot, env = {} } = {}) {
  const execPath = process.env.npm_execpath;
  const viaScript = execPath && /\.[cm]?js$/.test(execPath);
  const childEnv = { ...process.env, ...env };
  const result = viaScript
    ? spawnSync(process.execPath, [execPath, ...args], { cwd: root, stdio: 'inherit', env: childEnv })
    : spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
        cwd: root,
        stdio: 'inherit',
        env: childEnv,
        // Node refuses to spawn .cmd files without a shell (CVE-2024-27980).
        shell: process.platform === 'win32',
      });
  if (result.error)
    throw new LaunchError(`Could not run npm (${result.error.message}). Is Node.js with npm installed?`);
  if (result.status !== 0)
    throw new LaunchError(`"npm ${args.join(' ')}" failed (exit code ${result.status ?? result.signal}).`);
}

/** Why dependencies must be (re)installed, or null when they are current. */
export function installReason(root = repoRoot) {
  if (!existsSync(path.join(root, 'node_modules'))) return 'node_modules is missing';
  const lockfile = mtimeOf(path.join(root, 'package-lock.json'));
  // npm writes node_modules/.package-lock.json after each install; an older
  // one means package-lock.json changed since (e.g. after a pull).
  const installed = mtimeOf(path.join(root, 'node_modules', '.package-lock.json'));
  if (lockfile !== null && (installed === null || lockfile > installed)) return 'package-lock.json changed';
  return null;
}

export function ensureInstalled(root = repoRoot) {
  const reason = installReason(root);
  if (reason === null) return false;
  const hasLockfile = existsSync(path.join(root, 'package-lock.json'));
  // `npm ci` installs exactly the locked versions; without a lockfile only `npm install` can.
  const command = hasLockfile ? ['ci'] : ['install'];
  console.log(`Installing dependencies (${reason}): npm ${command.join(' ')}`);
  // Electron's binary is fetched apart from the install, by `npm start` alone,
  // which falls back to the browser when it cannot be had: a machine that
  // cannot reach Electron's download host can still install, build and test.
  runNpm(command, { root, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
  return true;
}

/** Everything `npm run build` reads; a newer file in any of them means the build is stale. */
const buildInputs = ['main', 'preload', 'renderer', 'vite.config.mts', 'tsconfig.main.json', 'package.json'];
/** What the launchers need from the build: the web client and the host program. */
const buildOutputs = [
  path.join('dist', 'renderer', 'index.html'),
  path.join('dist', 'node', 'main', 'host', 'host-cli.js'),
];

/** Why the app must be (re)built, or null when the build is current. */
export function buildReason(root = repoRoot) {
  const outputTimes = buildOutputs.map((file) => mtimeOf(path.join(root, file)));
  const missing = buildOutputs.filter((_file, index) => outputTimes[index] === null);
  if (missing.length > 0) return `${missing.join(' and ')} missing`;
  const oldestOutput = Math.min(...outputTimes);
  const newestInput = Math.max(
    ...buildInputs.map((input) => {
      const full = path.join(root, input);
      return existsSync(full) && statSync(full).isDirectory() ? newestMtimeUnder(full) : (mtimeOf(full) ?? 0);
    }),
  );
  return newestInput > oldestOutput ? 'sources changed since the last build' : null;
}

export function ensureBuilt(root = repoRoot) {
  const reason = buildReason(root);
  if (reason === null) return false;
  console.log(`Building Huddle (${reason}): npm run build`);
  runNpm(['run', 'build'], { root });
  return true;
}

/** Installs and builds as needed; prints the reason and exits 1 if either fails. */
export function ensureReady() {
  try {
    ensureInstalled();
    ensureBuilt();
  } catch (error) {
    console.error(
      error instanceof LaunchError ? error.message : `Could not prepare Huddle: ${String(error)}`,
    );
    process.exit(1);
  }
}
