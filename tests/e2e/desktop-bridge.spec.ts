/**
 * The page as the desktop app runs it, in Chromium: the shared stand-in for
 * the preload API (support/stand-in-preload.ts) makes the page pick the Electron bridge,
 * so the settings store's load and save and the screen picker dialog run for
 * real, with the main process's side played by the test. Electron itself
 * cannot start here (see electron-app.spec.ts); the main process's side is
 * unit-tested in tests/unit/main.
 */
import { expect, test, type Page } from '@playwright/test';
import type { ScreenSourceAnswer, ScreenSourceRequest } from '../../renderer/contract/host-bridge.js';
import type { UserSettings } from '../../renderer/contract/user-settings.js';
import { useHuddleHost } from './support/fixtures.js';
import { hostedServer, installStandInPreload, type StandIn } from './support/stand-in-preload.js';

const host = useHuddleHost();

const stored: UserSettings = {
  version: 1,
  quality: 'low-latency',
  cameraId: null,
  microphoneId: null,
  speakerId: null,
  name: 'Desk Ada',
  layout: 'grid',
};

/** Two tiny pictures, so the dialog shows thumbnails as the app sends them. */
const red =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const blue =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPj/HwADBwIAMCbHYQAAAABJRU5ErkJggg==';

function request(requestId: string, timeoutMs = 60_000): ScreenSourceRequest {
  return {
    requestId,
    timeoutMs,
    sources: [
      { id: 'screen:0:0', name: 'Entire screen', kind: 'screen', thumbnail: red },
      { id: 'window:42:0', name: 'Notes', kind: 'window', thumbnail: blue },
      { id: 'window:43:0', name: '', kind: 'window', thumbnail: '' },
    ],
  };
}

async function openDesktopPage(page: Page): Promise<StandIn> {
  const standIn = await installStandInPreload(page, {
    answers: { startHosting: await hostedServer(host().url), loadSettings: stored },
  });
  page.on('console', (message) => {
    if (process.env.HUDDLE_TEST_CONSOLE) console.log(`[desktop] ${message.text()}`);
  });
  await page.goto(host().url);
  return standIn;
}

/** Sends the page a screen-source request, as the main process does over IPC. */
const sendRequest = (standIn: StandIn, message: unknown): Promise<void> =>
  standIn.send('onScreenSourceRequest', message);

const answers = async (standIn: StandIn): Promise<ScreenSourceAnswer[]> =>
  (await standIn.calls('answerScreenSourceRequest')).map(([answer]) => answer);

/** Every settings object the page saved, in order. */
const saved = async (standIn: StandIn): Promise<UserSettings[]> =>
  (await standIn.calls('saveSettings')).map(([settings]) => settings);

test('settings come from the desktop bridge, and every change goes back through it whole', async ({
  page,
}) => {
  const standIn = await openDesktopPage(page);
  await expect(page.getByTestId('name-input')).toHaveValue('Desk Ada');
  // Loading saves nothing: only the user's changes are written.
  expect(await saved(standIn)).toEqual([]);

  await page.getByTestId('mode-host').click();
  await page.getByTestId('publish-on-join').setChecked(false);
  await page.getByTestId('host-button').click();
  await expect(page.getByTestId('session-state').first()).toHaveAttribute('data-state', 'joined');
  await expect(page.getByTestId('quality-select')).toHaveValue('low-latency');

  await page.getByTestId('quality-select').selectOption('high-quality');
  await expect
    .poll(async () => (await saved(standIn)).at(-1))
    .toEqual({ ...stored, quality: 'high-quality' });
});

test('the screen picker shows screens and windows and answers with the one chosen', async ({ page }) => {
  const standIn = await openDesktopPage(page);
  await expect(page.getByTestId('name-input')).toHaveValue('Desk Ada');
  const picker = page.getByTestId('screen-picker');
  await expect(picker).toBeHidden();

  await sendRequest(standIn, request('r1'));
  await expect(picker).toBeVisible();
  await expect(picker.getByRole('heading', { name: 'Choose what to share' })).toBeVisible();
  const screens = page.getByTestId('screen-group-screen').getByTestId('screen-source');
  const windows = page.getByTestId('screen-group-window').getByTestId('screen-source');
  await expect(screens).toHaveText(['Entire screen']);
  await expect(windows.locator('.name')).toHaveText(['Notes', 'Untitled window']);
  await expect(screens.first().locator('img')).toHaveAttribute('src', red);
  await expect(windows.nth(1).locator('img')).toHaveCount(0);
  await expect(windows.nth(1)).toContainText('No preview');
  // Nothing is shared until something is chosen.
  await expect(page.getByTestId('screen-picker-share')).toBeDisabled();

  await windows.first().click();
  await expect(windows.first()).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('screen-picker-share').click();
  await expect(picker).toBeHidden();
  await expect.poll(() => answers(standIn)).toEqual([{ requestId: 'r1', sourceId: 'window:42:0' }]);
});

test('the screen picker answers cancel on Cancel, on Escape, on a newer request and when time runs out', async ({
  page,
}) => {
  const standIn = await openDesktopPage(page);
  await expect(page.getByTestId('name-input')).toHaveValue('Desk Ada');
  const picker = page.getByTestId('screen-picker');

  await sendRequest(standIn, request('cancelled'));
  await page.getByTestId('screen-source').first().click();
  await page.getByTestId('screen-picker-cancel').click();
  await expect(picker).toBeHidden();

  await sendRequest(standIn, request('escaped'));
  await expect(picker).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(picker).toBeHidden();

  // A second request while one is open replaces it.
  await sendRequest(standIn, request('replaced'));
  await expect(picker).toBeVisible();
  await sendRequest(standIn, request('expired', 1_000));
  await expect(picker).toBeVisible();
  // The app gives up on an unanswered request; the dialog closes with it.
  await expect(picker).toBeHidden();

  await expect
    .poll(() => answers(standIn))
    .toEqual([
      { requestId: 'cancelled', sourceId: null },
      { requestId: 'escaped', sourceId: null },
      { requestId: 'replaced', sourceId: null },
      { requestId: 'expired', sourceId: null },
    ]);
});

test('a malformed screen-source request shows no picker and leaves the page working', async ({ page }) => {
  const standIn = await openDesktopPage(page);
  await expect(page.getByTestId('name-input')).toHaveValue('Desk Ada');
  const bad = request('bad');
  await sendRequest(standIn, {
    ...bad,
    sources: [{ ...bad.sources[0], thumbnail: 'https://example.invalid/x.png' }],
  });
  await sendRequest(standIn, { requestId: 'bad', sources: 'screen:0:0', timeoutMs: 1000 });
  await sendRequest(standIn, request('good'));
  await expect(page.getByTestId('screen-source')).toHaveCount(3);
  await page.getByTestId('screen-source').first().dblclick();
  await expect(page.getByTestId('screen-picker')).toBeHidden();
  await expect.poll(() => answers(standIn)).toEqual([{ requestId: 'good', sourceId: 'screen:0:0' }]);
});

test('in a browser, without the desktop bridge, settings are kept in local storage', async ({ page }) => {
  await page.goto(host().url);
  await page.getByTestId('name-input').fill('Guest Grace');
  await page.getByTestId('mode-host').click();
  await page.getByTestId('publish-on-join').setChecked(false);
  await page.getByTestId('host-button').click();
  await expect(page.getByTestId('session-state').first()).toHaveAttribute('data-state', 'joined');
  await page.getByTestId('quality-select').selectOption('low-latency');

  await page.reload();
  await expect(page.getByTestId('name-input')).toHaveValue('Guest Grace');
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('huddle.settings') ?? 'null'))).toEqual({
    ...stored,
    quality: 'low-latency',
    name: 'Guest Grace',
  });
  // A browser has its own screen picker: the app's never shows.
  await expect(page.getByTestId('screen-picker')).toHaveCount(0);
});
