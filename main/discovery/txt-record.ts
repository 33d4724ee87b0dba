/**
 * The TXT record of a room's DNS-SD advertisement (`_huddle._tcp`): written
 * by the host, read by everyone on the network.
 *
 * Reading treats every byte as hostile. Each field has a fixed shape and a
 * length cap; an advertisement with a field out of shape is dropped whole,
 * so a hostile one can at most show a wrong (but inert, capped) host name or
 * point at its own sender's address. Keys follow RFC 6763 §6: short, ASCII,
 * case-insensitive, and only the first occurrence of a key counts.
 */
import type { HostedRoomAdvert } from '../../renderer/contract/host-bridge.js';

/** The format of these TXT records; a different one is a format this build cannot read. */
export const TXT_FORMAT_VERSION = '1';

/** A room as advertised: what the page says about it, plus how to reach its server. */
export interface RoomAdvert extends HostedRoomAdvert {
  /** The PeerJS server's mount path and key (the address and port come from the packet and SRV record). */
  path: string;
  key: string;
  fingerprint: string | null;
}

/** RFC 6763 §6.1: one string is at most 255 bytes; a record with many more entries than ours is not ours. */
const MAX_STRING_BYTES = 255;
const MAX_STRINGS = 16;
/** As renderer/engine/names.ts checks them: lower-case words of letters and digits joined by dashes. */
const ROOM_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_ROOM_ID_LENGTH = 40;
/** Display names in a room are at most 32 characters (names.ts); a longer one is cut. */
const MAX_HOST_NAME_LENGTH = 32;
const MAX_MEMBERS = 999;
const PEER_PATH = /^\/[A-Za-z0-9._~/-]{0,63}$/;
const PEER_KEY = /^[A-Za-z0-9._~-]{1,64}$/;
const FINGERPRINT = /^[0-9A-F]{2}(?::[0-9A-F]{2}){31}$/;
/**
 * Control characters, and the format characters that reorder or hide text
 * (bidi overrides and isolates, zero-width marks): a name shows as what it is.
 */
// eslint-disable-next-line no-control-regex
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The TXT strings for `advert`; throws if any field is out of shape (the caller's bug, not the network's). */
export function encodeRoomTxt(advert: RoomAdvert): Buffer[] {
  const fields: Array<[string, string]> = [
    ['txtvers', TXT_FORMAT_VERSION],
    ['room', advert.roomId],
    ['name', advert.hostName],
    ['members', String(advert.members)],
    ['pass', advert.passcode ? 'y' : 'n'],
    ['proto', String(advert.protocolVersion)],
    ['path', advert.path],
    ['key', advert.key],
  ];
  if (advert.fingerprint !== null) fields.push(['fp', advert.fingerprint]);
  const strings = fields.map(([key, value]) => Buffer.from(`${key}=${value}`, 'utf8'));
  if (!parseRoomTxt(strings)) throw new Error(`Not a valid room advertisement: ${JSON.stringify(advert)}`);
  return strings;
}

/** The advertised room, or null when the record is not one this build can show safely. */
export function parseRoomTxt(strings: unknown): RoomAdvert | null {
  const fields = readFields(strings);
  if (!fields || fields.get('txtvers') !== TXT_FORMAT_VERSION) return null;
  const roomId = fields.get('room');
  const hostName = cleanHostName(fields.get('name'));
  const members = smallNumber(fields.get('members'), 0, MAX_MEMBERS);
  const pass = fields.get('pass');
  const protocolVersion = smallNumber(fields.get('proto'), 1, 999);
  const path = fields.get('path');
  const key = fields.get('key');
  const fingerprint = fields.has('fp') ? normaliseFingerprint(fields.get('fp')) : null;
  if (typeof roomId !== 'string' || roomId.length > MAX_ROOM_ID_LENGTH || !ROOM_ID.test(roomId)) return null;
  if (hostName === null || members === null || protocolVersion === null) return null;
  if (pass !== 'y' && pass !== 'n') return null;
  if (typeof path !== 'string' || !PEER_PATH.test(path) || path.includes('..')) return null;
  if (typeof key !== 'string' || !PEER_KEY.test(key)) return null;
  if (fingerprint === undefined) return null;
  return { roomId, hostName, members, passcode: pass === 'y', protocolVersion, path, key, fingerprint };
}

/**
 * The page's description of the room it hosts, checked as untrusted input
 * (it crossed from the renderer), or null.
 */
export function checkHostedRoom(value: unknown): HostedRoomAdvert | null {
  if (typeof value !== 'object' || value === null) return null;
  const { roomId, hostName, members, passcode, protocolVersion } = value as Record<string, unknown>;
  if (typeof roomId !== 'string' || typeof hostName !== 'string' || typeof passcode !== 'boolean')
    return null;
  if (!Number.isInteger(members) || !Number.isInteger(protocolVersion)) return null;
  const room = {
    roomId,
    hostName,
    members: members as number,
    passcode,
    protocolVersion: protocolVersion as number,
  };
  // The same checks as reading it back from the network, with a placeholder server.
  const parsed = parseRoomTxt(
    [
      `txtvers=${TXT_FORMAT_VERSION}`,
      `room=${room.roomId}`,
      `name=${room.hostName}`,
      `members=${room.members}`,
      `pass=${room.passcode ? 'y' : 'n'}`,
      `proto=${room.protocolVersion}`,
      'path=/',
      'key=k',
    ].map((text) => Buffer.from(text, 'utf8')),
  );
  return parsed ? { ...room, hostName: parsed.hostName } : null;
}

/** Key (lower-cased) to value; null if the record is not a list of byte strings within the caps. */
function readFields(strings: unknown): Map<string, string | null> | null {
  if (!Array.isArray(strings) || strings.length > MAX_STRINGS) return null;
  const fields = new Map<string, string | null>();
  for (const entry of strings) {
    if (!(entry instanceof Uint8Array) || entry.length > MAX_STRING_BYTES) return null;
    const bytes = Buffer.from(entry.buffer, entry.byteOffset, entry.length);
    const equals = bytes.indexOf(0x3d);
    const keyBytes = equals === -1 ? bytes : bytes.subarray(0, equals);
    // Keys are printable US-ASCII (RFC 6763 §6.4); anything else is not a key of ours.
    if (keyBytes.length === 0 || keyBytes.some((byte) => byte < 0x20 || byte > 0x7e)) continue;
    const key = keyBytes.toString('latin1').toLowerCase();
    if (fields.has(key)) continue;
    if (equals === -1) {
      fields.set(key, null);
      continue;
    }
    try {
      fields.set(key, utf8.decode(bytes.subarray(equals + 1)));
    } catch {
      // Bad UTF-8: the field is unreadable, which the checks above treat as missing.
      fields.set(key, null);
    }
  }
  return fields;
}

/** Visible text, whitespace collapsed, cut to the cap; null when nothing showable is left. */
function cleanHostName(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  // Line breaks and tabs become spaces first, so they still separate words.
  const clean = value.replace(/\s+/gu, ' ').replace(UNSHOWABLE, '').replace(/ {2,}/g, ' ').trim();
  if (!clean) return null;
  const chars = [...clean];
  return chars.length > MAX_HOST_NAME_LENGTH
    ? `${chars.slice(0, MAX_HOST_NAME_LENGTH - 1).join('')}…`
    : clean;
}

function smallNumber(value: string | null | undefined, min: number, max: number): number | null {
  if (typeof value !== 'string' || !/^\d{1,3}$/.test(value)) return null;
  const number = Number(value);
  return number >= min && number <= max ? number : null;
}

/** Upper-case colon-separated SHA-256; undefined for a value that is not one (the advertisement is dropped). */
function normaliseFingerprint(value: string | null | undefined): string | null | undefined {
  if (typeof value !== 'string') return undefined;
  const hex = value.toUpperCase();
  const spaced = /^[0-9A-F]{64}$/.test(hex) ? (hex.match(/../g) ?? []).join(':') : hex;
  return FINGERPRINT.test(spaced) ? spaced : undefined;
}
