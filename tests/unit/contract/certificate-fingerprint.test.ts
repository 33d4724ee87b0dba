/** The certificate fingerprint as invites carry it and people read it. */
import { describe, expect, it } from 'vitest';
import {
  fingerprintFromHex,
  fingerprintGroups,
  pinForJoin,
} from '../../../renderer/contract/certificate-fingerprint.js';

const fingerprint = '3f2a91c0'.repeat(8);

describe('fingerprintFromHex', () => {
  it('accepts the spellings browsers and tools print, giving one canonical form', () => {
    const colons = fingerprint.toUpperCase().match(/../g)?.join(':') ?? '';
    expect(fingerprintFromHex(colons)).toBe(fingerprint);
    expect(fingerprintFromHex(fingerprint.toUpperCase().match(/../g)?.join(' ') ?? '')).toBe(fingerprint);
    expect(fingerprintFromHex(fingerprint)).toBe(fingerprint);
  });

  it.each([
    '',
    'ab',
    fingerprint.slice(1),
    `${fingerprint}0`,
    fingerprint.replace('3', 'g'),
    ' '.repeat(300),
  ])('refuses %j', (text) => {
    expect(fingerprintFromHex(text)).toBeNull();
  });
});

describe('fingerprintGroups', () => {
  it('is sixteen groups of four upper-case digits', () => {
    expect(fingerprintGroups(fingerprint)).toEqual(Array.from({ length: 8 }, () => ['3F2A', '91C0']).flat());
  });
});

describe('pinForJoin', () => {
  const server = { host: '192.168.1.5', port: 8765, path: '/peerjs', key: 'k', secure: true };

  it("pins the invite's fingerprint to the invite's host and port", () => {
    expect(pinForJoin(server, fingerprint.toUpperCase())).toEqual({
      host: '192.168.1.5',
      port: 8765,
      fingerprint,
    });
  });

  it('pins nothing without a valid fingerprint or over plain connections', () => {
    expect(pinForJoin(server, null)).toBeNull();
    expect(pinForJoin(server, 'abc')).toBeNull();
    expect(pinForJoin({ ...server, secure: false }, fingerprint)).toBeNull();
  });
});
