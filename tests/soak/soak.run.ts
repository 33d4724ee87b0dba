/**
 * `npm run soak`: at least 300 joins (HUDDLE_SOAK_JOINS) through every
 * scenario in turn; prints the summary and writes tests/bench/results/soak.json
 * (soak-<scenarios>.json when HUDDLE_SOAK_SCENARIOS names only some).
 * Failures are reported, not asserted: the run is a measurement.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from '@playwright/test';
import { runSoak } from './run-soak.js';
import { scenarioNames } from './scenarios.js';
import { soakOptions } from './soak-options.js';
import { summaryLines, type SoakReport } from './soak-report.js';

const results = path.resolve(__dirname, '../bench/results');

const options = soakOptions(300);
const file =
  options.scenarios.length === scenarioNames.length
    ? 'soak.json'
    : `soak-${options.scenarios.join('+')}.json`;

function write(report: SoakReport): void {
  mkdirSync(results, { recursive: true });
  writeFileSync(path.join(results, file), `${JSON.stringify(report, null, 2)}\n`);
}

test('soak: joins through every scenario, media checked after every step', async () => {
  // Written after every round too (with "complete": false), so a run stopped early leaves its figures.
  const report = await runSoak(options, (line) => console.log(line), write);
  console.log(summaryLines(report).join('\n'));
  write(report);
});
