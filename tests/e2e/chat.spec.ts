/**
 * The room's chat in real browsers: to everyone and to one member, Enter
 * and Shift+Enter, the unread count and the screen-reader announcement, a
 * message full of markup shown as the text it is, and a late joiner who
 * sees the room's earlier messages but nobody's direct ones. Nobody
 * publishes: chat needs no camera, and the machine's cores are spared.
 */
import { expect, test, type Browser } from '@playwright/test';
import { useHuddleHost, useMembers } from './support/fixtures.js';
import { hostRoom, joinRoom, openMember, participantNames, type Member } from './support/members.js';

const host = useHuddleHost();
const members = useMembers('each');

async function member(browser: Browser, name: string): Promise<Member> {
  const opened = await openMember(browser, host().url, name);
  members.push(opened);
  return opened;
}

const lines = (viewer: Member) => viewer.page.getByTestId('chat-line');
const chatTexts = (viewer: Member): Promise<string[]> =>
  viewer.page.getByTestId('chat-text').evaluateAll((items) => items.map((item) => item.textContent ?? ''));

async function openChat(viewer: Member): Promise<void> {
  await viewer.page.getByTestId('chat-toggle').click();
  await expect(viewer.page.getByTestId('chat-panel')).toBeVisible();
}

/** Types `text` into the message box (new lines with Shift+Enter) and sends it with Enter. */
async function say(viewer: Member, text: string, to = 'Everyone'): Promise<void> {
  const { page } = viewer;
  await page.getByTestId('chat-to').selectOption({ label: to });
  const input = page.getByTestId('chat-input');
  const [first = '', ...rest] = text.split('\n');
  await input.fill(first);
  for (const line of rest) {
    await input.press('Shift+Enter');
    await input.pressSequentially(line);
  }
  await input.press('Enter');
  await expect(input).toHaveValue('');
}

test('messages reach everyone, or one member only; markup stays text; Enter sends, Shift+Enter breaks the line', async ({
  browser,
}) => {
  const ann = await member(browser, 'Ann');
  const roomId = await hostRoom(ann, false);
  const ben = await member(browser, 'Ben');
  const cal = await member(browser, 'Cal');
  await joinRoom(ben, roomId);
  await joinRoom(cal, roomId);
  for (const viewer of [ann, ben, cal]) await expect.poll(() => participantNames(viewer)).toHaveLength(3);
  await openChat(ann);
  await openChat(cal);
  await expect(ann.page.getByTestId('chat-note')).toHaveText(
    'Messages are kept only by the people in the room; when everyone leaves, they are gone.',
  );

  await say(ann, 'Hello everyone\nsecond line');
  // Ben's panel is closed: a count, and a sentence for screen readers.
  await expect(ben.page.getByTestId('chat-unread')).toContainText('1');
  await expect(ben.page.getByTestId('chat-announcement')).toHaveText(/^Ann: Hello everyone\s+second line$/);
  await expect.poll(() => chatTexts(cal)).toEqual(['Hello everyone\nsecond line']);
  await expect(lines(cal).getByTestId('chat-sender')).toHaveText(['Ann']);
  await expect(lines(cal).locator('time')).toHaveText([/^\d\d:\d\d/]);
  await expect(lines(ann).getByTestId('chat-sender')).toHaveText(['You']);
  await openChat(ben);
  await expect(ben.page.getByTestId('chat-unread')).toHaveCount(0);
  await expect.poll(() => chatTexts(ben)).toEqual(['Hello everyone\nsecond line']);

  await say(ann, 'Only for Ben', 'Ben');
  await say(ann, 'For everyone again');
  await expect
    .poll(() => chatTexts(ben))
    .toEqual(['Hello everyone\nsecond line', 'Only for Ben', 'For everyone again']);
  await expect(lines(ben).nth(1).getByTestId('chat-direct')).toHaveText('to you only');
  await expect(lines(ann).nth(1).getByTestId('chat-direct')).toHaveText('to Ben only');
  // Cal got the message sent after the direct one, on the same ordered link, and never the direct one.
  await expect.poll(() => chatTexts(cal)).toEqual(['Hello everyone\nsecond line', 'For everyone again']);

  const markup =
    '<img src=x onerror="window.__chatXss=1"><script>window.__chatXss=2</script> see https://example.org/a';
  await say(ben, markup);
  for (const viewer of [ann, cal]) {
    const last = lines(viewer).last().getByTestId('chat-text');
    await expect(last).toHaveText(markup);
    await expect(viewer.page.getByTestId('chat-lines').locator('img, script')).toHaveCount(0);
    // The address is a link that leaves the app; nothing here follows it.
    const link = last.locator('a');
    await expect(link).toHaveText(['https://example.org/a']);
    await expect(link).toHaveAttribute('href', 'https://example.org/a');
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(await viewer.page.evaluate(() => (window as { __chatXss?: number }).__chatXss)).toBeUndefined();
  }
});

test("a late joiner sees the room's earlier messages, once each, but no direct message", async ({
  browser,
}) => {
  const ann = await member(browser, 'Ann');
  const roomId = await hostRoom(ann, false);
  const ben = await member(browser, 'Ben');
  await joinRoom(ben, roomId);
  await expect.poll(() => participantNames(ann)).toHaveLength(2);
  await openChat(ann);
  await openChat(ben);
  await say(ann, 'room one');
  await expect.poll(() => chatTexts(ben)).toEqual(['room one']);
  await say(ann, 'a secret for Ben', 'Ben');
  await say(ben, 'a secret for Ann', 'Ann');
  await say(ben, 'room two');
  await expect
    .poll(() => chatTexts(ann))
    .toEqual(['room one', 'a secret for Ben', 'a secret for Ann', 'room two']);

  const dee = await member(browser, 'Dee');
  await joinRoom(dee, roomId);
  await expect.poll(() => participantNames(dee)).toHaveLength(3);
  // Both Ann and Ben gave Dee the history; the count shows what came while the panel was closed.
  await expect(dee.page.getByTestId('chat-unread')).toContainText('2');
  await openChat(dee);
  await expect.poll(() => chatTexts(dee)).toEqual(['room one', 'room two']);
  await expect(lines(dee).getByTestId('chat-sender')).toHaveText(['Ann', 'Ben']);
  // Nor does it come later, from anyone.
  await say(dee, 'hello, I am late');
  await expect.poll(() => chatTexts(ann)).toContain('hello, I am late');
  await expect.poll(() => chatTexts(dee)).toEqual(['room one', 'room two', 'hello, I am late']);
});
