/**
 * "Send what is shown", for real: Ada publishes to Bea and Cal, and each
 * link carries only what its receiver shows. Bea shrinking Ada's tile makes
 * Ada's encoder on the link to Bea (and only that link) send a smaller
 * picture (a grid tile's, then a thumbnail's); Bea's page being hidden pauses that link's encoding, and showing
 * it again resumes it. Everything is read from Ada's own senders and
 * getStats, and from what Bea receives.
 *
 * Hiding a page: headless Chromium keeps every page 'visible' whatever is
 * done to it (another tab brought to the front, the window minimised over
 * CDP, a frozen lifecycle state: all tried, none changes
 * document.visibilityState). So Bea's page is made to say 'hidden' and told
 * so with a visibilitychange event, as a browser does when its tab goes to
 * the background; everything from there on is real.
 */
import { expect, test, type Browser } from '@playwright/test';
import { useHuddleHost, useMembers } from './support/fixtures.js';
import {
  expectVideoPlaying,
  hostRoom,
  joinRoom,
  openMember,
  tileOf,
  type Member,
} from './support/members.js';
import { sendingTo } from './support/sending.js';

const host = useHuddleHost();
const members = useMembers('all');

let ada: Member, bea: Member, cal: Member;

/** Frames `sender` encoded for `receiver` over about a second: 0 while that link is paused. */
async function framesEncodedOverASecond(sender: Member, receiver: Member): Promise<number> {
  const before = (await sendingTo(sender, receiver))?.framesEncoded ?? 0;
  await sender.page.waitForTimeout(1000);
  return ((await sendingTo(sender, receiver))?.framesEncoded ?? 0) - before;
}

/** The height of the video `receiver` plays of `name` now: the size that arrives. */
async function receivedHeight(receiver: Member, name: string): Promise<number> {
  return tileOf(receiver, name)
    .locator('video')
    .evaluate((element: HTMLVideoElement) => element.videoHeight);
}

/** Makes a page hidden, or visible again, as a tab going to the background and back does. */
async function setPageHidden(member: Member, hidden: boolean): Promise<void> {
  await member.page.evaluate((hide) => {
    if (hide) Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    else delete (document as { visibilityState?: DocumentVisibilityState }).visibilityState;
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

test.describe.serial('adaptive video per link', () => {
  test('Ada publishes to Bea and Cal, full size on both links', async ({ browser }: { browser: Browser }) => {
    ada = await openMember(browser, host().url, 'Ada');
    bea = await openMember(browser, host().url, 'Bea');
    cal = await openMember(browser, host().url, 'Cal');
    members.push(ada, bea, cal);
    const roomId = await hostRoom(ada, true);
    await joinRoom(bea, roomId);
    await joinRoom(cal, roomId);
    await expectVideoPlaying(bea, 'Ada');
    await expectVideoPlaying(cal, 'Ada');
    // Each shows Ada in one large tile: the whole capture, unscaled, on both links.
    for (const receiver of [bea, cal])
      await expect.poll(() => sendingTo(ada, receiver)).toMatchObject({ active: true, scale: 1 });
  });

  test("a tile Bea shrinks makes Ada send Bea's link a smaller picture, and only that link", async () => {
    const video = tileOf(bea, 'Ada').locator('video');
    // A tile of a 2x2 grid on a 1280x800 page, reported as 640x360: two thirds of Ada's 960x540.
    await video.evaluate((element: HTMLVideoElement) => {
      element.style.width = '620px';
      element.style.height = '349px';
    });
    await expect.poll(() => sendingTo(ada, bea)).toMatchObject({ active: true, scale: 1.5 });
    await expect.poll(async () => (await sendingTo(ada, bea))?.frameHeight).toBe(360);
    await expect.poll(() => receivedHeight(bea, 'Ada')).toBe(360);
    // 640x360 in a 620x349 box: drawn pixel for pixel, not resampled (frame-fit.ts); Ada's own
    // mirrored camera, on her page, is always scaled to cover.
    await expect(video).toHaveAttribute('data-fit', 'pixel');
    await expect(video).toHaveCSS('object-fit', 'none');
    await expect(tileOf(ada, 'Ada').locator('video')).toHaveAttribute('data-fit', 'cover');

    await video.evaluate((element: HTMLVideoElement) => {
      element.style.width = '150px';
      element.style.height = '84px';
    });
    // 150x84 is reported as 160x90: a sixth of each side of Ada's 960x540 is that exactly.
    await expect.poll(() => sendingTo(ada, bea)).toMatchObject({ active: true, scale: 6 });
    await expect.poll(async () => (await sendingTo(ada, bea))?.frameHeight).toBeLessThanOrEqual(90);
    await expect.poll(() => receivedHeight(bea, 'Ada')).toBeLessThanOrEqual(90);
    // Cal's link is untouched: unscaled, and a far larger picture than Bea's.
    const toCal = await sendingTo(ada, cal);
    expect(toCal).toMatchObject({ active: true, scale: 1 });
    expect(toCal?.frameHeight).toBeGreaterThan(135);
    expect(await receivedHeight(cal, 'Ada')).toBeGreaterThan(135);

    // 160x90 frames or smaller in a 150x84 box are cropped by more than a sixteenth, or do not fill it: scaled.
    await expect(video).toHaveAttribute('data-fit', 'cover');

    await video.evaluate((element: HTMLVideoElement) => element.removeAttribute('style'));
    await expect.poll(() => sendingTo(ada, bea)).toMatchObject({ active: true, scale: 1 });
    await expect.poll(() => receivedHeight(bea, 'Ada')).toBeGreaterThan(135);
  });

  test("Bea's page hidden pauses Ada's encoding for Bea alone; shown again, it resumes", async () => {
    await setPageHidden(bea, true);
    await expect.poll(async () => (await sendingTo(ada, bea))?.active).toBe(false);
    await expect.poll(() => framesEncodedOverASecond(ada, bea)).toBe(0);
    expect(await framesEncodedOverASecond(ada, cal)).toBeGreaterThan(0);

    await setPageHidden(bea, false);
    await expect.poll(async () => (await sendingTo(ada, bea))?.active).toBe(true);
    await expect.poll(() => framesEncodedOverASecond(ada, bea)).toBeGreaterThan(0);
    await expectVideoPlaying(bea, 'Ada');
    expect(bea.log?.filter((line) => line.includes('media guard: repairing')) ?? []).toEqual([]);
  });
});
