/**
 * Accessibility in a real browser: an axe audit, every rule axe runs by
 * default, with no violation allowed, of the join form and of the room in
 * each layout and with every menu and panel open; and the layout switch
 * reached and worked with the keyboard alone, and a focus ring on every
 * control Tab reaches. Ann hosts with her camera on
 * (so there are tiles and a speaker view to audit); Ben joins without one.
 */
import { writeFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { defaultSettings } from '../../renderer/contract/user-settings.js';
import { useHuddleHost, useMembers } from './support/fixtures.js';
import { installStandInPreload, type StandIn } from './support/stand-in-preload.js';
import {
  expectVideoPlaying,
  hostRoom,
  joinRoom,
  openMember,
  participantNames,
  type Member,
} from './support/members.js';

const host = useHuddleHost();
const members = useMembers('all');

/** What axe found wrong, one line per element, so a failure says where to look. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  // What axe could not decide (text over video, mostly), for a person to judge; not a failure.
  if (process.env.HUDDLE_AXE_INCOMPLETE)
    console.log(
      JSON.stringify(results.incomplete.map((rule) => [rule.id, rule.nodes.map((node) => node.target)])),
    );
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact ?? '?'}): ${node.target.join(' ')}: ${node.failureSummary}`,
    ),
  );
}

test.describe.serial('accessibility', () => {
  let ann: Member, ben: Member;
  let roomId = '';

  test('the join form, in both modes', async ({ browser }) => {
    ann = await openMember(browser, host().url, 'Ann');
    members.push(ann);
    await expect(ann.page.getByTestId('join-button').or(ann.page.getByTestId('host-button'))).toBeVisible();
    expect(await violations(ann.page)).toEqual([]);
    await ann.page.getByTestId('mode-join').click();
    await ann.page.locator('details.relay summary').click();
    expect(await violations(ann.page)).toEqual([]);
    await ann.page.getByTestId('mode-host').click();
  });

  test('the room in grid view', async ({ browser }) => {
    roomId = await hostRoom(ann, true);
    ben = await openMember(browser, host().url, 'Ben');
    members.push(ben);
    await joinRoom(ben, roomId);
    await expect.poll(() => participantNames(ann)).toHaveLength(2);
    await expectVideoPlaying(ben, 'Ann');
    await expect(ann.page.getByTestId('video-grid')).toHaveAttribute('data-layout', 'grid');
    expect(await violations(ann.page)).toEqual([]);
    expect(await violations(ben.page)).toEqual([]);
  });

  test('the room in speaker view, with a member pinned', async () => {
    await ben.page.getByTestId('layout-speaker').click();
    await expect(ben.page.getByTestId('video-grid')).toHaveAttribute('data-layout', 'speaker');
    expect(await violations(ben.page)).toEqual([]);
    await ben.page.getByTestId('pin-button').first().click();
    await expect(ben.page.getByTestId('unpin-button')).toBeVisible();
    expect(await violations(ben.page)).toEqual([]);
  });

  test('the room with chat, files, devices, the invite QR code and the stats overlay open', async () => {
    const { page } = ann;
    await page.getByTestId('chat-toggle').click();
    await expect(page.getByTestId('chat-panel')).toBeVisible();
    await page.getByTestId('chat-input').fill('Hello, notes at https://example.org/notes');
    await page.getByTestId('chat-input').press('Enter');
    await expect(page.getByTestId('chat-line')).toHaveCount(1);
    await page.getByTestId('files-toggle').click();
    await expect(page.getByTestId('files-panel')).toBeVisible();
    await page.getByTestId('files-to').selectOption({ label: 'Ben' });
    const file = test.info().outputPath('agenda.txt');
    await writeFile(file, 'Agenda\n');
    await page.getByTestId('files-input').setInputFiles(file);
    await expect(page.getByTestId('transfer')).toHaveCount(1);
    await page.getByTestId('device-menu').locator('summary').click();
    await expect(page.getByTestId('camera-select')).toBeVisible();
    await page.getByTestId('invite-qr-toggle').first().click();
    await page.getByTestId('stats-toggle').click();
    await expect(page.getByTestId('host-controls')).toBeVisible();
    await expect(page.getByTestId('participant-list')).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });

  test("a member's closed chat with an unread count, and the files panel an offer opened", async () => {
    const { page } = ben;
    await expect(page.getByTestId('chat-unread')).toContainText('1');
    await expect(page.getByTestId('files-waiting')).toBeVisible();
    await expect(page.getByTestId('transfer-accept')).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await page.getByTestId('chat-toggle').click();
    await expect(page.getByTestId('chat-line')).toHaveCount(1);
    expect(await violations(page)).toEqual([]);
  });

  test('the lobby: the host with someone waiting, the one waiting, and the one turned away', async ({
    browser,
  }) => {
    await ann.page.getByTestId('lobby-toggle').check();
    const dan = await openMember(browser, host().url, 'Dan');
    members.push(dan);
    await joinRoom(dan, roomId, { expectState: 'connecting' });
    await expect(dan.page.getByTestId('lobby-waiting')).toBeVisible();
    await expect(ann.page.getByTestId('lobby-entry')).toHaveCount(1);
    expect(await violations(ann.page)).toEqual([]);
    expect(await violations(dan.page)).toEqual([]);
    await ann.page.getByTestId('deny-button').click();
    await expect(dan.page.getByTestId('join-error')).toBeVisible();
    expect(await violations(dan.page)).toEqual([]);
    await ann.page.getByTestId('lobby-toggle').uncheck();
  });

  test('every control in the room shows a focus ring when reached with Tab', async () => {
    const { page } = ann;
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    const seen = new Map<string, string>();
    for (let presses = 0; presses < 120; presses++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement;
        if (!element || element === document.body) return null;
        const id = element.getAttribute('data-testid') ?? element.textContent?.trim().slice(0, 30) ?? '';
        return {
          key: `${element.tagName.toLowerCase()} ${id}`,
          outline: getComputedStyle(element).outlineStyle,
        };
      });
      if (!focused) continue;
      // Back at a control seen before: Tab has gone all the way round.
      if (seen.has(focused.key)) break;
      seen.set(focused.key, focused.outline);
    }
    expect(seen.size).toBeGreaterThan(15);
    const withoutRing = [...seen].filter(([, outline]) => outline === 'none').map(([key]) => key);
    expect(withoutRing).toEqual([]);
  });

  test('the layout switch is reached with Tab and works with Enter and Space, with a visible focus ring', async () => {
    const { page } = ben;
    await page.getByTestId('layout-grid').click();
    await expect(page.getByTestId('video-grid')).toHaveAttribute('data-layout', 'grid');
    // Start from the top of the page, as a keyboard user would.
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    const speakerButton = page.getByTestId('layout-speaker');
    let reached = false;
    for (let presses = 0; presses < 60 && !reached; presses++) {
      await page.keyboard.press('Tab');
      reached = await speakerButton.evaluate((element) => element === document.activeElement);
    }
    expect(reached, 'Tab never reached the speaker view button').toBe(true);
    await expect(speakerButton).toHaveCSS('outline-style', 'solid');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('video-grid')).toHaveAttribute('data-layout', 'speaker');
    await expect(speakerButton).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('layout-announcement')).toHaveText('Speaker view');

    // Back one control to the grid button, and Space.
    await page.keyboard.press('Shift+Tab');
    const gridButton = page.getByTestId('layout-grid');
    await expect(gridButton).toBeFocused();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('video-grid')).toHaveAttribute('data-layout', 'grid');
    await expect(gridButton).toHaveAttribute('aria-pressed', 'true');
    await expect(speakerButton).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByTestId('layout-announcement')).toHaveText('Grid view');
  });
});

/**
 * The shared stand-in for the desktop app's preload API, so the page shows
 * what only the desktop app has (rooms on the network, the host's relay
 * option, the screen picker).
 */
async function installDesktopPreload(page: Page): Promise<StandIn> {
  const server = { host: '127.0.0.1', port: 9000, path: '/peerjs', key: 'peerjs', secure: false };
  const room = { roomId: 'maple-comet-4821', hostName: 'Ada', members: 2, protocolVersion: 1, server };
  return installStandInPreload(page, {
    answers: {
      getHostInfo: { kind: 'electron', appVersion: 'test', hosted: null, relay: { available: true } },
      loadSettings: { ...defaultSettings, name: 'Desk Ann' },
    },
    onListen: {
      watchRooms: [
        {
          available: true,
          rooms: [
            { ...room, key: 'a', passcode: false, fingerprint: null },
            { ...room, key: 'b', roomId: 'locked-room-1', passcode: true, fingerprint: null },
          ],
        },
      ],
    },
  });
}

test("the desktop app's own parts: rooms on the network, the relay option, the screen picker", async ({
  page,
}) => {
  const standIn = await installDesktopPreload(page);
  await page.goto(host().url);
  await expect(page.getByTestId('name-input')).toHaveValue('Desk Ann');
  await page.getByTestId('mode-join').click();
  await expect(page.getByTestId('network-room-locked-room-1')).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.getByTestId('mode-host').click();
  await expect(page.getByTestId('host-relay')).toBeVisible();
  expect(await violations(page)).toEqual([]);

  const red =
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
  await standIn.send('onScreenSourceRequest', {
    requestId: 'r1',
    timeoutMs: 60_000,
    sources: [
      { id: 'screen:0:0', name: 'Entire screen', kind: 'screen', thumbnail: red },
      { id: 'window:42:0', name: 'Notes', kind: 'window', thumbnail: red },
    ],
  });
  await expect(page.getByTestId('screen-picker')).toBeVisible();
  expect(await violations(page)).toEqual([]);
});
