/**
 * The soak, short: the same driver as `npm run soak` with about 30 joins
 * (HUDDLE_SOAK_JOINS), every scenario at least once. Any join or step whose
 * media did not all flow fails the test, with the summary and every
 * failure's evidence printed; the report's JSON goes to the test's output
 * folder (test-results/…/soak-short.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { runSoak } from '../soak/run-soak.js';
import { soakOptions } from '../soak/soak-options.js';
import { summaryLines } from '../soak/soak-report.js';

test('a short soak: every member plays and hears every publisher after every step', async () => {
  test.setTimeout(15 * 60_000);
  const report = await runSoak(soakOptions(30), (line) => console.log(line));
  const summary = summaryLines(report).join('\n');
  console.log(summary);
  const out = test.info().outputPath('soak-short.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  expect(report.failures, summary).toBe(0);
});
