/**
 * Rooms on the network in the desktop app's join view, in Chromium: the
 * shared stand-in for the preload API (support/stand-in-preload.ts) plays the
 * main process, sending listings as main/discovery would and recording what the
 * page asks it to advertise. The rooms point at the real test host, so one
 * click really joins. The mDNS side runs for real in tests/lab/discovery.spec.ts.
 */
import { expect, test, type Page } from '@playwright/test';
import type { DiscoveredRoom, HostedRoomAdvert, RoomListing } from '../../renderer/contract/host-bridge.js';
import { defaultSettings } from '../../renderer/contract/user-settings.js';
import { hostRoom, joinRoom, openMember, participantNames, waitForState } from './support/members.js';
import { useHuddleHost, useMembers } from './support/fixtures.js';
import { hostedServer, installStandInPreload, type StandIn } from './support/stand-in-preload.js';

const host = useHuddleHost();
const members = useMembers('each');

async function openDesktopPage(page: Page): Promise<StandIn> {
  const standIn = await installStandInPreload(page, {
    answers: {
      startHosting: await hostedServer(host().url),
      loadSettings: { ...defaultSettings, quality: 'low-latency', name: 'Desk Bo' },
    },
  });
  await page.goto(host().url);
  await expect(page.getByTestId('name-input')).toHaveValue('Desk Bo');
  return standIn;
}

/** Sends the page a listing, as main/discovery does. */
const sendListing = (standIn: StandIn, listing: RoomListing): Promise<void> =>
  standIn.send('watchRooms', listing);

/** Every room the page asked the app to advertise (null: stop), in order. */
const advertsOf = async (standIn: StandIn): Promise<Array<HostedRoomAdvert | null>> =>
  (await standIn.calls('advertiseRoom')).map(([room]) => room);

/** A made-up certificate fingerprint, as advertisements carry it. */
const SECURE_FINGERPRINT = Array.from({ length: 32 }, (_, index) =>
  ((index * 37 + 11) % 256).toString(16).toUpperCase().padStart(2, '0'),
).join(':');

function discovered(roomId: string, fields: Partial<DiscoveredRoom> = {}): DiscoveredRoom {
  return {
    key: `huddle ${roomId} ab12._huddle._tcp.local@127.0.0.1`,
    roomId,
    hostName: 'Ada',
    members: 1,
    passcode: false,
    protocolVersion: 1,
    fingerprint: null,
    server: { host: '127.0.0.1', port: host().port, path: '/peerjs', key: host().key, secure: false },
    ...fields,
  };
}

test('the join view lists the rooms on the network, shows names as text, and joins with one click', async ({
  page,
  browser,
}) => {
  const ada = await openMember(browser, host().url, 'Ada');
  members.push(ada);
  // A browser guest has no list: browsers cannot browse mDNS.
  await ada.page.getByTestId('mode-join').click();
  await expect(ada.page.getByTestId('room-input')).toBeVisible();
  await expect(ada.page.getByTestId('network-rooms')).toHaveCount(0);
  const roomId = await hostRoom(ada, false);

  const standIn = await openDesktopPage(page);
  await page.getByTestId('mode-join').click();
  const list = page.getByTestId('network-rooms');
  await expect(list).toContainText('Looking…');
  await expect.poll(() => standIn.listening('watchRooms')).toBe(1);

  const hostile = '<img src=x onerror="window.__pwned=1">';
  await sendListing(standIn, {
    available: true,
    rooms: [
      discovered(roomId),
      discovered('locked-room-1', { hostName: hostile, members: 3, passcode: true }),
      discovered('future-room-1', { hostName: 'Cy', protocolVersion: 9 }),
      discovered('secure-room-1', {
        passcode: true,
        fingerprint: SECURE_FINGERPRINT,
        server: { host: '127.0.0.1', port: 9443, path: '/peerjs', key: 'peerjs', secure: true },
      }),
    ],
  });
  const locked = page.getByTestId('network-room-locked-room-1');
  await expect(locked).toContainText(hostile);
  await expect(locked).toContainText('3 people · passcode');
  await expect(list.locator('img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.getByTestId('network-room-future-room-1')).toBeDisabled();

  // A room with a passcode is filled in, and the passcode asked for.
  await locked.click();
  await expect(page.getByTestId('room-input')).toHaveValue(
    new RegExp(`^http://127\\.0\\.0\\.1:${host().port}/\\?room=locked-room-1`),
  );
  await expect(page.getByTestId('passcode-wanted')).toBeVisible();
  await expect(page.getByTestId('passcode-input')).toBeFocused();
  await expect(page.getByTestId('session-state').first()).toHaveAttribute('data-state', 'idle');

  // An HTTPS room's invite names the certificate it advertised, so the app trusts exactly that one.
  await page.getByTestId('network-room-secure-room-1').click();
  const secureInvite = new URL(await page.getByTestId('room-input').inputValue());
  expect(secureInvite.origin).toBe('https://127.0.0.1:9443');
  expect(secureInvite.searchParams.get('room')).toBe('secure-room-1');
  expect(secureInvite.searchParams.get('fp')).toBe(SECURE_FINGERPRINT.replaceAll(':', '').toLowerCase());
  await expect(page.getByTestId('invite-summary')).toContainText(
    SECURE_FINGERPRINT.slice(0, 5).replace(':', ''),
  );

  // An open room is joined at once.
  await page.getByTestId('publish-on-join').setChecked(false);
  await page.getByTestId(`network-room-${roomId}`).click();
  await waitForState({ name: 'Desk Bo', context: page.context(), page }, 'joined');
  await expect.poll(() => participantNames(ada)).toContain('Desk Bo');
  // Leaving the join view stops the listing.
  await expect.poll(() => standIn.listening('watchRooms')).toBe(0);
});

test('the join view says why discovery is unavailable', async ({ page }) => {
  const standIn = await openDesktopPage(page);
  await page.getByTestId('mode-join').click();
  await sendListing(standIn, {
    available: false,
    reason: 'UDP port 5353 is taken by a program that does not share it',
  });
  await expect(page.getByTestId('discovery-unavailable')).toHaveText(
    'Discovery unavailable: UDP port 5353 is taken by a program that does not share it',
  );
  // A malformed listing from the app is ignored, not half shown.
  await sendListing(standIn, { available: true, rooms: [{ roomId: 'x' }] } as unknown as RoomListing);
  await expect(page.getByTestId('discovery-unavailable')).toBeVisible();
});

test('a hosted room is advertised with its member count, and withdrawn on leaving', async ({
  page,
  browser,
}) => {
  const standIn = await openDesktopPage(page);
  const desk = { name: 'Desk Bo', context: page.context(), page };
  const roomId = await hostRoom(desk, false, 'sesame');
  const adverts = () => advertsOf(standIn);
  await expect
    .poll(adverts)
    .toEqual([{ roomId, hostName: 'Desk Bo', members: 1, passcode: true, protocolVersion: 1 }]);

  const guest = await openMember(browser, host().url, 'Cy');
  members.push(guest);
  await joinRoom(guest, roomId, { passcode: 'sesame' });
  await expect.poll(async () => (await adverts()).at(-1)).toMatchObject({ roomId, members: 2 });

  await page.getByTestId('leave-button').click();
  await expect.poll(async () => (await adverts()).at(-1)).toBeNull();
});
