import { describe, expect, it } from 'vitest';
import {
  checkHostedRoom,
  encodeRoomTxt,
  parseRoomTxt,
  type RoomAdvert,
} from '../../../../main/discovery/txt-record.js';

const advert: RoomAdvert = {
  roomId: 'maple-comet-4821',
  hostName: 'Ada',
  members: 3,
  passcode: true,
  protocolVersion: 1,
  path: '/peerjs',
  key: 'Zm9vYmFyYmF6cXV4',
  fingerprint: null,
};

const fingerprint = Array.from({ length: 32 }, (_, i) =>
  (i * 7).toString(16).padStart(2, '0').toUpperCase(),
).join(':');

/** The TXT strings of `advert` with some fields replaced (raw strings or bytes). */
function txt(overrides: Record<string, string | Buffer | null> = {}): Buffer[] {
  const fields: Record<string, string | Buffer | null> = {
    txtvers: '1',
    room: advert.roomId,
    name: advert.hostName,
    members: '3',
    pass: 'y',
    proto: '1',
    path: '/peerjs',
    key: advert.key,
    ...overrides,
  };
  return Object.entries(fields)
    .filter((entry): entry is [string, string | Buffer] => entry[1] !== null)
    .map(([key, value]) => Buffer.concat([Buffer.from(`${key}=`), Buffer.from(value)]));
}

describe('room TXT records', () => {
  it('reads back what it writes, with and without a fingerprint', () => {
    expect(parseRoomTxt(encodeRoomTxt(advert))).toEqual(advert);
    const secure = { ...advert, passcode: false, fingerprint };
    expect(parseRoomTxt(encodeRoomTxt(secure))).toEqual(secure);
  });

  it('refuses to write an advertisement it would not read', () => {
    expect(() => encodeRoomTxt({ ...advert, roomId: 'Not A Room' })).toThrow();
    expect(() => encodeRoomTxt({ ...advert, members: -1 })).toThrow();
  });

  it('takes keys in any case, the first of a repeated key, and ignores unknown keys', () => {
    const strings = [Buffer.from('ROOM=first-room'), ...txt({ room: null }), Buffer.from('room=second-room')];
    strings.push(Buffer.from('colour=blue'), Buffer.from('flag'));
    expect(parseRoomTxt(strings)?.roomId).toBe('first-room');
  });

  it('accepts a fingerprint as bare hex and writes it as colon pairs', () => {
    const bare = fingerprint.replaceAll(':', '').toLowerCase();
    expect(parseRoomTxt(txt({ fp: bare }))?.fingerprint).toBe(fingerprint);
  });

  describe('hostile records', () => {
    it('are not lists of byte strings: dropped', () => {
      for (const value of [
        null,
        undefined,
        'room=x',
        42,
        {},
        [42],
        ['room=a-room'],
        [null],
        [{ length: 3 }],
      ]) {
        expect(parseRoomTxt(value)).toBeNull();
      }
    });

    it('overlong: a string past 255 bytes, or too many strings, drops the record', () => {
      expect(parseRoomTxt(txt({ name: 'x'.repeat(300) }))).toBeNull();
      const many = [...txt(), ...Array.from({ length: 20 }, (_, i) => Buffer.from(`extra${i}=1`))];
      expect(parseRoomTxt(many)).toBeNull();
    });

    it('a long name is cut to 32 characters', () => {
      const name = parseRoomTxt(txt({ name: 'A'.repeat(200) }))?.hostName ?? '';
      expect([...name]).toHaveLength(32);
      expect(name.endsWith('…')).toBe(true);
    });

    it('bad UTF-8 in any field drops the record', () => {
      const invalid = Buffer.from([0x41, 0xc3, 0x28, 0xff, 0xfe]);
      expect(parseRoomTxt(txt({ name: invalid }))).toBeNull();
      expect(parseRoomTxt(txt({ room: invalid }))).toBeNull();
      // An overlong encoding of "<" is invalid UTF-8 too, not a way to smuggle markup.
      expect(parseRoomTxt(txt({ name: Buffer.from([0xc0, 0xbc]) }))).toBeNull();
    });

    it('markup and script in the name stay plain text; control and bidi characters go', () => {
      const script = '<img src=x onerror=alert(1)>';
      expect(parseRoomTxt(txt({ name: script }))?.hostName).toBe(script);
      expect(parseRoomTxt(txt({ name: '<script>x</script>' }))?.hostName).toBe('<script>x</script>');
      expect(parseRoomTxt(txt({ name: 'Eve\u202Egnp.exe\u0000\u0007\n\tBob' }))?.hostName).toBe(
        'Evegnp.exe Bob',
      );
      expect(parseRoomTxt(txt({ name: '\u200B\u202E \u0000' }))).toBeNull();
    });

    it('wrong types or shapes in the other fields drop the record', () => {
      const wrong: Array<Record<string, string | null>> = [
        { txtvers: null },
        { txtvers: '2' },
        { room: null },
        { room: '' },
        { room: 'UPPER-case' },
        { room: 'a'.repeat(41) },
        { room: 'room id' },
        { room: 'a-room<script>' },
        { name: null },
        { members: 'three' },
        { members: '-1' },
        { members: '1e3' },
        { members: '1000' },
        { members: '0x10' },
        { pass: 'yes' },
        { pass: null },
        { proto: '0' },
        { proto: '1.5' },
        { path: 'peerjs' },
        { path: '/../admin' },
        { path: '/a b' },
        { key: '' },
        { key: 'a key' },
        { key: 'k'.repeat(65) },
        { fp: 'AB:CD' },
        { fp: 'javascript:alert(1)' },
        { fp: '' },
      ];
      for (const overrides of wrong)
        expect(parseRoomTxt(txt(overrides)), JSON.stringify(overrides)).toBeNull();
      // A key with no value at all is as good as missing.
      expect(parseRoomTxt([...txt({ pass: null }), Buffer.from('pass')])).toBeNull();
    });
  });

  describe("the page's room to advertise", () => {
    const room = {
      roomId: 'maple-comet-4821',
      hostName: 'Ada',
      members: 2,
      passcode: false,
      protocolVersion: 1,
    };

    it('is taken when every field is in shape, its name cleaned', () => {
      expect(checkHostedRoom(room)).toEqual(room);
      expect(checkHostedRoom({ ...room, hostName: ' Ada\u202E ', extra: 'ignored' })).toEqual(room);
    });

    it('is refused otherwise', () => {
      for (const value of [
        null,
        'room',
        { ...room, roomId: 'no spaces please' },
        { ...room, members: 2.5 },
        { ...room, members: '2' },
        { ...room, passcode: 'no' },
        { ...room, hostName: 42 },
        { ...room, hostName: '' },
        { ...room, protocolVersion: 0 },
      ]) {
        expect(checkHostedRoom(value)).toBeNull();
      }
    });
  });
});
