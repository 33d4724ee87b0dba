#!/usr/bin/env node
// `npm run bench` and `npm run soak`: installs and builds if needed, then runs
// Playwright with the config named first (the benchmarks, or the soak), which
// print their figures and write JSON (and SVG charts) to tests/bench/results/.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, ensureInstalled } from '../../main/launch/ensure-ready.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
ensureInstalled();
ensureBuilt();
const result = spawnSync('npx', ['playwright', 'test', '-c', ...process.argv.slice(2)], {
  cwd: repo,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
