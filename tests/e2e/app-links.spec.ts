/**
 * huddle:// links as the page sees them. In the desktop app (a stand-in for
 * the preload API, as in desktop-bridge.spec.ts, since Electron cannot start
 * here): a link the app was opened with fills in the join form and joins
 * nothing by itself; a refused one is explained. On the invite page a browser
 * guest opens: "Open in the Huddle app" carries the same invite.
 */
import { expect, test, type Page } from '@playwright/test';
import type { AppLinkDelivery, HostedServer } from '../../renderer/contract/host-bridge.js';
import { useHuddleHost } from './support/fixtures.js';

const host = useHuddleHost();

/** Runs in the page before its scripts: the preload API, with links sent by the test. */
function installFakePreload({ hosted }: { hosted: HostedServer }): void {
  const listeners = new Set<(delivery: unknown) => void>();
  (window as unknown as { __sendLink: (delivery: unknown) => void }).__sendLink = (delivery) =>
    listeners.forEach((listener) => listener(delivery));
  (window as unknown as { huddleHost: object }).huddleHost = {
    getHostInfo: async () => ({ kind: 'electron', appVersion: 'test', hosted: null }),
    startHosting: async () => hosted,
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
    watchAppLinks: (listener: (delivery: unknown) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

async function openDesktopPage(page: Page): Promise<void> {
  const response = await fetch(new URL('api/host-info', host().url));
  const { hosted } = (await response.json()) as { hosted: HostedServer };
  await page.addInitScript(installFakePreload, { hosted });
  await page.goto(host().url);
  await expect(page.getByTestId('name-input')).toHaveValue('Desk Ada');
}

const sendLink = (page: Page, delivery: AppLinkDelivery | string): Promise<void> =>
  page.evaluate(
    (sent) => (window as unknown as { __sendLink: (d: unknown) => void }).__sendLink(sent),
    delivery,
  );

test('a huddle:// link fills in the join form and waits for the passcode and the click', async ({ page }) => {
  await openDesktopPage(page);
  const fingerprint = '3f2a91c0'.repeat(8);
  const link = `huddle://join?server=https%3A%2F%2F192.0.2.7%3A8765&room=maple-1&key=k1&fp=${fingerprint}`;
  await sendLink(page, { link });
  await expect(page.getByTestId('room-input')).toHaveValue(link);
  await expect(page.getByTestId('invite-summary')).toContainText('Room maple-1 on 192.0.2.7:8765');
  await expect(page.getByTestId('invite-fingerprint')).toHaveText(
    '3F2A 91C0 3F2A 91C0 3F2A 91C0 3F2A 91C0 3F2A 91C0 3F2A 91C0 3F2A 91C0 3F2A 91C0',
  );
  await expect(page.getByTestId('passcode-input')).toBeFocused();
  await expect(page.getByTestId('session-state').first()).toHaveAttribute('data-state', 'idle');
});

test('a refused or malformed link is explained, or dropped, and fills in nothing', async ({ page }) => {
  await openDesktopPage(page);
  await page.getByTestId('mode-join').click();
  await page.getByTestId('room-input').fill('fern-2');
  await sendLink(page, { error: '<b>its server is not an https: or http: address</b>' });
  await expect(page.getByTestId('join-error')).toHaveText(
    'A Huddle link could not be opened: <b>its server is not an https: or http: address</b>.',
  );
  await sendLink(page, { link: 'javascript:alert(1)' });
  await sendLink(page, 'huddle://join?server=https%3A%2F%2Fh%3A1&room=a');
  await expect(page.getByTestId('room-input')).toHaveValue('fern-2');
  await expect(page.getByTestId('join-error').locator('b')).toHaveCount(0);
});

test('a link typed into the room field that Huddle refuses says why', async ({ page }) => {
  await openDesktopPage(page);
  await page.getByTestId('mode-join').click();
  await page.getByTestId('room-input').fill('https://192.0.2.7:8765/?room=a&next=https%3A%2F%2Fevil');
  await expect(page.getByTestId('invite-problem')).toHaveText(
    'This link cannot be used: it has a part Huddle does not know ("next").',
  );
  await expect(page.getByTestId('invite-summary')).toHaveCount(0);
});

test('the invite page offers the same invite to the desktop app', async ({ page }) => {
  const info = (await (await fetch(new URL('api/host-info', host().url))).json()) as {
    hosted: HostedServer;
  };
  const { key } = info.hosted.server;
  const invite = new URL(host().url);
  invite.searchParams.set('room', 'maple-1');
  invite.searchParams.set('key', key);
  await page.goto(invite.toString());
  const open = page.getByTestId('open-in-app');
  await expect(open).toHaveText('Open in the Huddle app');
  const server = encodeURIComponent(invite.origin);
  await expect(open).toHaveAttribute('href', `huddle://join?server=${server}&room=maple-1&key=${key}`);
  // Joining in the browser stays where it was.
  await expect(page.getByTestId('join-button')).toBeVisible();
  await expect(page.getByTestId('room-input')).toHaveValue('maple-1');
});
