/**
 * The soak, short: the same driver as `npm run soak` with about 30 joins
 * (HUDDLE_SOAK_JOINS), every scenario at least once. Any join or step whose
 * media did not all flow fails the test, with the summary and every
 * failure's evidence printed.
 */
import { expect, test } from '@playwright/test';
import { runSoak } from '../soak/run-soak.js';
import { soakOptions } from '../soak/soak-options.js';
import { summaryLines } from '../soak/soak-report.js';

test('a short soak: every member plays and hears every publisher after every step', async () => {
  test.setTimeout(15 * 60_000);
  const report = await runSoak(soakOptions(30), (line) => console.log(line));
  const summary = summaryLines(report).join('\n');
  console.log(summary);
  expect(report.failures, summary).toBe(0);
});
