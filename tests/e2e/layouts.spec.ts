/**
 * Grid and speaker view in real browsers. Ann and Cal publish Chromium's
 * fake camera and microphone (a beep about twice a second); muting a mic
 * sends silence, so the engine's active speaker follows whoever is unmuted.
 * Ben watches, without a camera of his own to spare the machine's cores:
 * he switches to speaker view, sees the speaker large, pins Ann and keeps
 * her large while Cal speaks, unpins, and finds speaker view again after
 * reloading the page. In speaker view what he shows is what is sent to him:
 * the strip's camera comes small on its link, the large tile's whole.
 */
import { expect, test, type Browser } from '@playwright/test';
import { useHuddleHost, useMembers } from './support/fixtures.js';
import {
  expectVideoPlaying,
  hostRoom,
  joinRoom,
  openMember,
  participantNames,
  tileOf,
  type Member,
} from './support/members.js';
import { sendingTo } from './support/sending.js';

const host = useHuddleHost();
const members = useMembers('all');

let ann: Member, ben: Member, cal: Member;
let roomId = '';

const grid = (viewer: Member) => viewer.page.getByTestId('video-grid');
const slotOf = (viewer: Member, name: string) =>
  viewer.page.locator(`[data-testid="tile-slot"][data-kind="camera"][data-name="${name}"]`);
const largeSlots = (viewer: Member) => viewer.page.locator('[data-testid="tile-slot"][data-large="true"]');
const announcement = (viewer: Member) => viewer.page.getByTestId('layout-announcement');

async function setMic(member: Member, on: boolean): Promise<void> {
  const button = member.page.getByTestId('mute-audio');
  await expect(button).toHaveText(on ? 'Unmute mic' : 'Mute mic');
  await button.click();
  await expect(button).toHaveText(on ? 'Mute mic' : 'Unmute mic');
  // Ben has heard of it once the tile he sees says so.
  const badges = tileOf(ben, member.name).getByTestId('tile-badge');
  if (on) await expect(badges).toHaveCount(0);
  else await expect(badges).toContainText(['mic off']);
}

async function tileWidth(viewer: Member, name: string): Promise<number> {
  const box = await tileOf(viewer, name).boundingBox();
  return box?.width ?? 0;
}

test.describe.serial('layouts', () => {
  test('three members; Ben sees the grid first', async ({ browser }: { browser: Browser }) => {
    ann = await openMember(browser, host().url, 'Ann');
    ben = await openMember(browser, host().url, 'Ben');
    cal = await openMember(browser, host().url, 'Cal');
    members.push(ann, ben, cal);
    roomId = await hostRoom(ann, true);
    await joinRoom(ben, roomId);
    await joinRoom(cal, roomId, { publish: true });
    await expect.poll(() => participantNames(ben)).toHaveLength(3);
    await expectVideoPlaying(ben, 'Ann');
    await expectVideoPlaying(ben, 'Cal');
    await expect(grid(ben)).toHaveAttribute('data-layout', 'grid');
    await expect(ben.page.getByTestId('layout-grid')).toHaveAttribute('aria-pressed', 'true');
    await expect(largeSlots(ben)).toHaveCount(0);
    expect(await tileWidth(ben, 'Ann')).toBe(await tileWidth(ben, 'Cal'));
  });

  test('speaker view: the speaker large, the others in a strip below', async () => {
    await setMic(cal, false);
    await ben.page.getByTestId('layout-speaker').click();
    await expect(grid(ben)).toHaveAttribute('data-layout', 'speaker');
    await expect(ben.page.getByTestId('layout-speaker')).toHaveAttribute('aria-pressed', 'true');
    await expect(announcement(ben)).toHaveText('Speaker view');
    // Only Ann's mic is on: she is the speaker, and large.
    await expect(tileOf(ben, 'Ann')).toHaveAttribute('data-speaking', 'true');
    await expect(slotOf(ben, 'Ann')).toHaveAttribute('data-large', 'true');
    await expect(largeSlots(ben)).toHaveCount(1);
    await expect(slotOf(ben, 'Cal')).toHaveAttribute('data-large', 'false');
    const [large, small] = [await tileOf(ben, 'Ann').boundingBox(), await tileOf(ben, 'Cal').boundingBox()];
    expect(large && small).toBeTruthy();
    if (!large || !small) return;
    expect(large.width).toBeGreaterThan(small.width * 2);
    // The strip is below the large tile.
    expect(small.y).toBeGreaterThanOrEqual(large.y + large.height);
    // Both fit the room's video area: nothing to scroll to.
    const overflow = await grid(ben).evaluate((element) => ({
      x: element.scrollWidth - element.clientWidth,
      y: element.scrollHeight - element.clientHeight,
    }));
    expect(overflow).toEqual({ x: 0, y: 0 });
    // Ann's own view is still the grid: the layout is each user's own choice.
    await expect(grid(ann)).toHaveAttribute('data-layout', 'grid');
    // What Ben shows is what is sent to him: Cal's camera, in the strip, comes
    // scaled down on Cal's link to Ben; Ann's, large, comes whole.
    await expect.poll(async () => (await sendingTo(cal, ben))?.scale).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => (await sendingTo(ann, ben))?.scale).toBe(1);
    const [toBen, toAnn] = [await sendingTo(cal, ben), await sendingTo(cal, ann)];
    // Ann shows Cal in a grid tile: Cal's link to her carries more than the strip's.
    expect(toBen && toAnn).toBeTruthy();
    expect(toAnn!.scale).toBeLessThan(toBen!.scale);
  });

  test('a pinned member stays large when someone else becomes the speaker; unpinning follows the speaker', async () => {
    await slotOf(ben, 'Ann').getByTestId('pin-button').click();
    await expect(announcement(ben)).toHaveText('Pinned Ann');
    await expect(slotOf(ben, 'Ann').getByTestId('pin-button')).toHaveAttribute('aria-pressed', 'true');
    await expect(slotOf(ben, 'Ann')).toHaveAttribute('data-pinned', 'true');

    // Ann goes quiet and Cal speaks: the engine makes Cal the speaker, Ann stays large.
    await setMic(ann, false);
    await setMic(cal, true);
    await expect(tileOf(ben, 'Cal')).toHaveAttribute('data-speaking', 'true');
    await expect(slotOf(ben, 'Ann')).toHaveAttribute('data-large', 'true');
    await expect(slotOf(ben, 'Cal')).toHaveAttribute('data-large', 'false');
    await expect(largeSlots(ben)).toHaveCount(1);

    await ben.page.getByTestId('unpin-button').click();
    await expect(announcement(ben)).toHaveText('Unpinned: following the active speaker');
    await expect(slotOf(ben, 'Cal')).toHaveAttribute('data-large', 'true');
    await expect(slotOf(ben, 'Ann')).toHaveAttribute('data-large', 'false');
    await expect(ben.page.getByTestId('unpin-button')).toHaveCount(0);
  });

  test('pinning from the grid opens speaker view with that member large', async () => {
    await ben.page.getByTestId('layout-grid').click();
    await expect(announcement(ben)).toHaveText('Grid view');
    await expect(largeSlots(ben)).toHaveCount(0);
    // Cal is speaking; Ben pins Ann.
    await slotOf(ben, 'Ann').getByTestId('pin-button').click();
    await expect(grid(ben)).toHaveAttribute('data-layout', 'speaker');
    await expect(slotOf(ben, 'Ann')).toHaveAttribute('data-large', 'true');
    await expect(announcement(ben)).toHaveText('Pinned Ann');
  });

  test('speaker view is still chosen after a reload; the pin is not', async () => {
    await ben.page.reload();
    await expect(ben.page.getByTestId('name-input')).toHaveValue('Ben');
    // A browser keeps the settings in local storage (see browser-bridge.ts).
    const saved = await ben.page.evaluate(() => localStorage.getItem('huddle.settings'));
    expect(JSON.parse(saved ?? '{}')).toMatchObject({ layout: 'speaker', name: 'Ben' });
    await joinRoom(ben, roomId);
    await expect(grid(ben)).toHaveAttribute('data-layout', 'speaker');
    await expect(ben.page.getByTestId('layout-speaker')).toHaveAttribute('aria-pressed', 'true');
    await expectVideoPlaying(ben, 'Cal');
    await expect(largeSlots(ben)).toHaveCount(1);
    await expect(ben.page.locator('[data-testid="tile-slot"][data-pinned="true"]')).toHaveCount(0);
  });
});
