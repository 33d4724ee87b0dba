/**
 * The rendezvous server goes away mid-call and comes back: members show
 * "reconnecting", media between them keeps flowing (it never went through
 * the server), they re-register under the same ids, and a later joiner still
 * gets in and sees everyone.
 */
import { expect, test } from '@playwright/test';
import {
  closeAll,
  expectVideoPlaying,
  hostRoom,
  joinRoom,
  openMember,
  participantNames,
  waitForState,
  type Member,
} from './support/members.js';
import { startHuddleHost, type HuddleHost } from './support/processes.js';

let host: HuddleHost | null = null;
const members: Member[] = [];
test.afterAll(async () => {
  await closeAll(members);
  await host?.stop();
});

test('a server restart mid-call: reconnecting shown, media goes on, later joiners get in', async ({
  browser,
}) => {
  host = await startHuddleHost();
  const { port, key } = host;
  const url = host.url;
  const a = await openMember(browser, url, 'Ada');
  const b = await openMember(browser, url, 'Ben');
  members.push(a, b);
  const roomId = await hostRoom(a, true);
  await joinRoom(b, roomId, { publish: true });
  await expectVideoPlaying(b, 'Ada');
  await expectVideoPlaying(a, 'Ben');

  await host.stop();
  host = null;
  await waitForState(a, 'reconnecting');
  await waitForState(b, 'reconnecting');
  await expectVideoPlaying(b, 'Ada');
  await expectVideoPlaying(a, 'Ben');

  // The same address and key, as a host restarted by its owner would have.
  host = await startHuddleHost(['--key', key], port);
  await waitForState(a, 'publishing');
  await waitForState(b, 'publishing');

  const c = await openMember(browser, url, 'Cy');
  members.push(c);
  await joinRoom(c, roomId, { publish: false });
  await expectVideoPlaying(c, 'Ada');
  await expectVideoPlaying(c, 'Ben');
  await expect.poll(() => participantNames(c)).toEqual(['Cy', 'Ada', 'Ben']);
});
