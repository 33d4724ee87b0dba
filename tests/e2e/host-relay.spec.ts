/**
 * The host form's TURN relay option, as the desktop app shows it (a stand-in
 * for the preload API, as in desktop-bridge.spec.ts): offered when coturn is
 * installed and reported once hosting; when it is missing, the form says so
 * and hosting works without it. The main process's side is unit-tested in
 * tests/unit/main/hosting-relay.test.ts.
 */
import { expect, test, type Page } from '@playwright/test';
import type {
  HostedServer,
  HostingRequest,
  RelayAvailability,
  RelayStatus,
} from '../../renderer/contract/host-bridge.js';
import { useHuddleHost } from './support/fixtures.js';

const host = useHuddleHost();

interface Setup {
  hosted: HostedServer;
  availability: RelayAvailability;
  status: RelayStatus;
}

/** Runs in the page before its scripts; records each hosting request in `__requests`. */
function installFakePreload({ hosted, availability, status }: Setup): void {
  const requests: unknown[] = [];
  (window as unknown as { __requests: unknown[] }).__requests = requests;
  (window as unknown as { huddleHost: object }).huddleHost = {
    getHostInfo: async () => ({ kind: 'electron', appVersion: 'test', hosted: null, relay: availability }),
    startHosting: async (request: HostingRequest) => {
      requests.push(request);
      return { ...hosted, relay: request.relay ? status : { state: 'off' } };
    },
    stopHosting: async () => {},
    loadSettings: async () => ({ version: 1, quality: 'balanced', name: 'Desk Ada' }),
    saveSettings: async () => {},
    onScreenSourceRequest: () => () => {},
    answerScreenSourceRequest: async () => {},
    watchRooms: () => () => {},
    advertiseRoom: async () => {},
    trustCertificate: async () => {},
    // Received files (not used here): the bridge wants every function of the preload API.
    createDownload: async () => ({}),
    writeDownload: async () => {},
    finishDownload: async () => '',
    discardDownload: async () => {},
    watchAppLinks: () => () => {},
  };
}

async function openDesktopPage(page: Page, availability: RelayAvailability, status: RelayStatus) {
  const response = await fetch(new URL('api/host-info', host().url));
  const { hosted } = (await response.json()) as { hosted: HostedServer };
  await page.addInitScript(installFakePreload, { hosted, availability, status });
  await page.goto(host().url);
  await expect(page.getByTestId('name-input')).toHaveValue('Desk Ada');
  await page.getByTestId('mode-host').click();
  await page.getByTestId('publish-on-join').setChecked(false);
}

const requests = (page: Page): Promise<unknown[]> =>
  page.evaluate(() => (window as unknown as { __requests: unknown[] }).__requests);

test('with coturn installed, the host form runs the relay when asked and the room says where', async ({
  page,
}) => {
  const status: RelayStatus = { state: 'running', port: 3478, relayPorts: { min: 49160, max: 49359 } };
  await openDesktopPage(page, { available: true }, status);
  await expect(page.getByTestId('host-relay')).toBeEnabled();
  await expect(page.getByTestId('host-relay-unavailable')).toHaveCount(0);
  await page.getByTestId('host-relay').check();
  await page.getByTestId('host-button').click();
  await expect(page.getByTestId('session-state').first()).toHaveAttribute('data-state', 'joined');
  expect(await requests(page)).toEqual([{ relay: true }]);
  await expect(page.getByTestId('relay-running')).toContainText('TURN relay running on port 3478');
  await expect(page.getByTestId('relay-running')).toContainText('49160–49359');
});

test('without coturn, the form says why, and hosting works without the relay', async ({ page }) => {
  const reason =
    'The TURN relay needs coturn, which is not installed (no turnserver program was found): install it (Debian, Ubuntu: sudo apt-get install coturn; Fedora: sudo dnf install coturn), then host again. Hosting works without it.';
  await openDesktopPage(page, { available: false, reason }, { state: 'failed', reason });
  await expect(page.getByTestId('host-relay')).toBeDisabled();
  await expect(page.getByTestId('host-relay-unavailable')).toHaveText(reason);
  await page.getByTestId('host-button').click();
  await expect(page.getByTestId('session-state').first()).toHaveAttribute('data-state', 'joined');
  expect(await requests(page)).toEqual([{ relay: false }]);
  await expect(page.getByTestId('relay-running')).toHaveCount(0);
  await expect(page.getByTestId('relay-failed')).toHaveCount(0);
});
