/**
 * Invites, in their two spellings, read by one parser:
 *
 * - the web client's address, for browsers and phones:
 *   `https://192.168.1.5:8765/?room=maple-1&key=K&fp=3f2a…`
 * - the desktop app's link, which the system hands to Huddle:
 *   `huddle://join?server=https%3A%2F%2F192.168.1.5%3A8765&room=maple-1&key=K&fp=3f2a…`
 *
 * Both name the rendezvous server (the PeerJS path and key only when they
 * are not the defaults; a Huddle host's key is random, so its invites always
 * carry it), the room, and over HTTPS the SHA-256 fingerprint of the host's
 * certificate. Never the passcode: that is told separately.
 *
 * A `huddle://` link can come from any web page the user visits, so parsing
 * is strict: a link is taken whole or refused with the reason, never half
 * understood. Each value is checked against the narrow form Huddle writes.
 */
import { fingerprintFromHex } from '../contract/certificate-fingerprint.js';
import type { RendezvousServer } from '../contract/rendezvous-server.js';
import { MAX_ROOM_ID_LENGTH } from './names.js';

export const DEFAULT_PEER_PATH = '/peerjs';
/** PeerJS's own default key, which stock servers use unless told otherwise. */
export const DEFAULT_PEER_KEY = 'peerjs';
export const APP_LINK_SCHEME = 'huddle';
/** Far above any invite Huddle writes (about 200 characters), far below anything a URL bar chokes on. */
export const MAX_INVITE_LENGTH = 1024;

export interface ParsedInvite {
  roomId: string;
  server: RendezvousServer;
  /** SHA-256 of the host's certificate, 64 lowercase hex digits; null when the invite carries none. */
  fingerprint: string | null;
}

export type InviteReading = { ok: true; invite: ParsedInvite } | { ok: false; reason: string };

/** The web client's address with the room, and the path, key and fingerprint where they are needed. */
export function inviteLink(
  webClientUrl: string,
  roomId: string,
  server: RendezvousServer,
  fingerprint: string | null = null,
): string {
  const url = new URL(webClientUrl);
  url.searchParams.set('room', roomId);
  if (server.path !== DEFAULT_PEER_PATH) url.searchParams.set('path', server.path);
  if (server.key !== DEFAULT_PEER_KEY) url.searchParams.set('key', server.key);
  // Over plain HTTP there is no certificate to name. Links carry the canonical 64 hex digits.
  const canonical = fingerprint ? fingerprintFromHex(fingerprint) : null;
  if (canonical && url.protocol === 'https:') url.searchParams.set('fp', canonical);
  return url.toString();
}

/** The same invite as a `huddle://join?…` link, which opens the desktop app's join form. */
export function appLink(invite: ParsedInvite): string {
  const { server } = invite;
  const params = new URLSearchParams();
  params.set('server', serverOrigin(server));
  params.set('room', invite.roomId);
  if (server.path !== DEFAULT_PEER_PATH) params.set('path', server.path);
  if (server.key !== DEFAULT_PEER_KEY) params.set('key', server.key);
  if (invite.fingerprint && server.secure) params.set('fp', invite.fingerprint);
  return `${APP_LINK_SCHEME}://join?${params.toString()}`;
}

/** `https://host:port`, as the `server` of an app link names it. */
function serverOrigin(server: RendezvousServer): string {
  // An IPv6 address found on the network comes without the brackets a URL needs.
  const host = server.host.includes(':') && !server.host.startsWith('[') ? `[${server.host}]` : server.host;
  return new URL(`${server.secure ? 'https' : 'http'}://${host}:${server.port}`).origin;
}

/** Reads an invite in either spelling; null when the text is not one (see `readInvite` for why). */
export function parseInvite(text: string): ParsedInvite | null {
  const reading = readInvite(text);
  return reading.ok ? reading.invite : null;
}

/** Whether the text means to be a link at all (as opposed to a room id typed in the same field). */
export function looksLikeLink(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(text.trim());
}

const appLinkPrefix = /^huddle:\/\/join\/?\?/i;

/** Reads an invite in either spelling, or says why it is not one. */
export function readInvite(text: string): InviteReading {
  const trimmed = text.trim();
  if (trimmed.length > MAX_INVITE_LENGTH) return refuse('it is too long to be an invite');
  // Spaces, control characters and non-ASCII never appear in a link Huddle writes
  // (URLs percent-encode them); refusing them rules out look-alike characters too.
  if (!/^[\x21-\x7e]+$/.test(trimmed)) return refuse('it contains characters no invite has');
  if (/^huddle:/i.test(trimmed)) return readAppLink(trimmed);
  return readWebInvite(trimmed);
}

function refuse(reason: string): InviteReading {
  return { ok: false, reason };
}

/** `https://host:port/…?room=…`: the server is the page's own origin. */
function readWebInvite(text: string): InviteReading {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('it is not a link');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return refuse('it is not an https:, http: or huddle: link');
  }
  // Written exactly as a URL parser writes it back: no user name or password,
  // no percent-encoded or oddly spelt host, no backslashes, no fragment.
  if (url.href !== text || url.username || url.password || url.hash) {
    return refuse('it is not written the way Huddle writes invites');
  }
  return readParams(url.searchParams, serverFromOrigin(url), ['room', 'path', 'key', 'fp']);
}

/** `huddle://join?server=…&room=…`: the server is a parameter, an origin and nothing more. */
function readAppLink(text: string): InviteReading {
  const prefix = appLinkPrefix.exec(text);
  if (!prefix) return refuse('a huddle: link must start with huddle://join?');
  const query = text.slice(prefix[0].length);
  if (query.includes('#')) return refuse('it is not written the way Huddle writes invites');
  const params = new URLSearchParams(query);
  const origins = params.getAll('server');
  if (origins.length !== 1) return refuse('it does not name one server');
  const origin = origins[0] ?? '';
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return refuse('its server is not an address');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return refuse('its server is not an https: or http: address');
  }
  // Exactly `scheme://host:port`: a path, query, user name or any other
  // spelling (percent-encoding, a trailing dot, a number in hex) is refused.
  if (url.origin !== origin) return refuse('its server is not written as https://host:port');
  return readParams(params, serverFromOrigin(url), ['server', 'room', 'path', 'key', 'fp']);
}

type ServerOrigin = Pick<RendezvousServer, 'host' | 'port' | 'secure'>;

function serverFromOrigin(url: URL): ServerOrigin {
  const secure = url.protocol === 'https:';
  return { host: url.hostname, port: url.port ? Number(url.port) : secure ? 443 : 80, secure };
}

const roomIdPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** The rule `--key` enforces on a Huddle host, which also covers PeerJS's default key. */
const keyPattern = /^[A-Za-z0-9._~-]{1,64}$/;
/** The rule `--peer-path` enforces, less its checks that only the host needs. */
const pathPattern = /^\/[A-Za-z0-9._~\-/]{1,99}$/;

/** The parameters both spellings share, each given at most once and checked; any other is refused. */
function readParams(params: URLSearchParams, origin: ServerOrigin, known: readonly string[]): InviteReading {
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (!known.includes(name)) {
      // Quoted for the user, so shortened and stripped of what percent-decoding
      // can bring in (control or direction-changing characters).
      const shown = name.slice(0, 24).replace(/[^\x20-\x7e]/g, '?');
      return refuse(`it has a part Huddle does not know ("${shown}")`);
    }
    if (seen.has(name)) return refuse(`it gives "${name}" more than once`);
    seen.add(name);
  }
  const roomId = params.get('room');
  if (roomId === null) return refuse('it names no room');
  if (!roomIdPattern.test(roomId) || roomId.length > MAX_ROOM_ID_LENGTH) {
    return refuse('its room id is not one Huddle makes');
  }
  const path = params.get('path') ?? DEFAULT_PEER_PATH;
  if (!pathPattern.test(path) || path.split('/').some((segment) => segment === '.' || segment === '..')) {
    return refuse('its server path is malformed');
  }
  const key = params.get('key') ?? DEFAULT_PEER_KEY;
  if (!keyPattern.test(key)) return refuse('its server key is malformed');
  const fp = params.get('fp');
  let fingerprint: string | null = null;
  if (fp !== null) {
    fingerprint = fingerprintFromHex(fp);
    if (!fingerprint) return refuse('its certificate fingerprint is not a SHA-256 fingerprint');
    // Plain HTTP has no certificate: a fingerprint there means the link was tampered with.
    if (!origin.secure) return refuse('it gives a certificate fingerprint for a plain-HTTP server');
  }
  return { ok: true, invite: { roomId, server: { ...origin, path, key }, fingerprint } };
}
