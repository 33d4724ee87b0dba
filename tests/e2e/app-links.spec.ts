/**
 * huddle:// links as the page sees them. In the desktop app (the shared
 * stand-in for the preload API, support/stand-in-preload.ts, since Electron
 * cannot start here): a link the app was opened with fills in the join form and joins
 * nothing by itself; a refused one is explained. On the invite page a browser
 * guest opens: "Open in the Huddle app" carries the same invite.
 */
import { expect, test, type Page } from '@playwright/test';
import type { AppLinkDelivery, HostedServer } from '../../renderer/contract/host-bridge.js';
import { useHuddleHost } from './support/fixtures.js';
import { hostedServer, installStandInPreload, type StandIn } from './support/stand-in-preload.js';

const host = useHuddleHost();

/** The page as the desktop app shows it; links come through the returned stand-in. */
async function openDesktopPage(page: Page): Promise<StandIn> {
  const standIn = await installStandInPreload(page, {
    answers: { startHosting: await hostedServer(host().url) },
  });
  await page.goto(host().url);
  await expect(page.getByTestId('name-input')).toHaveValue('Desk Ada');
  return standIn;
}

const sendLink = (standIn: StandIn, delivery: AppLinkDelivery | string): Promise<void> =>
  standIn.send('watchAppLinks', delivery);

test('a huddle:// link fills in the join form and waits for the passcode and the click', async ({ page }) => {
  const standIn = await openDesktopPage(page);
  const fingerprint = '3f2a91c0'.repeat(8);
  const link = `huddle://join?server=https%3A%2F%2F192.0.2.7%3A8765&room=maple-1&key=k1&fp=${fingerprint}`;
  await sendLink(standIn, { link });
  await expect(page.getByTestId('room-input')).toHaveValue(link);
  await expect(page.getByTestId('invite-summary')).toContainText('Room maple-1 on 192.0.2.7:8765');
  await expect(page.getByTestId('invite-fingerprint')).toHaveText(
    '3F2A 91C0 3F2A 91C0 3F2A 91C0 3F2A 91C0 3F2A 91C0 3F2A 91C0 3F2A 91C0 3F2A 91C0',
  );
  await expect(page.getByTestId('passcode-input')).toBeFocused();
  await expect(page.getByTestId('session-state').first()).toHaveAttribute('data-state', 'idle');
});

test('a refused or malformed link is explained, or dropped, and fills in nothing', async ({ page }) => {
  const standIn = await openDesktopPage(page);
  await page.getByTestId('mode-join').click();
  await page.getByTestId('room-input').fill('fern-2');
  await sendLink(standIn, { error: '<b>its server is not an https: or http: address</b>' });
  await expect(page.getByTestId('join-error')).toHaveText(
    'A Huddle link could not be opened: <b>its server is not an https: or http: address</b>.',
  );
  await sendLink(standIn, { link: 'javascript:alert(1)' });
  await sendLink(standIn, 'huddle://join?server=https%3A%2F%2Fh%3A1&room=a');
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
