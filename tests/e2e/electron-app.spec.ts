/**
 * The desktop shell itself, driven through Playwright's Electron support.
 * It needs Electron's binary; where that was never downloaded (machines
 * without access to its download host), the test is skipped with the reason
 * printed, and the shell's parts are covered elsewhere: window options,
 * permission and navigation policy and the preload API by unit tests
 * (tests/unit/main), and everything behind the bridge by the browser tests
 * against the same host code.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { createSettingsFile } from '../../main/settings/settings-file.js';
import { ipcErrorMessage } from '../../renderer/bridge/ipc-error.js';
import { exposedBridgeFunctions } from '../support/bridge-api.js';

const repo = path.resolve(__dirname, '../..');

function electronBinary(): string | null {
  try {
    const relative = readFileSync(path.join(repo, 'node_modules/electron/path.txt'), 'utf8').trim();
    const binary = path.join(repo, 'node_modules/electron/dist', relative);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const displayMissing = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skipReason = !binary
  ? "Electron's binary is not installed (node_modules/electron/path.txt is missing): its download is not reachable here"
  : displayMissing
    ? 'no display for an Electron window (set DISPLAY, e.g. under xvfb-run)'
    : null;
if (skipReason) console.log(`Skipping the Electron app test: ${skipReason}.`);

test('the desktop app opens a sandboxed window that can host a room, and reports IPC errors readably', async () => {
  test.skip(skipReason !== null, skipReason ?? '');
  const app = await electron.launch({
    executablePath: binary!,
    args: [repo, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
  try {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle('Huddle');
    // Context isolation and no Node: the page sees the bridge and nothing else.
    const exposed = await page.evaluate(() => ({
      bridge: Object.keys((window as unknown as { huddleHost?: object }).huddleHost ?? {}).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(exposed).toEqual({
      bridge: exposedBridgeFunctions,
      require: 'undefined',
      process: 'undefined',
    });
    // A failing IPC call: the bridge must find the main process's own message
    // inside whatever Electron makes of it.
    const badSettings = { version: 1, quality: 'no such preset' };
    const expected = await createSettingsFile(path.join(repo, 'never-written.json'))
      .save(badSettings)
      .then(
        () => 'saved',
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
    const rejected = await page.evaluate(
      (settings) =>
        (window as unknown as { huddleHost: { saveSettings(value: unknown): Promise<void> } }).huddleHost
          .saveSettings(settings)
          .then(
            () => 'saved',
            (error: unknown) => (error instanceof Error ? error.message : String(error)),
          ),
      badSettings,
    );
    expect(ipcErrorMessage(rejected)).toBe(expected);
    await page.getByTestId('name-input').fill('Desk');
    await page.getByTestId('mode-host').click();
    await page.getByTestId('host-button').click();
    await expect(page.getByTestId('session-state').first()).toHaveAttribute('data-state', 'publishing');
    await expect(page.getByTestId('invite-link').first()).toContainText('?room=');
  } finally {
    await app.close();
  }
});

test('a huddle:// link the app is started with fills in the join form, and joins nothing by itself', async () => {
  test.skip(skipReason !== null, skipReason ?? '');
  const fingerprint = '3f2a91c0'.repeat(8);
  const link = `huddle://join?server=https%3A%2F%2F127.0.0.1%3A1&room=maple-1&fp=${fingerprint}`;
  const app = await electron.launch({
    executablePath: binary!,
    args: [repo, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', link],
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('room-input')).toHaveValue(link);
    await expect(page.getByTestId('invite-summary')).toContainText('maple-1');
    await expect(page.getByTestId('invite-fingerprint')).toContainText('3F2A 91C0');
    await expect(page.getByTestId('session-state').first()).toHaveAttribute('data-state', 'idle');
  } finally {
    await app.close();
  }
});
