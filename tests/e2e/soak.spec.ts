/**
 * The soak, short: the same driver as `npm run soak` with about 30 joins
 * (HUDDLE_SOAK_JOINS), every scenario at least once, in small pages (640x400:
 * each link sends a 320x180 tile) with fake cameras at 10 fps
 * (HUDDLE_SOAK_CAMERA_FPS), where `npm run soak` keeps 960x600 and the
 * browser's 20 fps. On a slower 2-core machine the full size kept the load
 * average at 23–36 with pages standing still for seconds; the same earlier
 * code that had passed 300 joins at a load of 14 failed 5 of 30 there. The
 * suite's soak is to find the engine's faults, not the machine's: small, it
 * read a load of 18 there and passed. Any join or step whose media did not
 * all flow fails the test, with the summary and every failure's evidence
 * printed; the report's JSON goes to the test's output folder
 * (test-results/…/soak-short.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { runSoak } from '../soak/run-soak.js';
import { soakOptions } from '../soak/soak-options.js';
import { summaryLines } from '../soak/soak-report.js';

test('a short soak: every member plays and hears every publisher after every step', async () => {
  test.setTimeout(15 * 60_000);
  const report = await runSoak(
    soakOptions(30, process.env, { cameraFps: 10, pageSize: { width: 640, height: 400 } }),
    (line) => console.log(line),
  );
  const summary = summaryLines(report).join('\n');
  console.log(summary);
  const out = test.info().outputPath('soak-short.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  expect(report.failures, summary).toBe(0);
});
