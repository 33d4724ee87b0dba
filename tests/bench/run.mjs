#!/usr/bin/env node
// `npm run bench`: installs and builds if needed, then runs the benchmarks,
// which print their tables and write JSON (and SVG charts) to tests/bench/results/.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, ensureInstalled } from '../../main/launch/ensure-ready.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
ensureInstalled();
ensureBuilt();
const result = spawnSync(
  'npx',
  ['playwright', 'test', '-c', 'tests/bench/bench.config.ts', ...process.argv.slice(2)],
  {
    cwd: repo,
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
