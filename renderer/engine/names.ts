/**
 * Display names, room ids and the PeerJS ids derived from them.
 *
 * A member's peer id is derived from the room id and its normalised display
 * name, so the rendezvous server's own rule — one live peer per id — is what
 * makes names unique in a room, atomically, even on a stock PeerJS server.
 */
import { HuddleError } from './errors.js';

export const MAX_NAME_LENGTH = 32;
export const MAX_ROOM_ID_LENGTH = 40;
const PEER_ID_PREFIX = 'huddle';

/**
 * The form in which two names clash: Unicode compatibility-folded (so
 * full-width `ｂｏｂ` is `bob`), whitespace collapsed, case-folded.
 */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** Cleans a typed display name for showing; throws `name-invalid` when unusable. */
export function checkDisplayName(name: string): string {
  const shown = name.normalize('NFC').trim().replace(/\s+/gu, ' ');
  if (shown.length === 0) throw new HuddleError('name-invalid', 'Please enter a display name.');
  if ([...shown].length > MAX_NAME_LENGTH) {
    throw new HuddleError('name-invalid', `A display name can be at most ${MAX_NAME_LENGTH} characters.`);
  }
  // Control and format characters would let two names look alike or break layout.
  if (/[\p{Cc}\p{Cf}]/u.test(shown)) {
    throw new HuddleError('name-invalid', 'A display name cannot contain control characters.');
  }
  return shown;
}

/** Room ids are lower-case words joined by dashes, so they survive being typed, read aloud and put in URLs. */
export function normaliseRoomId(roomId: string): string {
  return roomId
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/gu, '-');
}

export function checkRoomId(roomId: string): string {
  const id = normaliseRoomId(roomId);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/u.test(id) || id.length > MAX_ROOM_ID_LENGTH) {
    throw new HuddleError(
      'room-id-invalid',
      `A room id is 1–${MAX_ROOM_ID_LENGTH} letters and digits, optionally separated by dashes.`,
    );
  }
  return id;
}

function toHex(text: string): string {
  return [...new TextEncoder().encode(text)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * `huddle-<room>-m-<hex of normalised name>`. The hex part has no dashes, so
 * the last `-m-` splits an id unambiguously and no member id of one room can
 * equal an id of another.
 */
export function memberPeerId(roomId: string, name: string): string {
  return `${PEER_ID_PREFIX}-${roomId}-m-${toHex(normaliseName(name))}`;
}

/** The (normalised) name a member id of `roomId` encodes, or null. */
export function nameFromMemberPeerId(roomId: string, peerId: string): string | null {
  if (!isMemberPeerIdOf(roomId, peerId)) return null;
  const hex = peerId.slice(`${PEER_ID_PREFIX}-${roomId}-m-`.length);
  const bytes = new Uint8Array(hex.match(/../gu)?.map((pair) => parseInt(pair, 16)) ?? []);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The well-known id held by the room's keeper, the member who admits joiners. */
export function keeperPeerId(roomId: string): string {
  return `${PEER_ID_PREFIX}-${roomId}-keeper`;
}

/**
 * The well-known id held by the room's deputy: the member next in line to
 * keep it, who answers joiners when the keeper has vanished without letting
 * its id go (see room/deputy.ts).
 */
export function deputyPeerId(roomId: string): string {
  return `${PEER_ID_PREFIX}-${roomId}-deputy`;
}

/** True when `peerId` is a member id of `roomId` (any name). */
export function isMemberPeerIdOf(roomId: string, peerId: string): boolean {
  const prefix = `${PEER_ID_PREFIX}-${roomId}-m-`;
  return peerId.startsWith(prefix) && /^(?:[0-9a-f]{2})+$/u.test(peerId.slice(prefix.length));
}

const WORDS = [
  'amber',
  'birch',
  'cedar',
  'delta',
  'ember',
  'fjord',
  'grove',
  'harbor',
  'indigo',
  'juniper',
  'kestrel',
  'lagoon',
  'maple',
  'nectar',
  'orchid',
  'pebble',
  'quartz',
  'raven',
  'sierra',
  'tundra',
  'umber',
  'violet',
  'willow',
  'yarrow',
  'zephyr',
  'copper',
  'meadow',
  'summit',
  'canyon',
  'comet',
];

/** A fresh room id such as `maple-comet-4821`: easy to read out, hard to guess by accident. */
export function generateRoomId(random: () => number = Math.random): string {
  const pick = (): string => WORDS[Math.floor(random() * WORDS.length)] ?? 'room';
  const digits = String(Math.floor(random() * 10000)).padStart(4, '0');
  return `${pick()}-${pick()}-${digits}`;
}
