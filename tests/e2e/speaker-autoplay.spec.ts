/**
 * The active speaker when the browser refuses to play a member's sound: the
 * tile plays muted ("Click to hear"), so the sound as played on the page is
 * silent, yet the member is still highlighted while speaking, from the level
 * its RTP packets carry. Two members publishing Chromium's fake camera and
 * microphone (a beep about twice a second) through the headless host.
 *
 * Chromium's own autoplay refusal cannot be provoked here: driving the join
 * form (typing, clicking) is user activation, and a page capturing camera or
 * microphone may autoplay anyway. So Bea's page refuses unmuted playback the
 * way the browser does, a play() rejected with NotAllowedError, and the app
 * takes its usual path: it mutes the element, plays it, and offers sound.
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

const host = useHuddleHost();
const members = useMembers('all');

let ada: Member, bea: Member;

/** Runs in the page before its own scripts: play() with sound is refused until the page is told otherwise. */
function refuseAutoplayWithSound(): void {
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement): Promise<void> {
    const allowed = (window as unknown as { __soundAllowed?: boolean }).__soundAllowed === true;
    if (this.muted || allowed) return play.call(this);
    return Promise.reject(
      new DOMException(
        "play() failed because the user didn't interact with the document first.",
        'NotAllowedError',
      ),
    );
  };
}

async function openMemberRefusingAutoplay(browser: Browser, url: string, name: string): Promise<Member> {
  const context = await browser.newContext();
  await context.addInitScript(refuseAutoplayWithSound);
  const page = await context.newPage();
  page.on('console', (message) => {
    if (process.env.HUDDLE_TEST_CONSOLE) console.log(`${Date.now() % 100000} [${name}] ${message.text()}`);
  });
  await page.goto(url);
  await page.getByTestId('name-input').fill(name);
  return { name, context, page };
}

/** The sound level of `name`'s tile as played on `viewer`'s page, from the stats overlay. */
function playedLevel(viewer: Member, name: string) {
  return tileOf(viewer, name).getByTestId('stats-overlay').locator('[data-figure="audio"]');
}

test.describe.serial('active speaker with autoplay refused', () => {
  test('Bea’s browser refuses Ada’s sound: her tile plays muted and offers it', async ({ browser }) => {
    ada = await openMember(browser, host().url, 'Ada');
    bea = await openMemberRefusingAutoplay(browser, host().url, 'Bea');
    members.push(ada, bea);
    const roomId = await hostRoom(ada, true);
    await joinRoom(bea, roomId, { publish: true });
    await expectVideoPlaying(bea, 'Ada');
    await expectVideoPlaying(ada, 'Bea');
    await expect(tileOf(bea, 'Ada').getByRole('button', { name: 'Click to hear Ada' })).toBeVisible();
    await expect(tileOf(bea, 'Ada').locator('video')).toHaveJSProperty('muted', true);
  });

  test('Ada, the only one with her mic on, is the speaker on Bea’s page though her sound plays silent', async () => {
    await bea.page.getByTestId('mute-audio').click();
    await expect(bea.page.getByTestId('mute-audio')).toHaveText('Unmute mic');
    await expect(tileOf(ada, 'Bea').getByTestId('tile-badge')).toContainText(['mic off']);

    await bea.page.getByTestId('stats-toggle').click();
    await expect(tileOf(bea, 'Ada')).toHaveAttribute('data-speaking', 'true', { timeout: 30_000 });
    await expect(tileOf(bea, 'Bea')).toHaveAttribute('data-speaking', 'false');
    await expect(tileOf(bea, 'Ada').locator('video')).toHaveJSProperty('muted', true);
    // What the page plays of Ada is silence, round after round: the highlight cannot come from it.
    for (let round = 0; round < 3; round++) {
      await expect(playedLevel(bea, 'Ada')).toHaveText('0.00');
      await bea.page.waitForTimeout(1000);
    }
    await expect(tileOf(bea, 'Ada')).toHaveAttribute('data-speaking', 'true');
  });

  test('once Bea asks to hear Ada, her sound plays and she is still the speaker', async () => {
    // The click is user activation: from then on the page may play sound.
    await bea.page.evaluate(() => ((window as unknown as { __soundAllowed: boolean }).__soundAllowed = true));
    await tileOf(bea, 'Ada').getByRole('button', { name: 'Click to hear Ada' }).click();
    await expect(tileOf(bea, 'Ada').locator('video')).toHaveJSProperty('muted', false);
    await expect.poll(async () => Number(await playedLevel(bea, 'Ada').textContent())).toBeGreaterThan(0);
    await expect(tileOf(bea, 'Ada')).toHaveAttribute('data-speaking', 'true');
  });

  test('Ada muting her mic loses the highlight on Bea’s page', async () => {
    await ada.page.getByTestId('mute-audio').click();
    await expect(tileOf(bea, 'Ada').getByTestId('tile-badge')).toContainText(['mic off']);
    await expect(bea.page.locator('[data-testid="tile"][data-speaking="true"]')).toHaveCount(0);
  });
});
