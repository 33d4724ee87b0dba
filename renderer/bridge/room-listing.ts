/**
 * Checks a listing of network rooms from the desktop app's main process
 * before the join view shows it. The main process validated every field it
 * read from the network (main/discovery/txt-record.ts); this checks the
 * shape again after the process boundary, and refuses a malformed listing
 * whole, as screen-source-request.ts does.
 */
import type { DiscoveredRoom, RoomListing } from '../contract/host-bridge.js';

const MAX_ROOMS = 200;
const MAX_TEXT = 300;

function text(value: unknown, max = MAX_TEXT): value is string {
  return typeof value === 'string' && value.length <= max;
}

function count(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

function parseRoom(value: unknown): DiscoveredRoom | null {
  if (typeof value !== 'object' || value === null) return null;
  const { key, roomId, hostName, members, passcode, protocolVersion, fingerprint, server } = value as Record<
    string,
    unknown
  >;
  if (!text(key) || !text(roomId, 40) || !text(hostName, 64) || typeof passcode !== 'boolean') return null;
  if (!count(members, 999) || !count(protocolVersion, 999)) return null;
  if (fingerprint !== null && !text(fingerprint, 95)) return null;
  if (typeof server !== 'object' || server === null) return null;
  const { host, port, path, key: peerKey, secure } = server as Record<string, unknown>;
  if (!text(host, 64) || !count(port, 65535) || !text(path, 64) || !text(peerKey, 64)) return null;
  if (typeof secure !== 'boolean') return null;
  return {
    key,
    roomId,
    hostName,
    members,
    passcode,
    protocolVersion,
    fingerprint,
    server: { host, port, path, key: peerKey, secure },
  };
}

/** The listing, or null if any part of it is malformed. */
export function parseRoomListing(value: unknown): RoomListing | null {
  if (typeof value !== 'object' || value === null) return null;
  const { available, reason, rooms } = value as Record<string, unknown>;
  if (available === false) return text(reason) ? { available: false, reason } : null;
  if (available !== true || !Array.isArray(rooms) || rooms.length > MAX_ROOMS) return null;
  const parsed = rooms.map(parseRoom);
  return parsed.every((room) => room !== null) ? { available: true, rooms: parsed } : null;
}
