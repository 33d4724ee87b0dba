import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/e2e/support/chromium.js';

// Media tests are CPU-bound: one worker, so pages in one test do not compete
// with another test's pages on a 2-core machine.
export default defineConfig({
  // Browser end-to-end tests, and the network-lab tests (namespaces, firewalls, TURN; root only).
  testDir: 'tests',
  testMatch: /(e2e|lab)\/.*\.spec\.ts$/,
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  retries: 0,
  // Failed tests' page logs go last, where a long run's output is read (failure-logs-reporter.ts).
  reporter: [['list'], ['./tests/support/failure-logs-reporter.ts']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1280, height: 800 },
    trace: 'off',
  },
});
