/**
 * A guest on an address that is not `localhost` (`huddle.test`, mapped to
 * loopback), so only HTTPS makes the page a secure context. The host serves
 * the certificate it made and kept; this browser trusts exactly that
 * certificate's key, as a guest who compared the fingerprint and accepted it
 * would. The same guest over plain HTTP gets the page pointing to HTTPS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from './support/chromium.js';
import {
  closeAll,
  expectVideoPlaying,
  hostRoom,
  joinRoom,
  openMember,
  type Member,
} from './support/members.js';
import { startHuddleHost, type HuddleHost } from './support/processes.js';

let certDir: string;
let host: HuddleHost;
let guestBrowser: Browser;
const members: Member[] = [];

/** The fingerprint as the host printed it, in groups of four. */
function printedFingerprint(): string {
  const line = /HTTPS certificate SHA-256 fingerprint: ([0-9A-F ]+)\n/.exec(host.output());
  if (!line?.[1]) throw new Error(`the host printed no fingerprint:\n${host.output()}`);
  return line[1].trim();
}

test.beforeAll(async () => {
  certDir = mkdtempSync(path.join(os.tmpdir(), 'huddle-https-guest-'));
  host = await startHuddleHost(['--cert-dir', certDir]);
  if (!host.spki) throw new Error(`the host printed no public key hash:\n${host.output()}`);
  guestBrowser = await chromium.launch(
    chromiumLaunchOptions([
      '--host-resolver-rules=MAP huddle.test 127.0.0.1',
      `--ignore-certificate-errors-spki-list=${host.spki}`,
    ]),
  );
});

test.afterEach(async () => {
  await closeAll(members.splice(0));
});

test.afterAll(async () => {
  await guestBrowser?.close();
  await host?.stop();
  rmSync(certDir, { recursive: true, force: true });
});

test('a guest at https://huddle.test publishes and plays the host’s video', async () => {
  const origin = `https://huddle.test:${host.port}`;
  const hana = await openMember(guestBrowser, `${origin}/`, 'Hana');
  members.push(hana);
  const roomId = await hostRoom(hana, true);
  // The invite carries the certificate's fingerprint, and the room view shows it as the host printed it.
  const fingerprint = printedFingerprint();
  await expect(hana.page.getByTestId('certificate-fingerprint')).toHaveText(fingerprint);
  const invite = (await hana.page.getByTestId('invite-link').first().textContent()) ?? '';
  expect(new URL(invite).searchParams.get('fp')).toBe(fingerprint.replace(/ /g, '').toLowerCase());

  const gus = await openMember(guestBrowser, `${origin}/`, 'Gus');
  members.push(gus);
  expect(await gus.page.evaluate(() => [window.isSecureContext, location.origin])).toEqual([true, origin]);
  await joinRoom(gus, roomId, { publish: true });
  await expectVideoPlaying(gus, 'Hana');
  await expectVideoPlaying(hana, 'Gus');
});

test('the same guest over plain HTTP gets the page that points to HTTPS', async () => {
  const context = await guestBrowser.newContext();
  try {
    const page = await context.newPage();
    const response = await page.goto(`http://huddle.test:${host.port}/?room=maple-comet-4821`);
    expect(response?.status()).toBe(200);
    // Not a secure context: here the page could not have had a camera.
    expect(await page.evaluate(() => [window.isSecureContext, 'mediaDevices' in navigator])).toEqual([
      false,
      false,
    ]);
    const link = page.locator('#https-link');
    await expect(link).toHaveAttribute('href', `https://huddle.test:${host.port}/?room=maple-comet-4821`);
    await expect(page.locator('#fingerprint')).toHaveText(printedFingerprint());
    await link.click();
    await page.waitForURL(`https://huddle.test:${host.port}/?room=maple-comet-4821`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    await expect(page.getByTestId('name-input')).toBeVisible();
  } finally {
    await context.close();
  }
});

test('a browser that was not told to trust the certificate refuses the page', async ({ browser }) => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const error = await page.goto(`https://localhost:${host.port}/`).then(
      () => null,
      (reason: unknown) => (reason instanceof Error ? reason.message : String(reason)),
    );
    expect(error).toMatch(/ERR_CERT_AUTHORITY_INVALID/);
  } finally {
    await context.close();
  }
});
