/**
 * A certificate refusal from the desktop app's main process, checked before
 * the join view shows it: the fingerprints the user compares must be real
 * SHA-256 fingerprints, and nothing else of the message reaches the page.
 */
import { describe, expect, it } from 'vitest';
import { parseCertificateRefusal } from '../../../renderer/bridge/certificate-refusal.js';
import { fuzzMessages } from '../../support/fuzz-messages.js';

const pinned = 'ab12'.repeat(16);
const presented = 'ef56'.repeat(16);
const refusal = { host: '192.168.1.5', port: 8765, expected: [pinned], got: presented };

describe('parseCertificateRefusal', () => {
  it('accepts a well-formed refusal, with or without a port or a readable certificate', () => {
    expect(parseCertificateRefusal(refusal)).toEqual(refusal);
    expect(parseCertificateRefusal({ ...refusal, port: null, got: null })).toEqual({
      ...refusal,
      port: null,
      got: null,
    });
    expect(parseCertificateRefusal({ ...refusal, expected: [pinned, presented] })?.expected).toEqual([
      pinned,
      presented,
    ]);
  });

  it('gives fingerprints in canonical form and drops unknown fields', () => {
    const spelled = pinned.toUpperCase().match(/../g)?.join(':') ?? '';
    expect(parseCertificateRefusal({ ...refusal, expected: [spelled], extra: '<b>x</b>' })).toEqual(refusal);
  });

  it.each([
    ['nothing', null],
    ['a string', 'refused'],
    ['no host', { ...refusal, host: '' }],
    ['a host with spaces', { ...refusal, host: '192.168.1.5 (your bank)' }],
    ['a host with a control character', { ...refusal, host: '192.168.1.5\u0007' }],
    ['a very long host', { ...refusal, host: 'a'.repeat(254) }],
    ['a port of 0', { ...refusal, port: 0 }],
    ['a port too high', { ...refusal, port: 65536 }],
    ['a fractional port', { ...refusal, port: 8765.5 }],
    ['a port as text', { ...refusal, port: '8765' }],
    ['no expected fingerprint', { ...refusal, expected: [] }],
    ['expected as text', { ...refusal, expected: pinned }],
    ['a short expected fingerprint', { ...refusal, expected: ['ab12'] }],
    ['too many expected fingerprints', { ...refusal, expected: Array.from({ length: 34 }, () => pinned) }],
    ['a presented fingerprint that is not one', { ...refusal, got: 'zz'.repeat(32) }],
    ['a presented fingerprint as a number', { ...refusal, got: 42 }],
    ['no presented field', { host: refusal.host, port: refusal.port, expected: refusal.expected }],
  ])('refuses %s', (_name, value) => {
    expect(parseCertificateRefusal(value)).toBeNull();
  });
});

describe('parseCertificateRefusal on hostile input', () => {
  it('never throws, and passes only refusals whose fingerprints are canonical', () => {
    const values = fuzzMessages(20261130, 400).flatMap((text): unknown[] => {
      try {
        return [
          JSON.parse(text),
          { ...refusal, got: JSON.parse(text) },
          { ...refusal, host: JSON.parse(text) },
        ];
      } catch {
        return [text];
      }
    });
    for (const value of values) {
      const parsed = parseCertificateRefusal(value);
      if (!parsed) continue;
      for (const fingerprint of [...parsed.expected, parsed.got ?? pinned]) {
        expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
      }
    }
  });
});
