/**
 * A pinned certificate refused by the desktop app, as the join view shows it
 * (the shared stand-in plays the main process; Electron cannot start here).
 * The join goes through an HTTPS invite to a port where nothing listens, so
 * it fails as an intercepted one would, for the page's own reasons; the
 * refusal then arrives as main/certificate-refusals.ts sends it. The main
 * process's side is unit-tested in tests/unit/main/certificate-refusals.test.ts.
 */
import { expect, test } from '@playwright/test';
import { useHuddleHost } from './support/fixtures.js';
import { freePort } from './support/processes.js';
import { hostedServer, installStandInPreload } from './support/stand-in-preload.js';

const host = useHuddleHost();

const pinned = 'ab12cd34'.repeat(8);
const presented = 'ef567890'.repeat(8);

test('a refused certificate is named in the join view, and another room can still be joined', async ({
  page,
}) => {
  const hosted = await hostedServer(host().url);
  const standIn = await installStandInPreload(page, { answers: { startHosting: hosted } });
  await page.goto(host().url);
  await expect(page.getByTestId('name-input')).toHaveValue('Desk Ada');
  await page.getByTestId('mode-join').click();
  await page.getByTestId('publish-on-join').setChecked(false);

  const port = await freePort();
  await page.getByTestId('room-input').fill(`https://127.0.0.1:${port}/?room=maple-1&fp=${pinned}`);
  await page.getByTestId('join-button').click();
  await expect
    .poll(() => standIn.calls('trustCertificate'))
    .toEqual([[{ host: '127.0.0.1', port, fingerprint: pinned }]]);
  // The join fails on its own first; the refusal replaces its vaguer reason.
  const error = page.getByTestId('join-error');
  await expect(error).toBeVisible();
  await expect(error).not.toContainText('different certificate');

  // The main process cannot tell the port; the view takes it from the join.
  await standIn.send('onCertificateRefused', {
    host: '127.0.0.1',
    port: null,
    expected: [pinned.toUpperCase()],
    got: presented,
  });
  const said =
    `The host 127.0.0.1:${port} presented a different certificate than the invite said (expected ` +
    'AB12 CD34 AB12 CD34 AB12 CD34 AB12 CD34 AB12 CD34 AB12 CD34 AB12 CD34 AB12 CD34, got ' +
    'EF56 7890 EF56 7890 EF56 7890 EF56 7890 EF56 7890 EF56 7890 EF56 7890 EF56 7890). ' +
    'Someone may be intercepting the connection; ask the host to check the fingerprint.';
  await expect(error).toHaveText(said);
  await expect(error).toHaveAttribute('role', 'alert');

  // A malformed refusal is dropped, not shown.
  await standIn.send('onCertificateRefused', { host: '127.0.0.1', port: null, expected: ['<b>'], got: null });
  await standIn.send('onCertificateRefused', 'intercepted');
  await expect(error).toHaveText(said);

  // A second try gets no new refusal (Chromium keeps the verdict); the remembered one still explains it.
  await page.getByTestId('join-button').click();
  await expect.poll(async () => (await standIn.calls('trustCertificate')).length).toBe(2);
  await expect(error).toHaveText(said);
  await expect(page.getByTestId('session-state').first()).toHaveAttribute('data-state', 'idle');

  // Another room, on a host nobody interferes with, joins as usual.
  const invite = new URL(host().url);
  invite.searchParams.set('room', 'fresh-room-1');
  invite.searchParams.set('key', hosted.server.key);
  await page.getByTestId('room-input').fill(invite.toString());
  await page.getByTestId('join-button').click();
  await expect(page.getByTestId('session-state').first()).toHaveAttribute('data-state', 'joined');
  await expect(page.getByTestId('join-error')).toHaveCount(0);
  expect(await standIn.calls('trustCertificate')).toHaveLength(2);
});
