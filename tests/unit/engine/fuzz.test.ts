import { describe, expect, it } from 'vitest';
import {
  parseKeeperReply,
  parseKeeperRequest,
  parsePeerMessage,
  encode,
} from '../../../renderer/engine/protocol/validate.js';
import { fuzzMessages } from '../../support/fuzz-messages.js';

const parsers = { parsePeerMessage, parseKeeperRequest, parseKeeperReply };

describe('the protocol parsers under fuzzing', () => {
  const messages = fuzzMessages(20261123, 6000);

  it.each(Object.entries(parsers))(
    '%s never throws, never mutates, and returns only what re-parses to itself',
    (_name, parse) => {
      let accepted = 0;
      for (const raw of messages) {
        const before = raw;
        const parsed = parse(raw);
        expect(raw).toBe(before);
        if (!parsed.ok) {
          expect(typeof parsed.reason).toBe('string');
          continue;
        }
        accepted++;
        // What comes out is plain data of the declared shape: encoding it and
        // parsing again yields the same message.
        expect(parse(encode(parsed.message))).toEqual(parsed);
      }
      // The mix holds both kinds, or the test would prove nothing.
      expect(accepted).toBeLessThan(messages.length);
    },
  );

  it('accepts some fuzzed peer messages (valid shapes survive) and refuses most', () => {
    const outcomes = messages.map((raw) => parsePeerMessage(raw).ok);
    const accepted = outcomes.filter(Boolean).length;
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(messages.length / 2);
  });

  it('lets through a kept link only as a boolean asked for and a member id answered, and both occur', () => {
    const requests = messages
      .map((raw) => parseKeeperRequest(raw))
      .flatMap((parsed) => {
        return parsed.ok && parsed.message.type === 'join-request' && 'link' in parsed.message
          ? [parsed.message.link]
          : [];
      });
    const answers = messages
      .map((raw) => parseKeeperReply(raw))
      .flatMap((parsed) => {
        return parsed.ok && parsed.message.type === 'join-accepted' && 'link' in parsed.message
          ? [parsed.message.link]
          : [];
      });
    for (const link of requests) expect(typeof link).toBe('boolean');
    for (const link of answers) expect(link).toMatch(/^.{1,256}$/su);
    expect(requests.length).toBeGreaterThan(10);
    expect(answers.length).toBeGreaterThan(10);
  });

  it('lets through a screen only as null or a bounded stream id, and both kinds occur', () => {
    const screens = messages
      .map((raw) => parsePeerMessage(raw))
      .flatMap((parsed) =>
        parsed.ok && (parsed.message.type === 'media-state' || parsed.message.type === 'hello')
          ? [parsed.message.media.screen]
          : [],
      );
    for (const screen of screens) {
      if (screen !== undefined && screen !== null) expect(screen).toMatch(/^[\x21-\x7e]{1,64}$/u);
    }
    expect(screens.filter((screen) => typeof screen === 'string').length).toBeGreaterThan(10);
    expect(screens.filter((screen) => screen === null).length).toBeGreaterThan(10);
  });

  it('lets through chat only with a bounded id and at most 4 KiB of text, and both kinds occur', () => {
    const parsed = messages.map((raw) => parsePeerMessage(raw));
    const texts = parsed.flatMap((result): Array<{ id: string; text: string }> =>
      result.ok && result.message.type === 'chat'
        ? [result.message]
        : result.ok && result.message.type === 'chat-history'
          ? result.message.messages
          : [],
    );
    for (const message of texts) {
      expect(message.id).toMatch(/^[A-Za-z0-9_-]{8,64}$/u);
      expect(new TextEncoder().encode(message.text).length).toBeLessThanOrEqual(4096);
    }
    expect(texts.length).toBeGreaterThan(10);
    const refused = messages.filter((raw) => /"type":"chat/u.test(raw) && !parsePeerMessage(raw).ok);
    expect(refused.length).toBeGreaterThan(10);
  });

  it('lets through a display size only for camera or screen, within 0 to 8192 pixels, and both kinds occur', () => {
    const sizes = messages.flatMap((raw) => {
      const parsed = parsePeerMessage(raw);
      return parsed.ok && parsed.message.type === 'display-size' ? [parsed.message] : [];
    });
    for (const size of sizes) {
      expect(['camera', 'screen']).toContain(size.stream);
      for (const value of [size.width, size.height]) {
        expect(Number.isInteger(value)).toBe(true);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(8192);
      }
    }
    expect(sizes.length).toBeGreaterThan(10);
    const refused = messages.filter((raw) => /"type":"display-size"/u.test(raw) && !parsePeerMessage(raw).ok);
    expect(refused.length).toBeGreaterThan(10);
  });

  it('is the same for the same seed', () => {
    expect(fuzzMessages(7, 50)).toEqual(fuzzMessages(7, 50));
    expect(fuzzMessages(7, 50)).not.toEqual(fuzzMessages(8, 50));
  });

  it('survives non-text input of every kind', () => {
    for (const raw of [undefined, null, 0, true, {}, [], new ArrayBuffer(8), Symbol('x'), () => 1]) {
      expect(parsePeerMessage(raw).ok).toBe(false);
      expect(parseKeeperRequest(raw).ok).toBe(false);
    }
  });
});
