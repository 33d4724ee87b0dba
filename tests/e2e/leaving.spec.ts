/**
 * Leaving a room is hanging up: the camera and microphone go off, and stay
 * off on the join form the page returns to, until the user asks for them.
 * A page that went on capturing after its user left would keep the camera
 * light on and spend a camera's worth of CPU for nothing.
 */
import { expect, test } from '@playwright/test';
import { captures, recordCaptures } from './support/captures.js';
import { useHuddleHost, useMembers } from './support/fixtures.js';
import {
  expectVideoPlaying,
  hostRoom,
  joinRoom,
  openMember,
  tileOf,
  waitForState,
} from './support/members.js';

const host = useHuddleHost();
const members = useMembers('each');

test('leaving turns the camera and mic off until the preview is turned on again; joining again publishes', async ({
  browser,
}) => {
  const keeper = await openMember(browser, host().url, 'Kim');
  members.push(keeper);
  const roomId = await hostRoom(keeper, false);
  const lea = await openMember(browser, host().url, 'Lea', (page) => page.addInitScript(recordCaptures, 0));
  members.push(lea);
  // The form's preview, published on joining.
  await expect.poll(() => captures(lea)).toEqual([['live', 'live']]);
  await joinRoom(lea, roomId, { publish: true });
  await expectVideoPlaying(keeper, 'Lea');

  await lea.page.getByTestId('leave-button').click();
  await waitForState(lea, 'left');
  await expect(tileOf(keeper, 'Lea')).toHaveCount(0);
  // Back on the form: nothing captured again, and what was published is stopped.
  await expect(lea.page.getByTestId('preview-off')).toContainText('your camera and microphone are off');
  await expect.poll(() => captures(lea)).toEqual([['ended', 'ended']]);
  expect(
    await lea.page.getByTestId('preview-video').evaluate((video: HTMLVideoElement) => video.srcObject),
  ).toBe(null);

  // Asked for, the preview comes back, and joining again publishes it.
  await lea.page.getByTestId('preview-on').click();
  await expect(lea.page.getByTestId('preview-off')).toHaveCount(0);
  await expect
    .poll(() => captures(lea))
    .toEqual([
      ['ended', 'ended'],
      ['live', 'live'],
    ]);
  await joinRoom(lea, roomId, { publish: true });
  await expectVideoPlaying(keeper, 'Lea');
  expect(await captures(lea)).toEqual([
    ['ended', 'ended'],
    ['live', 'live'],
  ]);
});

test('after leaving, joining again with the camera still off captures it for the join', async ({
  browser,
}) => {
  const keeper = await openMember(browser, host().url, 'Kim');
  members.push(keeper);
  const roomId = await hostRoom(keeper, false);
  const lea = await openMember(browser, host().url, 'Lea', (page) => page.addInitScript(recordCaptures, 0));
  members.push(lea);
  await joinRoom(lea, roomId, { publish: true });
  await expectVideoPlaying(keeper, 'Lea');
  await lea.page.getByTestId('leave-button').click();
  await waitForState(lea, 'left');
  await expect.poll(() => captures(lea)).toEqual([['ended', 'ended']]);

  await joinRoom(lea, roomId, { publish: true });
  await expectVideoPlaying(keeper, 'Lea');
  await expect(lea.page.getByTestId('preview-off')).toHaveCount(0);
  expect(await captures(lea)).toEqual([
    ['ended', 'ended'],
    ['live', 'live'],
  ]);
});
