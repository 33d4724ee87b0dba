#!/usr/bin/env node
// `npm run soak`: installs and builds if needed, then runs the soak (tests/soak/soak.run.ts),
// which prints its summary and writes tests/bench/results/soak.json.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, ensureInstalled } from '../../main/launch/ensure-ready.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
ensureInstalled();
ensureBuilt();
const result = spawnSync(
  'npx',
  ['playwright', 'test', '-c', 'tests/soak/soak.config.ts', ...process.argv.slice(2)],
  {
    cwd: repo,
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
