/**
 * A member whose page stalls (a busy machine) stops pinging, though its
 * browser goes on acknowledging what we send on the link: it is waited for,
 * not taken for a lost member, even when it sends no media that could say it
 * is still there (room/path-liveness.ts). Nobody publishes here.
 */
import { expect, test } from '@playwright/test';
import { useHuddleHost, useMembers } from './support/fixtures.js';
import { hostRoom, joinRoom, openMember, participantEntry } from './support/members.js';

const host = useHuddleHost();
const members = useMembers('each');

test('a member whose page stalls for 5 s, sending no media, is waited for and its link is never redialed', async ({
  browser,
}) => {
  const ann = await openMember(browser, host().url, 'Ann');
  const ben = await openMember(browser, host().url, 'Ben');
  members.push(ann, ben);
  const roomId = await hostRoom(ann, false);
  await joinRoom(ben, roomId, { publish: false });
  await expect(participantEntry(ann, 'Ben')).toHaveAttribute('data-status', 'connected');
  await expect(participantEntry(ben, 'Ann')).toHaveAttribute('data-status', 'connected');
  const annLinesBefore = ann.log!.length;

  // Ben's page does nothing else for 5 s: no ping leaves it, none is read.
  await ben.page.evaluate(() => {
    const end = performance.now() + 5000;
    while (performance.now() < end) {
      // busy
    }
  });
  await expect(participantEntry(ben, 'Ann')).toHaveAttribute('data-status', 'connected');
  await expect(participantEntry(ann, 'Ben')).toHaveAttribute('data-status', 'connected');

  const annSaid = ann.log!.slice(annLinesBefore).join('\n');
  expect(annSaid).toContain('is quiet but its connections still carry bytes: waiting for it, not redialing');
  expect(annSaid).not.toMatch(/interrupted|reconnected its link/);
  expect(ben.log!.join('\n')).not.toMatch(/interrupted|reconnected its link/);
});
