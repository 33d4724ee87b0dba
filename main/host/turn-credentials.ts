/**
 * Short-lived TURN credentials from a shared secret: the "TURN REST API"
 * scheme that coturn implements with `use-auth-secret`.
 *
 * The relay and this host share one secret; the host hands each browser a
 * username that carries its own expiry time and a password derived from it:
 *
 *     username   = "<unix expiry in seconds>:<user>"
 *     credential = base64(HMAC-SHA1(secret, username))
 *
 * The relay recomputes the HMAC and refuses expired usernames, so it needs
 * no user database and a leaked credential stops working by itself. The
 * secret itself never leaves the host.
 */
import { createHmac } from 'node:crypto';
import type { IceServer } from '../../renderer/contract/host-bridge.js';
import { urlHost } from './lan-addresses.js';

export interface TurnCredentials {
  /** `"<unix expiry>:<user>"`. */
  username: string;
  /** base64 of HMAC-SHA1(secret, username). */
  credential: string;
}

/** What the credentials are for when none is given: one hour, long enough for a meeting to start. */
export const defaultTurnTtlSeconds = 3600;

/**
 * Mints credentials valid for `ttlSeconds` from `now` (milliseconds since the
 * epoch, as `Date.now()` returns; injectable for tests).
 */
export function mintTurnCredentials(
  secret: string,
  user: string,
  ttlSeconds: number,
  now: number = Date.now(),
): TurnCredentials {
  if (secret === '') throw new Error('TURN credentials need a non-empty shared secret');
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new Error(`TURN credential lifetime must be a positive whole number of seconds, got ${ttlSeconds}`);
  }
  const expiry = Math.floor(now / 1000) + ttlSeconds;
  const username = `${expiry}:${user}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential };
}

/** The expiry (unix seconds) a TURN REST username carries, or null if it carries none. */
export function turnUsernameExpiry(username: string): number | null {
  const match = /^(\d{1,12}):/.exec(username);
  return match ? Number(match[1]) : null;
}

export type TurnTransport = 'udp' | 'tcp';

export interface TurnIceServerOptions {
  /** Hostname or IP the browser uses to reach the relay (IPv6 with or without brackets). */
  host: string;
  /** The relay's plain (UDP and TCP) listening port. */
  port: number;
  secret: string;
  ttlSeconds: number;
  /** Goes after the expiry in the username; shows up in the relay's log. */
  user: string;
  /** Plain transports to offer; both by default. `[]` with `tls` offers TLS only. */
  transports?: readonly TurnTransport[];
  /** Also offer TURN over TLS (`turns:`), on this port (and host, if it differs). */
  tls?: { port: number; host?: string };
  /** Milliseconds since the epoch; `Date.now()` unless given. */
  now?: number;
}

/**
 * One ICE server entry with every URL of the relay and freshly minted
 * credentials, in the shape of `RTCIceServer`.
 */
export function turnIceServers(options: TurnIceServerOptions): IceServer[] {
  const { username, credential } = mintTurnCredentials(
    options.secret,
    options.user,
    options.ttlSeconds,
    options.now,
  );
  const host = urlHost(options.host);
  const urls = (options.transports ?? ['udp', 'tcp']).map(
    (transport) => `turn:${host}:${options.port}?transport=${transport}`,
  );
  if (options.tls) {
    urls.push(`turns:${urlHost(options.tls.host ?? options.host)}:${options.tls.port}?transport=tcp`);
  }
  if (urls.length === 0) throw new Error('turnIceServers: no transport to offer');
  return [{ urls, username, credential }];
}
