/**
 * Glare: two members start (and stop) publishing at the same instant, over
 * and over. Perfect negotiation must sort out the crossing offers every time,
 * and all media must end up flowing both ways.
 */
import { expect, test } from '@playwright/test';
import { useHuddleHost, useMembers } from './support/fixtures.js';
import {
  expectVideoPlaying,
  hostRoom,
  joinRoom,
  openMember,
  tileOf,
  waitForState,
  type Member,
} from './support/members.js';

const host = useHuddleHost();
const members = useMembers('all');

/** Clicks the same control in every page in the same moment (no awaiting in between). */
async function clickTogether(pages: Member[], testId: string): Promise<void> {
  await Promise.all(
    pages.map((member) =>
      member.page.evaluate(
        (id) => document.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`)?.click(),
        testId,
      ),
    ),
  );
}

test('simultaneous publishes, again and again, all end with media flowing both ways', async ({ browser }) => {
  const a = await openMember(browser, host().url, 'Ana');
  const b = await openMember(browser, host().url, 'Ben');
  members.push(a, b);
  const roomId = await hostRoom(a, false);
  await joinRoom(b, roomId, { publish: false });
  for (let round = 1; round <= 4; round++) {
    await test.step(`round ${round}`, async () => {
      await clickTogether([a, b], 'publish-button');
      await waitForState(a, 'publishing');
      await waitForState(b, 'publishing');
      await expectVideoPlaying(a, 'Ben');
      await expectVideoPlaying(b, 'Ana');
      await clickTogether([a, b], 'unpublish-button');
      await expect(tileOf(a, 'Ben')).toHaveCount(0);
      await expect(tileOf(b, 'Ana')).toHaveCount(0);
    });
  }
  await clickTogether([a, b], 'publish-button');
  await expectVideoPlaying(a, 'Ben');
  await expectVideoPlaying(b, 'Ana');
});
