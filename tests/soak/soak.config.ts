import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium.js';

// `npm run soak`: one long run; the driver launches its own browsers, one per member.
export default defineConfig({
  testDir: '.',
  testMatch: /soak\.run\.ts$/,
  workers: 1,
  timeout: 6 * 60 * 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../../test-results/soak',
  use: { browserName: 'chromium', launchOptions: chromiumLaunchOptions() },
});
