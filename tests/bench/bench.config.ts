import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium.js';

// Benchmarks run one at a time with a generous timeout; they print figures and
// write JSON rather than assert on speed.
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.bench\.ts$/,
  workers: 1,
  timeout: 15 * 60_000,
  // A saturated room (six members on two cores) takes more than the default 5 s to join.
  expect: { timeout: 60_000 },
  reporter: [['list']],
  outputDir: '../../test-results/bench',
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1280, height: 800 },
  },
});
