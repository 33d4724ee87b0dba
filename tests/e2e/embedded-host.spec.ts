/** The room workflow on the headless host: its embedded PeerJS server and its web client. */
import path from 'node:path';
import { test } from '@playwright/test';
import { describeRoomFlow } from './room-flow.js';
import { startHuddleHost, type HuddleHost } from './support/processes.js';

let host: HuddleHost;
test.beforeAll(async () => {
  host = await startHuddleHost();
});
test.afterAll(async () => host?.stop());

describeRoomFlow('room on the embedded host', {
  pageUrl: () => host.url,
  server: () => null,
  // HUDDLE_UPDATE_SCREENSHOT=1 refreshes the README's picture; otherwise it lands with the test output.
  screenshotPath: process.env.HUDDLE_UPDATE_SCREENSHOT
    ? path.resolve(__dirname, '../../resources/screenshots/three-people.png')
    : path.resolve(__dirname, '../../test-results/three-people.png'),
});
