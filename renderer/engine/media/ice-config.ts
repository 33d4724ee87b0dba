/**
 * ICE settings for every connection a member makes: the STUN/TURN servers
 * (from the rendezvous server's host, or typed in by the user) and whether to
 * use the relay only, which hides the member's IP addresses from peers.
 */
import type { IceServer } from '../../contract/rendezvous-server.js';
import { HuddleError } from '../errors.js';

export interface IceSettings {
  iceServers: RTCIceServer[];
  relayOnly: boolean;
}

export function rtcConfiguration(ice: IceSettings): RTCConfiguration {
  return { iceServers: ice.iceServers, iceTransportPolicy: ice.relayOnly ? 'relay' : 'all' };
}

/** A server's URLs as a list (RTCIceServer allows one URL alone). */
export function urlsOf(server: RTCIceServer): string[] {
  return Array.isArray(server.urls) ? server.urls : [server.urls];
}

export function hasRelay(ice: IceSettings): boolean {
  return ice.iceServers.some((server) => urlsOf(server).some((url) => /^turns?:/iu.test(url)));
}

/**
 * The same servers with every way to reach a relay but over UDP left out:
 * STUN, and `turn:` URLs over UDP (UDP is what a `turn:` URL without a
 * transport means). For a connection that should relay over UDP once UDP to
 * the relay is known to work (see relay-upgrade.ts).
 */
export function udpRelayServers(servers: readonly RTCIceServer[]): RTCIceServer[] {
  const kept: RTCIceServer[] = [];
  for (const server of servers) {
    const urls = urlsOf(server).filter(
      (url) => /^stun:/iu.test(url) || (/^turn:/iu.test(url) && !/[?&]transport=(?!udp\b)/iu.test(url)),
    );
    if (urls.length) kept.push({ ...server, urls });
  }
  return kept;
}

export function toRtcIceServers(servers: readonly IceServer[] | undefined): RTCIceServer[] {
  return (servers ?? []).map((server) => ({
    urls: [...server.urls],
    ...(server.username !== undefined ? { username: server.username } : {}),
    ...(server.credential !== undefined ? { credential: server.credential } : {}),
  }));
}

/**
 * Reads the relay fields of the join form: URLs separated by commas or
 * spaces (`stun:`, `turn:` or `turns:`), with one username and credential.
 */
export function parseIceServerFields(urlsText: string, username: string, credential: string): IceServer[] {
  const urls = urlsText.split(/[\s,]+/u).filter(Boolean);
  if (urls.length === 0) return [];
  const bad = urls.find((url) => !/^(stun|turns?):[^\s]+$/iu.test(url));
  if (bad) {
    throw new HuddleError(
      'ice-config-invalid',
      `"${bad}" is not a STUN or TURN address (stun:, turn: or turns:).`,
    );
  }
  const needsCredentials = urls.some((url) => /^turns?:/iu.test(url));
  if (needsCredentials && (!username || !credential)) {
    throw new HuddleError('ice-config-invalid', 'A TURN relay needs a username and a credential.');
  }
  return [{ urls, ...(needsCredentials ? { username, credential } : {}) }];
}
