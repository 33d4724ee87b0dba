/**
 * The host form's TURN relay option, as the desktop app shows it (the shared
 * stand-in for the preload API, support/stand-in-preload.ts): offered when coturn is
 * installed and reported once hosting; when it is missing, the form says so
 * and hosting works without it. The main process's side is unit-tested in
 * tests/unit/main/hosting-relay.test.ts.
 */
import { expect, test, type Page } from '@playwright/test';
import type { RelayAvailability, RelayStatus } from '../../renderer/contract/host-bridge.js';
import { useHuddleHost } from './support/fixtures.js';
import { hostedServer, installStandInPreload, type StandIn } from './support/stand-in-preload.js';

const host = useHuddleHost();

/**
 * The host form in the desktop app, whose relay is `availability`; hosting
 * answers with the relay in the state `status`, as the main process reports it.
 */
async function openDesktopPage(
  page: Page,
  availability: RelayAvailability,
  status: RelayStatus,
): Promise<StandIn> {
  const hosted = await hostedServer(host().url);
  const standIn = await installStandInPreload(page, {
    answers: {
      getHostInfo: { kind: 'electron', appVersion: 'test', hosted: null, relay: availability },
      startHosting: { ...hosted, relay: status },
    },
  });
  await page.goto(host().url);
  await expect(page.getByTestId('name-input')).toHaveValue('Desk Ada');
  await page.getByTestId('mode-host').click();
  await page.getByTestId('publish-on-join').setChecked(false);
  return standIn;
}

/** The hosting requests the page made, in order. */
const requests = async (standIn: StandIn): Promise<unknown[]> =>
  (await standIn.calls('startHosting')).map(([request]) => request);

test('with coturn installed, the host form runs the relay when asked and the room says where', async ({
  page,
}) => {
  const status: RelayStatus = { state: 'running', port: 3478, relayPorts: { min: 49160, max: 49359 } };
  const standIn = await openDesktopPage(page, { available: true }, status);
  await expect(page.getByTestId('host-relay')).toBeEnabled();
  await expect(page.getByTestId('host-relay-unavailable')).toHaveCount(0);
  await page.getByTestId('host-relay').check();
  await page.getByTestId('host-button').click();
  await expect(page.getByTestId('session-state').first()).toHaveAttribute('data-state', 'joined');
  expect(await requests(standIn)).toEqual([{ relay: true }]);
  await expect(page.getByTestId('relay-running')).toContainText('TURN relay running on port 3478');
  await expect(page.getByTestId('relay-running')).toContainText('49160–49359');
});

test('without coturn, the form says why, and hosting works without the relay', async ({ page }) => {
  const reason =
    'The TURN relay needs coturn, which is not installed (no turnserver program was found): install it (Debian, Ubuntu: sudo apt-get install coturn; Fedora: sudo dnf install coturn), then host again. Hosting works without it.';
  // The form asks for no relay, and the app starts none.
  const standIn = await openDesktopPage(page, { available: false, reason }, { state: 'off' });
  await expect(page.getByTestId('host-relay')).toBeDisabled();
  await expect(page.getByTestId('host-relay-unavailable')).toHaveText(reason);
  await page.getByTestId('host-button').click();
  await expect(page.getByTestId('session-state').first()).toHaveAttribute('data-state', 'joined');
  expect(await requests(standIn)).toEqual([{ relay: false }]);
  await expect(page.getByTestId('relay-running')).toHaveCount(0);
  await expect(page.getByTestId('relay-failed')).toHaveCount(0);
});
