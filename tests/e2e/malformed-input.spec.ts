/**
 * A peer that speaks garbage. A page written with plain PeerJS (not Huddle's
 * client) takes a member id of the room and sends a member malformed,
 * unknown, oversized and lying messages. Each is dropped with a logged
 * reason; the member's room and media go on untouched.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { memberPeerId } from '../../renderer/engine/names.js';
import { MAX_MESSAGE_LENGTH } from '../../renderer/engine/protocol/messages.js';
import { expectVideoPlaying, hostRoom, joinRoom, openMember, participantNames } from './support/members.js';
import { useHuddleHost, useMembers } from './support/fixtures.js';

const host = useHuddleHost();
const members = useMembers('all');

const peerjsBundle = readFileSync(
  path.resolve(__dirname, '../../node_modules/peerjs/dist/peerjs.min.js'),
  'utf8',
);

test('malformed messages from a peer are dropped with a reason and break nothing', async ({ browser }) => {
  const a = await openMember(browser, host().url, 'Ann');
  const b = await openMember(browser, host().url, 'Bo');
  members.push(a, b);
  const warnings: string[] = [];
  a.page.on('console', (message) => warnings.push(message.text()));
  const roomId = await hostRoom(a, true);
  await joinRoom(b, roomId, { publish: false });
  await expectVideoPlaying(b, 'Ann');

  // The attacker: plain PeerJS in a page of its own.
  const context = await browser.newContext({ bypassCSP: true });
  const attacker = await context.newPage();
  await attacker.goto(`${host().url}api/host-info`);
  await attacker.evaluate(peerjsBundle);
  const hostile = [
    'not json at all',
    '[1,2,3]',
    JSON.stringify({ v: 99, type: 'hello' }),
    JSON.stringify({ v: 1, type: 'launch-missiles' }),
    JSON.stringify({ v: 1, type: 'media-state', media: { publishing: 'yes' } }),
    JSON.stringify({ v: 1, type: 'signal', description: { type: 'offer', sdp: 5 } }),
    JSON.stringify({ v: 1, type: 'bye', pad: 'x'.repeat(MAX_MESSAGE_LENGTH) }),
    // A hello naming someone else than the id it comes from closes the link.
    JSON.stringify({
      v: 1,
      type: 'hello',
      member: { peerId: memberPeerId(roomId, 'Ann'), name: 'Ann', order: 0 },
      media: { publishing: false, audioMuted: false, videoMuted: false },
    }),
  ];
  const sent = await attacker.evaluate(
    async ({ id, target, messages }) => {
      const { Peer } = (
        window as unknown as { peerjs: { Peer: new (id: string, options: object) => unknown } }
      ).peerjs;
      type Connection = { on(event: string, fn: () => void): void; send(data: string): void };
      type PeerLike = {
        on(event: string, fn: () => void): void;
        connect(id: string, options: object): Connection;
      };
      const peer = new Peer(id, {
        host: location.hostname,
        port: Number(location.port),
        path: '/peerjs',
        key: 'huddle',
        config: { iceServers: [] },
      }) as PeerLike;
      await new Promise<void>((resolve) => peer.on('open', resolve));
      const connection = peer.connect(target, { serialization: 'raw', reliable: true });
      await new Promise<void>((resolve) => connection.on('open', resolve));
      for (const message of messages) connection.send(message);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return messages.length;
    },
    { id: memberPeerId(roomId, 'mallory'), target: memberPeerId(roomId, 'Ann'), messages: hostile },
  );
  expect(sent).toBe(hostile.length);

  await expect.poll(() => warnings.filter((text) => text.includes('dropped a message from')).length).toBe(7);
  for (const reason of [
    'not JSON',
    'not an object',
    'version 99',
    'unknown message type "launch-missiles"',
    'publishing must be a boolean',
    'sdp must be a string',
    'larger than',
  ]) {
    expect(
      warnings.some((text) => text.includes(reason)),
      reason,
    ).toBe(true);
  }
  await expect.poll(() => warnings.some((text) => text.includes('its hello names someone else'))).toBe(true);
  // Nothing changed for the real members.
  await expect.poll(() => participantNames(a)).toEqual(['Ann', 'Bo']);
  await expect.poll(() => participantNames(b)).toEqual(['Bo', 'Ann']);
  await expectVideoPlaying(b, 'Ann');
  await context.close();
});
