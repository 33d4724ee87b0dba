import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH, PROTOCOL_VERSION } from '../../../renderer/engine/protocol/messages.js';
import {
  encode,
  parseKeeperReply,
  parseKeeperRequest,
  parsePeerMessage,
} from '../../../renderer/engine/protocol/validate.js';

const v = PROTOCOL_VERSION;
const member = { peerId: 'huddle-r-m-62', name: 'b', order: 2 };
const media = { publishing: true, audioMuted: false, videoMuted: true };

describe('peer messages', () => {
  const valid = [
    { v, type: 'hello', member, media, session: 's1', relayed: false },
    { v, type: 'member-admitted', member },
    { v, type: 'member-dropped', peerId: 'huddle-r-m-63' },
    { v, type: 'media-state', media },
    { v, type: 'media-state', media: { ...media, screen: '{6f1c2a9e-3b7d-4e1a-9c55-0d2b8e7f4a10}' } },
    { v, type: 'media-state', media: { ...media, screen: null } },
    { v, type: 'hello', member, media: { ...media, screen: 'k3Jx-9_a' }, session: 's1', relayed: false },
    { v, type: 'signal', description: { type: 'offer', sdp: 'v=0\r\n' } },
    {
      v,
      type: 'signal',
      candidate: {
        candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host',
        sdpMid: '0',
        sdpMLineIndex: 0,
        usernameFragment: null,
      },
    },
    { v, type: 'room-policy', policy: { locked: true, lobby: false, removed: ['huddle-r-m-64'] } },
    { v, type: 'removed' },
    { v, type: 'ping' },
    { v, type: 'media-renew' },
    { v, type: 'media-renew', reply: true },
    { v, type: 'hello', member, media, session: 's1', relayed: false, features: ['media-renew', 'later'] },
    { v, type: 'bye' },
    {
      v,
      type: 'chat',
      id: 'f3a9c2e1b4d07a66',
      sentAt: 1796025600000,
      text: 'Hi <b>all</b> 🙂',
      direct: false,
    },
    { v, type: 'chat', id: 'f3a9c2e1b4d07a67', sentAt: 0, text: 'é'.repeat(2048), direct: true },
    { v, type: 'chat-history', messages: [] },
    { v, type: 'display-size', stream: 'camera', width: 640, height: 360 },
    { v, type: 'display-size', stream: 'screen', width: 0, height: 0 },
    {
      v,
      type: 'chat-history',
      messages: [{ id: 'f3a9c2e1b4d07a66', from: 'huddle-r-m-62', name: 'b', sentAt: 1, text: 'hi' }],
    },
  ];

  it.each(valid)('accepts a valid $type and returns the same content', (message) => {
    const parsed = parsePeerMessage(encode(message as never));
    expect(parsed).toEqual({ ok: true, message });
  });

  it('drops unknown fields and never hands back the decoded input', () => {
    const parsed = parsePeerMessage(
      JSON.stringify({ v, type: 'media-state', media: { ...media, extra: 1 }, more: 2 }),
    );
    expect(parsed).toEqual({ ok: true, message: { v, type: 'media-state', media } });
  });

  it('reads a media state without a screen (an older peer) as not sharing', () => {
    const parsed = parsePeerMessage(JSON.stringify({ v, type: 'media-state', media }));
    expect(parsed.ok && parsed.message.type === 'media-state' && parsed.message.media.screen).toBeFalsy();
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ['not text', { v, type: 'bye' }, /not text/],
    ['not JSON', '{"v":1,', /not JSON/],
    ['an array', '[1,2]', /not an object/],
    ['another version', JSON.stringify({ v: 2, type: 'bye' }), /version 2/],
    ['no version', JSON.stringify({ type: 'bye' }), /version/],
    ['no type', JSON.stringify({ v }), /no type/],
    ['an unknown type', JSON.stringify({ v, type: 'explode' }), /unknown message type "explode"/],
    [
      'a display size for a stream that is neither camera nor screen',
      JSON.stringify({ v, type: 'display-size', stream: 'audio', width: 1, height: 1 }),
      /stream must be camera or screen/,
    ],
    [
      'a display size beyond 8192 pixels',
      JSON.stringify({ v, type: 'display-size', stream: 'camera', width: 8193, height: 1 }),
      /width must be an integer from 0 to 8192/,
    ],
    [
      'a negative or fractional display size',
      JSON.stringify({ v, type: 'display-size', stream: 'screen', width: 10, height: 1.5 }),
      /height must be an integer/,
    ],
    [
      'a media renewal whose reply is not a boolean',
      JSON.stringify({ v, type: 'media-renew', reply: 'yes' }),
      /reply must be a boolean/,
    ],
    ['a hello without media', JSON.stringify({ v, type: 'hello', member }), /media must be an object/],
    [
      'a hello with a numeric name',
      JSON.stringify({ v, type: 'hello', member: { ...member, name: 5 }, media }),
      /name must be a string/,
    ],
    [
      'a negative order',
      JSON.stringify({ v, type: 'member-admitted', member: { ...member, order: -1 } }),
      /order/,
    ],
    [
      'a boolean given as a string',
      JSON.stringify({ v, type: 'media-state', media: { ...media, publishing: 'yes' } }),
      /publishing/,
    ],
    [
      'a hello whose features are not a list of short strings',
      JSON.stringify({ v, type: 'hello', member, media, session: 's1', relayed: false, features: [1] }),
      /features are short strings/,
    ],
    [
      'a screen id that is a number',
      JSON.stringify({ v, type: 'media-state', media: { ...media, screen: 5 } }),
      /screen must be a string/,
    ],
    [
      'an overlong screen id',
      JSON.stringify({ v, type: 'media-state', media: { ...media, screen: 'a'.repeat(65) } }),
      /screen is longer than 64/,
    ],
    [
      'an empty screen id',
      JSON.stringify({ v, type: 'media-state', media: { ...media, screen: '' } }),
      /screen must be a stream id/,
    ],
    [
      'a screen id with spaces or markup',
      JSON.stringify({ v, type: 'media-state', media: { ...media, screen: 'a b<script>' } }),
      /screen must be a stream id/,
    ],
    [
      'a signal with both parts',
      JSON.stringify({ v, type: 'signal', description: { type: 'offer', sdp: 'x' }, candidate: {} }),
      /exactly one/,
    ],
    ['a signal with neither', JSON.stringify({ v, type: 'signal' }), /exactly one/],
    [
      'a pranswer',
      JSON.stringify({ v, type: 'signal', description: { type: 'pranswer', sdp: 'x' } }),
      /offer or answer/,
    ],
    [
      'a chat over 4 KiB of UTF-8 (under 4,096 characters)',
      JSON.stringify({ v, type: 'chat', id: 'abcdefgh', sentAt: 1, text: 'é'.repeat(2049), direct: false }),
      /text is longer than 4096 bytes/,
    ],
    [
      'a chat over 4,096 characters',
      JSON.stringify({ v, type: 'chat', id: 'abcdefgh', sentAt: 1, text: 'x'.repeat(4097), direct: false }),
      /text is longer than 4096/,
    ],
    [
      'an empty chat',
      JSON.stringify({ v, type: 'chat', id: 'abcdefgh', sentAt: 1, text: ' \n', direct: false }),
      /text must not be empty/,
    ],
    [
      'a chat with a short id',
      JSON.stringify({ v, type: 'chat', id: 'abc', sentAt: 1, text: 'hi', direct: false }),
      /id must be 8 to 64/,
    ],
    [
      'a chat with markup in its id',
      JSON.stringify({
        v,
        type: 'chat',
        id: '<img src=x onerror=alert(1)>',
        sentAt: 1,
        text: 'hi',
        direct: false,
      }),
      /id must be 8 to 64/,
    ],
    [
      'a chat without direct',
      JSON.stringify({ v, type: 'chat', id: 'abcdefgh', sentAt: 1, text: 'hi' }),
      /direct must be a boolean/,
    ],
    [
      'a chat with a time that is not a whole number',
      JSON.stringify({ v, type: 'chat', id: 'abcdefgh', sentAt: 1.5, text: 'hi', direct: false }),
      /sentAt must be an integer/,
    ],
    [
      'a history of more than 200 messages',
      JSON.stringify({
        v,
        type: 'chat-history',
        messages: Array(201).fill({ id: 'abcdefgh', from: 'huddle-r-m-62', name: 'b', sentAt: 1, text: 'x' }),
      }),
      /at most 200/,
    ],
    [
      'a history entry without a sender',
      JSON.stringify({
        v,
        type: 'chat-history',
        messages: [{ id: 'abcdefgh', name: 'b', sentAt: 1, text: 'x' }],
      }),
      /from must be a string/,
    ],
    [
      'a history that is not a list',
      JSON.stringify({ v, type: 'chat-history', messages: { 0: 'x' } }),
      /messages must be a list/,
    ],
    [
      'an oversized message',
      JSON.stringify({ v, type: 'bye', pad: 'x'.repeat(MAX_MESSAGE_LENGTH) }),
      /larger than/,
    ],
  ];

  it.each(invalid)('refuses %s with a reason', (_label, raw, reason) => {
    const parsed = parsePeerMessage(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe('keeper messages', () => {
  it('accepts a join request and refuses a malformed one', () => {
    const request = { v, type: 'join-request', versions: [1], name: 'Ann' };
    expect(parseKeeperRequest(encode(request as never))).toEqual({ ok: true, message: request });
    expect(parseKeeperRequest(JSON.stringify({ ...request, versions: [] })).ok).toBe(false);
    expect(parseKeeperRequest(JSON.stringify({ ...request, versions: ['1'] })).ok).toBe(false);
    expect(parseKeeperRequest(JSON.stringify({ ...request, name: '' })).ok).toBe(false);
    expect(parseKeeperRequest(JSON.stringify({ v, type: 'hello', member, media })).ok).toBe(false);
    // Offering the connection as the link: a boolean, or absent (older joiners).
    const offering = { ...request, link: true };
    expect(parseKeeperRequest(encode(offering as never))).toEqual({ ok: true, message: offering });
    expect(parseKeeperRequest(JSON.stringify({ ...request, link: 'yes' })).ok).toBe(false);
  });

  it('accepts a passcode proof only as 64 hex digits', () => {
    const proof = { v, type: 'passcode-proof', proof: 'a'.repeat(64) };
    expect(parseKeeperRequest(encode(proof as never))).toEqual({ ok: true, message: proof });
    expect(parseKeeperRequest(JSON.stringify({ ...proof, proof: 'g'.repeat(64) })).ok).toBe(false);
    expect(parseKeeperRequest(JSON.stringify({ ...proof, proof: 'a'.repeat(63) })).ok).toBe(false);
  });

  it('accepts challenges, lobby waits and every rejection code', () => {
    const challenge = { v, type: 'passcode-challenge', nonce: 'AAEC/w==' };
    expect(parseKeeperReply(encode(challenge as never))).toEqual({ ok: true, message: challenge });
    expect(parseKeeperReply(JSON.stringify({ ...challenge, nonce: 'not base64!' })).ok).toBe(false);
    expect(parseKeeperReply(JSON.stringify({ v, type: 'join-waiting' })).ok).toBe(true);
    for (const code of ['wrong-passcode', 'room-locked', 'removed', 'denied']) {
      expect(parseKeeperReply(JSON.stringify({ v, type: 'join-rejected', code, reason: 'r' })).ok).toBe(true);
    }
  });

  it('accepts the keeper replies', () => {
    const accepted = { v, type: 'join-accepted', you: member, roster: [member] };
    const rejected = { v, type: 'join-rejected', code: 'name-taken', reason: 'taken' };
    expect(parseKeeperReply(encode(accepted as never))).toEqual({ ok: true, message: accepted });
    expect(parseKeeperReply(encode(rejected as never))).toEqual({ ok: true, message: rejected });
    expect(parseKeeperReply(JSON.stringify({ ...rejected, code: 'nope' })).ok).toBe(false);
    expect(parseKeeperReply(JSON.stringify({ ...accepted, roster: Array(65).fill(member) })).ok).toBe(false);
    // The connection kept as the link to this member: a peer id, or absent (older keepers).
    const keeping = { ...accepted, link: member.peerId };
    expect(parseKeeperReply(encode(keeping as never))).toEqual({ ok: true, message: keeping });
    expect(parseKeeperReply(JSON.stringify({ ...accepted, link: true })).ok).toBe(false);
    expect(parseKeeperReply(JSON.stringify({ ...accepted, link: '' })).ok).toBe(false);
    expect(parseKeeperReply(JSON.stringify({ ...accepted, link: 'x'.repeat(257) })).ok).toBe(false);
  });
});
