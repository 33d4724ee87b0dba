#!/usr/bin/env node
// The whole test suite, from a fresh clone: installs what it needs (npm
// packages; Debian's Chromium, and coturn, nftables and iproute2 for the
// network lab, when running as root), then runs the type check,
// lint, format check, build, unit tests and browser end-to-end tests, and ends
// with one summary line. Only Node built-ins are used: this runs before
// node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, ensureInstalled } from '../main/launch/ensure-ready.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = path.join(repo, 'test-results', 'reports');

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: repo, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function findChromium() {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p) => p && existsSync(p),
  );
}

function hasProgram(name) {
  return ['/usr/sbin', '/usr/bin', '/sbin', '/bin'].some((dir) => existsSync(path.join(dir, name)));
}

/**
 * Debian packages the browser tests use: Chromium (required), and coturn,
 * nftables and iproute2 for the network lab (its tests skip without them).
 */
function missingPackages() {
  return [
    !findChromium() && 'chromium',
    !hasProgram('turnserver') && 'coturn',
    !hasProgram('nft') && 'nftables',
    !hasProgram('ip') && 'iproute2',
  ].filter(Boolean);
}

function ensureChromium() {
  const missing = missingPackages();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (missing.length && isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(`> installing ${missing.join(', ')} from Debian packages`);
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], env);
    run('apt-get', ['install', '-y', '-qq', ...missing], env);
  }
  if (findChromium()) return true;
  console.error(
    'Chromium is needed for the browser tests: install it (e.g. `sudo apt-get install chromium`) or set CHROMIUM_PATH.',
  );
  return false;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const counts = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function step(name, command, args, env) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const ok = run(command, args, env);
  console.log(`=== ${name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s) ===`);
  if (!ok) failedSteps.push(name);
  return ok;
}

ensureInstalled();
if (!ensureChromium()) process.exit(1);
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
step('type check', 'npm', ['run', '--silent', 'typecheck']);
step('lint', 'npm', ['run', '--silent', 'lint']);
step('Electron security lint', 'npm', ['run', '--silent', 'lint:electron']);
step('format check', 'npm', ['run', '--silent', 'format:check']);
ensureBuilt();

const unitReport = path.join(reports, 'unit.json');
step('unit tests', npx, [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${unitReport}`,
]);
const unit = readJson(unitReport);
if (unit) {
  counts.passed += unit.numPassedTests ?? 0;
  counts.failed += unit.numFailedTests ?? 0;
  counts.skipped += (unit.numPendingTests ?? 0) + (unit.numTodoTests ?? 0);
} else counts.failed += 1;

const e2eReport = path.join(reports, 'e2e.json');
step(
  'browser end-to-end tests',
  npx,
  ['playwright', 'test', '--reporter=list,json,./tests/support/failure-logs-reporter.ts'],
  {
    PLAYWRIGHT_JSON_OUTPUT_NAME: e2eReport,
  },
);
const e2e = readJson(e2eReport);
if (e2e?.stats) {
  counts.passed += e2e.stats.expected ?? 0;
  counts.failed += (e2e.stats.unexpected ?? 0) + (e2e.stats.flaky ?? 0);
  counts.skipped += e2e.stats.skipped ?? 0;
} else counts.failed += 1;

console.log('');
if (failedSteps.length) console.log(`Failed steps: ${failedSteps.join(', ')}`);
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failedSteps.length || counts.failed ? 1 : 0);
