/**
 * Joining that goes wrong: the same name taken at the same instant, a server
 * that is not there, a server that wants another key. Each gets a specific
 * message, the form stays usable, and the room is not disturbed.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import {
  expectVideoPlaying,
  hostRoom,
  joinRoom,
  openMember,
  participantNames,
  waitForState,
  type Member,
} from './support/members.js';
import { captures, recordCaptures } from './support/captures.js';
import { useHuddleHost, useMembers } from './support/fixtures.js';
import { freePort, startStockPeerServer } from './support/processes.js';

const host = useHuddleHost();
const members = useMembers('each');

/** Opens a member's page on the host (closed after the test); `beforeLoad` runs before the page loads. */
async function open(
  browser: Browser,
  name: string,
  beforeLoad?: (page: Page) => Promise<unknown>,
): Promise<Member> {
  const member = await openMember(browser, host().url, name, beforeLoad);
  members.push(member);
  return member;
}

test('two people taking the same name at the same instant: one gets in, the other is told and retries', async ({
  browser,
}) => {
  const keeper = await open(browser, 'Kim');
  const roomId = await hostRoom(keeper, true);
  const first = await open(browser, 'Sam');
  const second = await open(browser, 'sam');
  for (const member of [first, second]) {
    await member.page.getByTestId('mode-join').click();
    await member.page.getByTestId('room-input').fill(roomId);
    await member.page.getByTestId('publish-on-join').setChecked(false);
  }
  await Promise.all([first, second].map((member) => member.page.getByTestId('join-button').click()));
  const outcome = async (member: Member): Promise<string> => {
    await expect(member.page.getByTestId('session-state').first()).toHaveAttribute(
      'data-state',
      /joined|idle/,
    );
    return (await member.page.getByTestId('session-state').first().getAttribute('data-state')) ?? '';
  };
  const [firstState, secondState] = await Promise.all([outcome(first), outcome(second)]);
  expect([firstState, secondState].sort()).toEqual(['idle', 'joined']);
  const [loser, winner] = firstState === 'idle' ? [first, second] : [second, first];
  await expect(loser.page.getByTestId('join-error')).toHaveText(
    `The name '${loser.name}' is already taken in this room.`,
  );
  // No reload: a new name and the same button.
  await loser.page.getByTestId('name-input').fill('Sam two');
  await loser.page.getByTestId('join-button').click();
  await waitForState(loser, 'joined');
  await expect.poll(() => participantNames(keeper)).toHaveLength(3);
  await expect.poll(() => participantNames(winner)).toContain('Sam two');
  await expectVideoPlaying(loser, 'Kim');
});

test('a rendezvous server that is not running: a clear error, and the form still works', async ({
  browser,
}) => {
  const member = await open(browser, 'Nora');
  const port = await freePort();
  await joinRoom(member, 'nowhere-1', {
    server: { host: '127.0.0.1', port, path: '/peerjs', key: 'huddle' },
    expectState: 'idle',
  });
  await expect(member.page.getByTestId('join-error')).toContainText(
    `Could not reach the rendezvous server at http://127.0.0.1:${port}/peerjs`,
  );
  await member.page.getByTestId('server-this-host').check();
  await member.page.getByTestId('join-button').click();
  await waitForState(member, 'joined');
});

test('a server that expects another key says so', async ({ browser }) => {
  const stock = await startStockPeerServer('right-key', '/');
  try {
    const member = await open(browser, 'Omar');
    await joinRoom(member, 'keyed-1', {
      server: { host: '127.0.0.1', port: stock.port, path: '/', key: 'wrong-key' },
      expectState: 'idle',
    });
    await expect(member.page.getByTestId('join-error')).toContainText('refused the key "wrong-key"');
  } finally {
    await stock.stop();
  }
});

test('publishing is impossible before joining', async ({ browser }) => {
  const member = await open(browser, 'Pia');
  // The join view has no publish control at all; the engine refuses it too (unit-tested).
  await expect(member.page.getByTestId('publish-button')).toHaveCount(0);
  await expect(member.page.getByTestId('session-state').first()).toHaveAttribute('data-state', 'idle');
});

test('a room id nobody is in: the first one in is told so, with the id, not shown an empty meeting', async ({
  browser,
}) => {
  const member = await open(browser, 'Quin');
  await joinRoom(member, 'mistyped-room-1234');
  await expect(member.page.getByTestId('alone-in-room')).toContainText(
    'You are the first one in room mistyped-room-1234.',
  );
  // Once someone else is in, the hint gives way.
  const other = await open(browser, 'Rue');
  await joinRoom(other, 'mistyped-room-1234');
  await expect(member.page.getByTestId('alone-in-room')).toHaveCount(0);
  await expect(other.page.getByTestId('alone-in-room')).toHaveCount(0);
});

test('a join refused for a taken name lets go of the camera it was handed, and the preview comes back', async ({
  browser,
}) => {
  const keeper = await open(browser, 'Kim');
  const roomId = await hostRoom(keeper, false);
  const twin = await open(browser, 'kim', (page) => page.addInitScript(recordCaptures, 0));
  await expect.poll(() => captures(twin)).toEqual([['live', 'live']]);
  await twin.page.getByTestId('mode-join').click();
  await twin.page.getByTestId('room-input').fill(roomId);
  await twin.page.getByTestId('join-button').click();
  await expect(twin.page.getByTestId('join-error')).toHaveText(
    "The name 'kim' is already taken in this room.",
  );
  // Only the new preview's camera and mic are open: the ones handed to the refused join were stopped.
  await expect
    .poll(() => captures(twin))
    .toEqual([
      ['ended', 'ended'],
      ['live', 'live'],
    ]);
});

test('Join clicked before the preview is ready: the camera opens once, and that capture is published', async ({
  browser,
}) => {
  const keeper = await open(browser, 'Kim');
  const roomId = await hostRoom(keeper, false);
  // Every capture takes 4 s more: the click surely comes before the preview's.
  const quick = await open(browser, 'Quick', (page) => page.addInitScript(recordCaptures, 4000));
  await quick.page.getByTestId('mode-join').click();
  await quick.page.getByTestId('room-input').fill(roomId);
  expect(await captures(quick)).toEqual([]);
  await quick.page.getByTestId('join-button').click();
  await expectVideoPlaying(keeper, 'Quick');
  expect(await captures(quick)).toEqual([['live', 'live']]);
});

test("Join clicked again while the refused join's capture is still opening: no preview starts behind the new join", async ({
  browser,
}) => {
  const keeper = await open(browser, 'Kim');
  const roomId = await hostRoom(keeper, false);
  // Every capture takes 4 s more: both joins are clicked while the first is still opening.
  const twin = await open(browser, 'kim', (page) => page.addInitScript(recordCaptures, 4000));
  await twin.page.getByTestId('mode-join').click();
  await twin.page.getByTestId('room-input').fill(roomId);
  await twin.page.getByTestId('join-button').click();
  await expect(twin.page.getByTestId('join-error')).toHaveText(
    "The name 'kim' is already taken in this room.",
  );
  await twin.page.getByTestId('name-input').fill('kim two');
  await twin.page.getByTestId('join-button').click();
  await expectVideoPlaying(keeper, 'kim two');
  // The form's first capture (handed to the refused join, then stopped) and the one published: no preview
  // captured for a form that was already joining again.
  const asked = await twin.page.evaluate(
    () => (window as unknown as { __capturesAsked: number }).__capturesAsked,
  );
  expect(asked).toBe(2);
  expect((await captures(twin)).at(-1)).toEqual(['live', 'live']);
});
