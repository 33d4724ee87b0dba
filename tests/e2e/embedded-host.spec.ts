/** The room workflow on the headless host: its embedded PeerJS server and its web client. */
import path from 'node:path';
import { describeRoomFlow } from './room-flow.js';
import { useHuddleHost } from './support/fixtures.js';

const host = useHuddleHost();

describeRoomFlow('room on the embedded host', {
  pageUrl: () => host().url,
  server: () => null,
  // HUDDLE_UPDATE_SCREENSHOT=1 refreshes the README's picture; otherwise it lands with the test output.
  screenshotPath: process.env.HUDDLE_UPDATE_SCREENSHOT
    ? path.resolve(__dirname, '../../resources/screenshots/three-people.png')
    : path.resolve(__dirname, '../../test-results/three-people.png'),
});
