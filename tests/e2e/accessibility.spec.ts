/**
 * Accessibility in a real browser: an axe audit, every rule axe runs by
 * default, with no violation allowed, of the join form and of the room in
 * each layout and with every menu and panel open; and the layout switch
 * reached and worked with the keyboard alone. Ann hosts with her camera on
 * (so there are tiles and a speaker view to audit); Ben joins without one.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { useHuddleHost, useMembers } from './support/fixtures.js';
import {
  expectVideoPlaying,
  hostRoom,
  joinRoom,
  openMember,
  participantNames,
  type Member,
} from './support/members.js';

const host = useHuddleHost();
const members = useMembers('all');

/** What axe found wrong, one line per element, so a failure says where to look. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact ?? '?'}): ${node.target.join(' ')}: ${node.failureSummary}`,
    ),
  );
}

test.describe.serial('accessibility', () => {
  let ann: Member, ben: Member;

  test('the join form, in both modes', async ({ browser }) => {
    ann = await openMember(browser, host().url, 'Ann');
    members.push(ann);
    await expect(ann.page.getByTestId('join-button').or(ann.page.getByTestId('host-button'))).toBeVisible();
    expect(await violations(ann.page)).toEqual([]);
    await ann.page.getByTestId('mode-join').click();
    await ann.page.locator('details.relay summary').click();
    expect(await violations(ann.page)).toEqual([]);
    await ann.page.getByTestId('mode-host').click();
  });

  test('the room in grid view', async ({ browser }) => {
    const roomId = await hostRoom(ann, true);
    ben = await openMember(browser, host().url, 'Ben');
    members.push(ben);
    await joinRoom(ben, roomId);
    await expect.poll(() => participantNames(ann)).toHaveLength(2);
    await expectVideoPlaying(ben, 'Ann');
    await expect(ann.page.getByTestId('video-grid')).toHaveAttribute('data-layout', 'grid');
    expect(await violations(ann.page)).toEqual([]);
    expect(await violations(ben.page)).toEqual([]);
  });

  test('the room in speaker view, with a member pinned', async () => {
    await ben.page.getByTestId('layout-speaker').click();
    await expect(ben.page.getByTestId('video-grid')).toHaveAttribute('data-layout', 'speaker');
    expect(await violations(ben.page)).toEqual([]);
    await ben.page.getByTestId('pin-button').first().click();
    await expect(ben.page.getByTestId('unpin-button')).toBeVisible();
    expect(await violations(ben.page)).toEqual([]);
  });

  test('the room with chat, files, devices, the invite QR code and the stats overlay open', async () => {
    const { page } = ann;
    await page.getByTestId('chat-toggle').click();
    await expect(page.getByTestId('chat-panel')).toBeVisible();
    await page.getByTestId('files-toggle').click();
    await expect(page.getByTestId('files-panel')).toBeVisible();
    await page.getByTestId('device-menu').locator('summary').click();
    await expect(page.getByTestId('camera-select')).toBeVisible();
    await page.getByTestId('invite-qr-toggle').first().click();
    await page.getByTestId('stats-toggle').click();
    await expect(page.getByTestId('host-controls')).toBeVisible();
    await expect(page.getByTestId('participant-list')).toBeVisible();
    expect(await violations(page)).toEqual([]);
  });

  test('the layout switch is reached with Tab and works with Enter and Space, with a visible focus ring', async () => {
    const { page } = ben;
    await page.getByTestId('layout-grid').click();
    await expect(page.getByTestId('video-grid')).toHaveAttribute('data-layout', 'grid');
    // Start from the top of the page, as a keyboard user would.
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    const speakerButton = page.getByTestId('layout-speaker');
    let reached = false;
    for (let presses = 0; presses < 60 && !reached; presses++) {
      await page.keyboard.press('Tab');
      reached = await speakerButton.evaluate((element) => element === document.activeElement);
    }
    expect(reached, 'Tab never reached the speaker view button').toBe(true);
    await expect(speakerButton).toHaveCSS('outline-style', 'solid');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('video-grid')).toHaveAttribute('data-layout', 'speaker');
    await expect(speakerButton).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('layout-announcement')).toHaveText('Speaker view');

    // Back one control to the grid button, and Space.
    await page.keyboard.press('Shift+Tab');
    const gridButton = page.getByTestId('layout-grid');
    await expect(gridButton).toBeFocused();
    await page.keyboard.press('Space');
    await expect(page.getByTestId('video-grid')).toHaveAttribute('data-layout', 'grid');
    await expect(gridButton).toHaveAttribute('aria-pressed', 'true');
    await expect(speakerButton).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByTestId('layout-announcement')).toHaveText('Grid view');
  });
});
