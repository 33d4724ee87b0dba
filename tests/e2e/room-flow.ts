/**
 * The whole room workflow against one rendezvous server, as people would do
 * it: host, join, publish, unpublish, leave, a name clash, and the member who
 * keeps the room leaving. Used against the embedded host and a stock server.
 */
import { expect, test, type Browser } from '@playwright/test';
import {
  closeAll,
  expectVideoPlaying,
  hostRoom,
  joinRoom,
  liveRemoteTracks,
  openMember,
  openPeerConnections,
  participantEntry,
  participantNames,
  tileOf,
  trackIdsOf,
  waitForState,
  type Member,
  type ServerFields,
} from './support/members.js';

export interface FlowTarget {
  /** URL of a page serving the web client. */
  pageUrl: () => string;
  /** Null: use the page's own host ("host a room"); otherwise join this server by address. */
  server: () => ServerFields | null;
  screenshotPath?: string;
}

export function describeRoomFlow(title: string, target: FlowTarget): void {
  test.describe.serial(title, () => {
    const members: Member[] = [];
    let roomId = '';
    let a: Member, b: Member, c: Member;

    const open = async (browser: Browser, name: string): Promise<Member> => {
      const member = await openMember(browser, target.pageUrl(), name);
      members.push(member);
      return member;
    };
    const enter = async (member: Member, publish: boolean, first = false): Promise<void> => {
      const server = target.server();
      if (first && !server) roomId = await hostRoom(member, publish);
      else await joinRoom(member, roomId, { publish, ...(server ? { server } : {}) });
    };

    test.afterAll(async () => closeAll(members));

    test('A, B and C join; when A publishes, B and C play A without a click', async ({ browser }) => {
      a = await open(browser, 'Alice');
      b = await open(browser, 'B');
      c = await open(browser, 'Carol');
      if (target.server()) roomId = `flow-${Date.now()}`;
      await enter(a, false, true);
      await Promise.all([enter(b, false), enter(c, false)]);
      for (const member of [a, b, c]) {
        await expect.poll(() => participantNames(member)).toHaveLength(3);
      }
      await a.page.getByTestId('publish-button').click();
      await waitForState(a, 'publishing');
      await expectVideoPlaying(b, 'Alice');
      await expectVideoPlaying(c, 'Alice');
      await expect(tileOf(a, 'Alice')).toHaveAttribute('data-local', 'true');
      await expect(tileOf(b, 'Alice')).toHaveAttribute('data-local', 'false');
    });

    test('A mutes the mic and turns the camera off: B and C see both; A turns them back on', async () => {
      await a.page.getByTestId('mute-audio').click();
      await a.page.getByTestId('mute-video').click();
      for (const viewer of [b, c]) {
        await expect(participantEntry(viewer, 'Alice')).toHaveAttribute(
          'data-status',
          'publishing, muted, camera off',
        );
        await expect(tileOf(viewer, 'Alice').getByTestId('tile-badge')).toHaveText(['mic off', 'camera off']);
      }
      await a.page.getByTestId('mute-audio').click();
      await a.page.getByTestId('mute-video').click();
      await expect(participantEntry(b, 'Alice')).toHaveAttribute('data-status', 'publishing');
      await expect(tileOf(c, 'Alice').getByTestId('tile-badge')).toHaveCount(0);
      await expectVideoPlaying(b, 'Alice');
    });

    test("A unpublishes: A's tile goes on B and C and no track of A stays live", async () => {
      const tracksOnB = await trackIdsOf(b, 'Alice');
      const tracksOnC = await trackIdsOf(c, 'Alice');
      expect(tracksOnB.length).toBeGreaterThan(0);
      await a.page.getByTestId('unpublish-button').click();
      await waitForState(a, 'joined');
      await expect(tileOf(b, 'Alice')).toHaveCount(0, { timeout: 2000 });
      await expect(tileOf(c, 'Alice')).toHaveCount(0, { timeout: 2000 });
      await expect.poll(() => liveRemoteTracks(b, tracksOnB)).toEqual([]);
      await expect.poll(() => liveRemoteTracks(c, tracksOnC)).toEqual([]);
      // A's camera is released too.
      await expect(tileOf(a, 'Alice')).toHaveCount(0);
    });

    test("C publishes then leaves: C's tile goes on A and B", async () => {
      await c.page.getByTestId('publish-button').click();
      await expectVideoPlaying(a, 'Carol');
      await expectVideoPlaying(b, 'Carol');
      const tracksOnA = await trackIdsOf(a, 'Carol');
      const connectionsOnA = await openPeerConnections(a);
      await c.page.getByTestId('leave-button').click();
      await waitForState(c, 'left');
      await expect(tileOf(a, 'Carol')).toHaveCount(0);
      await expect(tileOf(b, 'Carol')).toHaveCount(0);
      await expect.poll(() => participantNames(a)).toEqual(['Alice', 'B']);
      await expect.poll(() => liveRemoteTracks(a, tracksOnA)).toEqual([]);
      // Both connections to Carol (room messages and media) are closed on A.
      await expect.poll(() => openPeerConnections(a)).toBe(connectionsOnA - 2);
    });

    test("D tries the name 'b' while B is in, is told, and gets in as 'd'", async ({ browser }) => {
      const d = await open(browser, 'b');
      const server = target.server();
      await joinRoom(d, roomId, { ...(server ? { server } : {}), expectState: 'idle' });
      await expect(d.page.getByTestId('join-error')).toHaveText(
        "The name 'b' is already taken in this room.",
      );
      await d.page.getByTestId('name-input').fill('d');
      await d.page.getByTestId('join-button').click();
      await waitForState(d, 'joined');
      await expect.poll(() => participantNames(b)).toContain('d');
      await d.page.getByTestId('leave-button').click();
    });

    test('the member keeping the room leaves; a later joiner still sees and receives everyone', async ({
      browser,
    }) => {
      await b.page.getByTestId('publish-button').click();
      await expectVideoPlaying(a, 'B');
      // Alice created the room, so she keeps it.
      await expect(a.page.locator('[data-testid="participant"][data-name="Alice"] .keeper')).toHaveCount(1);
      await a.page.getByTestId('leave-button').click();
      await expect.poll(() => participantNames(b)).toEqual(['B']);
      const e = await open(browser, 'Erin');
      await joinRoom(e, roomId, { publish: true, ...(target.server() ? { server: target.server()! } : {}) });
      await expectVideoPlaying(e, 'B');
      await expectVideoPlaying(b, 'Erin');
      await expect.poll(() => participantNames(e)).toEqual(['Erin', 'B']);
      if (target.screenshotPath) {
        const f = await open(browser, 'Frank');
        await joinRoom(f, roomId, {
          publish: true,
          ...(target.server() ? { server: target.server()! } : {}),
        });
        await expectVideoPlaying(f, 'B');
        await expectVideoPlaying(f, 'Erin');
        // The picture shows a shared screen too, as a tile of its own.
        await e.page.getByTestId('share-screen-button').click();
        await expectVideoPlaying(f, 'Erin', 'screen');
        await f.page.screenshot({ path: target.screenshotPath });
      }
    });
  });
}
