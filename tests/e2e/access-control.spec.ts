/**
 * Who gets in: a passcode proven without being sent, a locked room, a lobby
 * the host decides on, and removal that sticks.
 */
import { expect, test, type Browser } from '@playwright/test';
import { useHuddleHost, useMembers } from './support/fixtures.js';
import {
  expectVideoPlaying,
  hostRoom,
  joinRoom,
  openMember,
  participantEntry,
  participantNames,
  tileOf,
  type Member,
} from './support/members.js';

const host = useHuddleHost();
const members = useMembers('each');

async function member(browser: Browser, name: string): Promise<Member> {
  const opened = await openMember(browser, host().url, name);
  members.push(opened);
  return opened;
}

test('a passcode room: the wrong passcode is refused with a message, the right one admits', async ({
  browser,
}) => {
  const hostMember = await member(browser, 'Hana');
  const roomId = await hostRoom(hostMember, true, 'correct horse');
  await expect(hostMember.page.getByTestId('host-controls')).toContainText('This room has a passcode.');

  const guest = await member(browser, 'Gil');
  await joinRoom(guest, roomId, { passcode: 'wrong horse', expectState: 'idle' });
  await expect(guest.page.getByTestId('join-error')).toHaveText(`Wrong passcode for room ${roomId}.`);
  await joinRoom(guest, roomId, { passcode: '', expectState: 'idle' });
  await expect(guest.page.getByTestId('join-error')).toHaveText(`Room ${roomId} needs a passcode.`);
  await joinRoom(guest, roomId, { passcode: 'correct horse' });
  await expectVideoPlaying(guest, 'Hana');
  await expect.poll(() => participantNames(hostMember)).toEqual(['Hana', 'Gil']);
});

test('a locked room refuses newcomers and keeps its members; unlocked, it admits again', async ({
  browser,
}) => {
  const hostMember = await member(browser, 'Lea');
  const roomId = await hostRoom(hostMember, true);
  const inside = await member(browser, 'Ivo');
  await joinRoom(inside, roomId);
  await hostMember.page.getByTestId('lock-room').check();
  await expect(inside.page.getByTestId('room-locked')).toBeVisible();

  const late = await member(browser, 'Kai');
  await joinRoom(late, roomId, { expectState: 'idle' });
  await expect(late.page.getByTestId('join-error')).toHaveText(`Room ${roomId} is locked.`);
  await expectVideoPlaying(inside, 'Lea');

  await hostMember.page.getByTestId('lock-room').uncheck();
  await late.page.getByTestId('join-button').click();
  await expectVideoPlaying(late, 'Lea');
});

test('with a lobby, the host lets one person in and turns another away', async ({ browser }) => {
  const hostMember = await member(browser, 'Mo');
  const roomId = await hostRoom(hostMember, true);
  await hostMember.page.getByTestId('lobby-toggle').check();

  const welcome = await member(browser, 'Nia');
  const unwelcome = await member(browser, 'Oz');
  await joinRoom(welcome, roomId, { expectState: 'connecting' });
  await joinRoom(unwelcome, roomId, { expectState: 'connecting' });
  await expect(welcome.page.getByTestId('lobby-waiting')).toBeVisible();
  const waiting = hostMember.page.getByTestId('lobby-entry');
  await expect(waiting).toHaveCount(2);

  await hostMember.page
    .locator('[data-testid="lobby-entry"][data-name="Nia"] [data-testid="admit-button"]')
    .click();
  await hostMember.page
    .locator('[data-testid="lobby-entry"][data-name="Oz"] [data-testid="deny-button"]')
    .click();
  await expectVideoPlaying(welcome, 'Mo');
  await expect(unwelcome.page.getByTestId('join-error')).toHaveText('The host did not let you in.');
  await expect.poll(() => participantNames(hostMember)).toEqual(['Mo', 'Nia']);
});

test('a removed member disappears everywhere and cannot come straight back', async ({ browser }) => {
  const hostMember = await member(browser, 'Pat');
  const roomId = await hostRoom(hostMember, true, 'sesame');
  const other = await member(browser, 'Quinn');
  const removed = await member(browser, 'Rex');
  await joinRoom(other, roomId, { passcode: 'sesame' });
  await joinRoom(removed, roomId, { publish: true, passcode: 'sesame' });
  await expectVideoPlaying(other, 'Rex');
  await expectVideoPlaying(hostMember, 'Rex');

  await participantEntry(hostMember, 'Rex').getByTestId('remove-button').click();
  await expect(removed.page.getByTestId('session-notice')).toHaveText(
    'You were removed from the room by the host.',
  );
  for (const viewer of [hostMember, other]) {
    await expect(tileOf(viewer, 'Rex')).toHaveCount(0);
    await expect.poll(() => participantNames(viewer)).not.toContain('Rex');
  }
  // The same name is refused by the room...
  await removed.page.getByTestId('join-button').click();
  await expect(removed.page.getByTestId('join-error')).toHaveText('You were removed from this room.');
  // ...and another name still needs the passcode.
  await removed.page.getByTestId('name-input').fill('Rex two');
  await removed.page.getByTestId('passcode-input').fill('guess');
  await removed.page.getByTestId('join-button').click();
  await expect(removed.page.getByTestId('join-error')).toHaveText(`Wrong passcode for room ${roomId}.`);
  await expectVideoPlaying(other, 'Pat');
});
