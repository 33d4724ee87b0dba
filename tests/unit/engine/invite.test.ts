/**
 * Invites and `huddle://` links: one parser for both spellings. A link can
 * come from any web page, so the hostile cases matter as much as the good ones.
 */
import { describe, expect, it } from 'vitest';
import {
  appLink,
  inviteLink,
  looksLikeLink,
  MAX_INVITE_LENGTH,
  parseInvite,
  readInvite,
} from '../../../renderer/engine/invite.js';

const server = { host: '192.168.1.5', port: 8765, path: '/peerjs', key: 'peerjs', secure: false };
const secureServer = { ...server, key: 'Kq2-x_9.~', secure: true };
const fingerprint = '3f2a91c0'.repeat(8);
const webInvite = `https://192.168.1.5:8765/?room=maple-1&key=Kq2-x_9.%7E&fp=${fingerprint}`;
const huddleLink = `huddle://join?server=https%3A%2F%2F192.168.1.5%3A8765&room=maple-1&key=Kq2-x_9.%7E&fp=${fingerprint}`;

describe('invite links', () => {
  it('carry the room, and the path and key only when not the defaults', () => {
    expect(inviteLink('http://192.168.1.5:8765/', 'maple-1', server)).toBe(
      'http://192.168.1.5:8765/?room=maple-1',
    );
    const custom = inviteLink('http://10.0.0.2:9000/', 'x', { ...server, path: '/rv', key: 'k 1' });
    expect(custom).toBe('http://10.0.0.2:9000/?room=x&path=%2Frv&key=k+1');
  });

  it('carry the fingerprint over https only', () => {
    expect(inviteLink('https://192.168.1.5:8765/', 'maple-1', secureServer, fingerprint)).toBe(webInvite);
    expect(inviteLink('http://h:1/', 'a', server, fingerprint)).toBe('http://h:1/?room=a');
  });

  it('round-trip to the server, room and fingerprint they name', () => {
    const link = inviteLink('http://192.168.1.5:8765/', 'maple-1', { ...server, key: 'secret' });
    expect(parseInvite(link)).toEqual({
      roomId: 'maple-1',
      server: { ...server, key: 'secret' },
      fingerprint: null,
    });
    expect(parseInvite(webInvite)).toEqual({ roomId: 'maple-1', server: secureServer, fingerprint });
    expect(parseInvite('https://example.org/?room=r')?.server).toMatchObject({ port: 443, secure: true });
  });

  it('accept the fingerprint in the spellings people copy from browsers', () => {
    const colons = fingerprint.toUpperCase().match(/../g)?.join(':') ?? '';
    expect(parseInvite(`https://h:1/?room=a&fp=${colons}`)?.fingerprint).toBe(fingerprint);
    // A network advertisement's spelling: the link carries the canonical digits.
    expect(inviteLink('https://192.168.1.5:8765/', 'maple-1', secureServer, colons)).toBe(webInvite);
  });

  it('are not mistaken for room ids and vice versa', () => {
    expect(parseInvite('maple-1')).toBeNull();
    expect(looksLikeLink('maple-1')).toBe(false);
    expect(looksLikeLink(' https://h/')).toBe(true);
    expect(parseInvite('http://192.168.1.5:8765/')).toBeNull();
  });
});

describe('huddle:// links', () => {
  it('are the same invite in the app link spelling, and read back the same', () => {
    const invite = parseInvite(webInvite);
    expect(invite).not.toBeNull();
    if (!invite) return;
    expect(appLink(invite)).toBe(huddleLink);
    expect(parseInvite(huddleLink)).toEqual(invite);
  });

  it('name a plain-HTTP server, a custom path and default ports', () => {
    const invite = { roomId: 'a', server: { ...server, path: '/rv' }, fingerprint: null };
    expect(appLink(invite)).toBe('huddle://join?server=http%3A%2F%2F192.168.1.5%3A8765&room=a&path=%2Frv');
    expect(parseInvite(appLink(invite))).toEqual(invite);
    const on443 = { roomId: 'a', server: { ...secureServer, port: 443 }, fingerprint };
    expect(parseInvite(appLink(on443))).toEqual(on443);
  });

  it('bracket an IPv6 address found on the network', () => {
    const invite = { roomId: 'a', server: { ...server, host: 'fe80::1' }, fingerprint: null };
    expect(parseInvite(appLink(invite))?.server.host).toBe('[fe80::1]');
  });

  it('accept the scheme in capitals and a slash before the query, as systems may pass them', () => {
    expect(parseInvite(huddleLink.replace('huddle://join?', 'HUDDLE://join/?'))).not.toBeNull();
  });
});

describe('hostile or broken links are refused with a reason', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['javascript:', 'javascript:alert(1)//?room=x', /not an https:, http: or huddle: link/],
    ['data:', 'data:text/html,<script>alert(1)</script>?room=x', /characters no invite has|not an https/],
    ['file:', 'file:///etc/passwd?room=x', /not an https:, http: or huddle: link/],
    ['ftp:', 'ftp://h/?room=x', /not an https:, http: or huddle: link/],
    [
      'another huddle action',
      'huddle://host?server=https%3A%2F%2Fh%3A1&room=a',
      /must start with huddle:\/\/join\?/,
    ],
    ['huddle without the slashes', 'huddle:join?server=https%3A%2F%2Fh%3A1&room=a', /must start/],
    ['an encoded action', 'huddle://%6Aoin?server=https%3A%2F%2Fh%3A1&room=a', /must start/],
    ['overlong', `https://h:1/?room=a&key=${'k'.repeat(MAX_INVITE_LENGTH)}`, /too long/],
    ['an overlong room', `https://h:1/?room=${'a'.repeat(41)}`, /room id/],
    ['a short fingerprint', 'https://h:1/?room=a&fp=abcd', /fingerprint/],
    ['a non-hex fingerprint', `https://h:1/?room=a&fp=${'g'.repeat(64)}`, /fingerprint/],
    ['a fingerprint over plain HTTP', `http://h:1/?room=a&fp=${fingerprint}`, /plain-HTTP/],
    ['two fingerprints', `https://h:1/?room=a&fp=${fingerprint}&fp=${fingerprint}`, /more than once/],
    ['two rooms', 'https://h:1/?room=a&room=b', /more than once/],
    ['no room', 'https://h:1/?key=k', /names no room/],
    ['an empty room', 'https://h:1/?room=', /room id/],
    ['no server', 'huddle://join?room=a', /one server/],
    [
      'two servers',
      'huddle://join?server=https%3A%2F%2Fa%3A1&server=https%3A%2F%2Fb%3A1&room=a',
      /one server/,
    ],
    ['a server with a path', 'huddle://join?server=https%3A%2F%2Fh%3A1%2Fx&room=a', /https:\/\/host:port/],
    ['a server with a user', 'huddle://join?server=https%3A%2F%2Fu%40h%3A1&room=a', /https:\/\/host:port/],
    [
      'a javascript: server',
      'huddle://join?server=javascript%3Aalert(1)&room=a',
      /not an https: or http: address/,
    ],
    ['a server not an address', 'huddle://join?server=nope&room=a', /not an address/],
    ['a double-encoded server', 'huddle://join?server=https%253A%252F%252Fh%253A1&room=a', /not an address/],
    ['a server in hex', 'huddle://join?server=https%3A%2F%2F0x7f.1%3A1&room=a', /https:\/\/host:port/],
    ['an unknown part', 'https://h:1/?room=a&next=https%3A%2F%2Fevil', /does not know \("next"\)/],
    ['an unknown part in an app link', `${huddleLink}&autojoin=1`, /does not know \("autojoin"\)/],
    ['a passcode', 'https://h:1/?room=a&passcode=1234', /does not know/],
    ['a user name', 'https://user@h:1/?room=a', /not written the way Huddle writes/],
    ['a fragment', 'https://h:1/?room=a#x', /not written the way Huddle writes/],
    ['a fragment in an app link', `${huddleLink}#x`, /not written the way Huddle writes/],
    ['a percent-encoded host', 'https://%68:1/?room=a', /not written the way Huddle writes/],
    ['backslashes', 'https:\\\\h:1\\?room=a', /not written the way Huddle writes/],
    ['a room smuggling another part', 'https://h:1/?room=a%26fp%3Dx', /room id/],
    ['a room with a newline', 'https://h:1/?room=a%0Ab', /room id/],
    ['a room in capitals', 'https://h:1/?room=Maple-1', /room id/],
    ['a key with a slash', 'https://h:1/?room=a&key=a%2Fb', /key/],
    ['a key with a space', 'https://h:1/?room=a&key=a+b', /key/],
    ['a path going up', 'https://h:1/?room=a&path=%2F..%2Fapi', /path/],
    ['a path not absolute', 'https://h:1/?room=a&path=peerjs', /path/],
    ['a space inside', 'https://h:1/?room=a b', /characters no invite has/],
    ['a control character', 'https://h:1/?room=a\u0000', /characters no invite has/],
    ['a look-alike letter', 'https://һ:1/?room=a', /characters no invite has/],
    ['empty text', '', /characters no invite has/],
  ];

  it.each(cases)('%s', (_what, text, reason) => {
    const reading = readInvite(text);
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.reason).toMatch(reason);
    expect(parseInvite(text)).toBeNull();
  });

  it('quote an unknown part shortened, as text only', () => {
    const reading = readInvite(`https://h:1/?room=a&${'x'.repeat(100)}=1`);
    expect(reading.ok ? '' : reading.reason).toBe(`it has a part Huddle does not know ("${'x'.repeat(24)}")`);
    const reversed = readInvite('https://h:1/?room=a&%E2%80%AEevil%0A=1');
    expect(reversed.ok ? '' : reversed.reason).toBe('it has a part Huddle does not know ("?evil?")');
  });
});
