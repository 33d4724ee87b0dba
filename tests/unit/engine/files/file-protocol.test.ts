/**
 * The file messages where they enter: what is accepted, what is refused and
 * why, and fuzzing of both the room-link messages and a transfer channel's
 * frames (never a throw, only plain data of the declared shape out).
 */
import { describe, expect, it } from 'vitest';
import { MAX_CHUNK_BYTES } from '../../../../renderer/engine/protocol/file-messages.js';
import {
  encode,
  parsePeerMessage,
  parseTransferFrame,
} from '../../../../renderer/engine/protocol/validate.js';

const ID = 'a1b2c3d4e5f60718';
const HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const offer = {
  v: 1,
  type: 'file-offer',
  id: ID,
  name: 'report.pdf',
  size: 5_000_000,
  mediaType: 'application/pdf',
  hash: null,
  direct: false,
};
const text = (message: object): string => JSON.stringify(message);

describe('file messages on the member link', () => {
  it('accepts an offer, an accept and every ending, and drops unknown fields', () => {
    expect(parsePeerMessage(text({ ...offer, extra: 1 }))).toEqual({ ok: true, message: offer });
    expect(parsePeerMessage(text({ ...offer, hash: HASH, mediaType: '' })).ok).toBe(true);
    expect(parsePeerMessage(text({ v: 1, type: 'file-accept', id: ID })).ok).toBe(true);
    for (const reason of ['declined', 'too-large', 'cancelled', 'received', 'checksum-mismatch', 'failed'])
      expect(parsePeerMessage(text({ v: 1, type: 'file-end', id: ID, reason })).ok).toBe(true);
  });

  it.each([
    [{ name: '../etc/passwd' }, 'name must be a file name'],
    [{ name: 'a\\b.txt' }, 'name must be a file name'],
    [{ name: 'bell\u0007.txt' }, 'name must be a file name'],
    [{ name: '..' }, 'name must be a file name'],
    [{ name: '   ' }, 'name must not be empty'],
    [{ name: 'x'.repeat(256) }, 'name is longer than 255'],
    [{ size: -1 }, 'size must be an integer'],
    [{ size: 1.5 }, 'size must be an integer'],
    [{ size: '10' }, 'size must be an integer'],
    [{ mediaType: 'text/html; charset=utf-8' }, 'mediaType must be a MIME type'],
    [{ id: 'short' }, 'id must be 8 to 64'],
    [{ id: '<script>alert(1)</script>' }, 'id must be 8 to 64'],
    [{ hash: HASH.toUpperCase() }, 'hash must be 64 lowercase hex digits'],
    [{ direct: 'yes' }, 'direct must be a boolean'],
  ])('refuses an offer with %j', (change, reason) => {
    const parsed = parsePeerMessage(text({ ...offer, ...change }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });

  it('refuses an ending it does not know', () => {
    expect(parsePeerMessage(text({ v: 1, type: 'file-end', id: ID, reason: 'exploded' })).ok).toBe(false);
  });
});

describe('frames on a transfer channel', () => {
  it('takes binary frames as chunks, from an ArrayBuffer or any view of one', () => {
    const buffer = new Uint8Array([0, 1, 2, 3, 4, 5]).buffer;
    const whole = parseTransferFrame(buffer);
    expect(whole.ok && whole.message.type === 'chunk' && [...whole.message.bytes]).toEqual([
      0, 1, 2, 3, 4, 5,
    ]);
    const part = parseTransferFrame(new Uint8Array(buffer, 2, 3));
    expect(part.ok && part.message.type === 'chunk' && [...part.message.bytes]).toEqual([2, 3, 4]);
  });

  it('refuses empty and oversized chunks', () => {
    expect(parseTransferFrame(new ArrayBuffer(0)).ok).toBe(false);
    expect(parseTransferFrame(new ArrayBuffer(MAX_CHUNK_BYTES + 1)).ok).toBe(false);
    expect(parseTransferFrame(new ArrayBuffer(MAX_CHUNK_BYTES)).ok).toBe(true);
  });

  it('takes resume, ack and end as text, and nothing else', () => {
    expect(parseTransferFrame(encode({ type: 'resume', offset: 0 }))).toEqual({
      ok: true,
      message: { v: 1, type: 'resume', offset: 0 },
    });
    expect(parseTransferFrame(encode({ type: 'ack', offset: 1 << 20 })).ok).toBe(true);
    expect(parseTransferFrame(encode({ type: 'end', hash: HASH })).ok).toBe(true);
    for (const bad of [
      { v: 1, type: 'ack', offset: -5 },
      { v: 1, type: 'ack', offset: 2 ** 53 },
      { v: 1, type: 'end', hash: 'nope' },
      { v: 1, type: 'chat', text: 'hi' },
      { v: 2, type: 'ack', offset: 1 },
    ])
      expect(parseTransferFrame(text(bad)).ok).toBe(false);
    for (const raw of [undefined, null, 7, {}, [], 'not json', Symbol('x')])
      expect(parseTransferFrame(raw).ok).toBe(false);
  });
});

/** Valid file messages and frames, mangled: a field dropped, retyped or stretched, or the text cut. */
function fuzzFileTexts(seed: number, count: number): string[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const oddValues = [null, true, -1, 1.5, 2 ** 53, '', 'x'.repeat(300), '../x', '\u0000', [], {}, HASH];
  const templates: Array<Record<string, unknown>> = [
    offer,
    { ...offer, hash: HASH, direct: true, mediaType: 'image/png' },
    { v: 1, type: 'file-accept', id: ID },
    { v: 1, type: 'file-end', id: ID, reason: 'received' },
    { v: 1, type: 'resume', offset: 0 },
    { v: 1, type: 'ack', offset: 65536 },
    { v: 1, type: 'end', hash: HASH },
  ];
  return Array.from({ length: count }, () => {
    const message = { ...pick(templates) };
    const keys = Object.keys(message);
    const mutation = random();
    if (mutation < 0.3) message[pick(keys)] = pick(oddValues);
    else if (mutation < 0.45) delete message[pick(keys)];
    else if (mutation < 0.55) return JSON.stringify(message).slice(0, Math.floor(random() * 60));
    return JSON.stringify(message);
  });
}

describe('file messages under fuzzing', () => {
  const texts = fuzzFileTexts(20261130, 3000);

  it.each([
    ['parsePeerMessage', parsePeerMessage],
    ['parseTransferFrame', parseTransferFrame],
  ] as const)('%s never throws and returns only what re-parses to itself', (_name, parse) => {
    let accepted = 0;
    for (const raw of texts) {
      const parsed = parse(raw);
      if (!parsed.ok) continue;
      accepted++;
      const { message } = parsed;
      if (message.type === 'chunk') throw new Error('a text frame came out as a chunk');
      expect(parse(encode(message as Parameters<typeof encode>[0]))).toEqual(parsed);
    }
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(texts.length);
  });

  it('lets no offer through with a name that is not one plain file name', () => {
    for (const raw of texts) {
      const parsed = parsePeerMessage(raw);
      if (parsed.ok && parsed.message.type === 'file-offer') {
        // eslint-disable-next-line no-control-regex
        expect(parsed.message.name).not.toMatch(/[/\\\u0000-\u001f]/u);
        expect(parsed.message.name.length).toBeLessThanOrEqual(255);
        expect(Number.isSafeInteger(parsed.message.size) && parsed.message.size >= 0).toBe(true);
      }
    }
  });
});
