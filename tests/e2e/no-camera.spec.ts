/**
 * A member whose camera and microphone are denied (or missing) is told so,
 * clearly, and can still join to watch and listen.
 */
import { expect, test } from '@playwright/test';
import { useHuddleHost, useMembers } from './support/fixtures.js';
import { expectVideoPlaying, hostRoom, joinRoom, openMember, participantEntry } from './support/members.js';

const host = useHuddleHost();
const members = useMembers('all');

/** What the browser does when the user says no to the permission prompt. */
function denyCameraAndMic(): void {
  navigator.mediaDevices.getUserMedia = () =>
    Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
}

test('denied camera and mic: a clear message, and the member joins to watch and listen', async ({
  browser,
}) => {
  const presenter = await openMember(browser, host().url, 'Pam');
  members.push(presenter);
  const roomId = await hostRoom(presenter, true);

  const context = await browser.newContext();
  await context.addInitScript(denyCameraAndMic);
  const page = await context.newPage();
  await page.goto(host().url);
  await page.getByTestId('name-input').fill('Vic');
  const viewer = { name: 'Vic', context, page };
  members.push(viewer);
  await expect(page.getByTestId('preview-error')).toHaveText(
    'Camera and microphone access was denied. You can still join to watch and listen.',
  );
  // Even asking to publish on join only ends in a notice, not in a failed join.
  await joinRoom(viewer, roomId, { publish: true, expectState: 'joined' });
  await expect(page.getByTestId('room-warning')).toHaveText('Camera and microphone access was denied.');
  await expectVideoPlaying(viewer, 'Pam');
  await expect(participantEntry(presenter, 'Vic')).toHaveAttribute('data-status', 'connected');
});
