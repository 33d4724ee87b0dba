/**
 * Huddle's own checks on the values of the host's options: each returns the
 * value as the host uses it, or a message saying what was expected.
 */
import { isIP } from 'node:net';

/** A checked value, or the message telling the user what was expected. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = <T>(error: string): Checked<T> => ({ ok: false, error });

/** Hostnames such as `localhost`; IP literals are checked by `isIP`. */
export const hostnamePattern =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function checkBind(value: string): Checked<string> {
  if (isIP(value) !== 0 || hostnamePattern.test(value)) return ok(value);
  return fail(`--bind expects an IP address or hostname, got "${value}"`);
}

export function checkPort(flag: string, value: string, min = 0): Checked<number> {
  const expected = `${flag} expects a number from ${min} to 65535, got "${value}"`;
  // Only plain decimal digits: `Number()` would also accept "0x10", "1e3" and " 8 ".
  if (!/^\d{1,5}$/.test(value)) return fail(expected);
  const port = Number(value);
  return port < min || port > 65535 ? fail(expected) : ok(port);
}

/** A whole number in a range; `why` explains a bound that is not obvious. */
export function checkWholeNumber(
  flag: string,
  value: string,
  range: { min: number; max: number; why?: string },
): Checked<number> {
  const expected = `${flag} expects a whole number from ${range.min} to ${range.max}${range.why ?? ''}, got "${value}"`;
  if (!/^\d{1,9}$/.test(value)) return fail(expected);
  const number = Number(value);
  return number < range.min || number > range.max ? fail(expected) : ok(number);
}

/** The same characters the PeerJS client puts in a URL path unescaped, so the path works as given. */
export function checkPeerPath(value: string): Checked<string> {
  if (!value.startsWith('/')) return fail(`--peer-path must start with "/", got "${value}"`);
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(value)) {
    return fail(`--peer-path may contain only letters, digits and . _ ~ - /, got "${value}"`);
  }
  if (value.split('/').some((segment) => segment === '.' || segment === '..')) {
    return fail(`--peer-path must not contain "." or ".." segments, got "${value}"`);
  }
  // "/peerjs/" and "/peerjs" mount the same server; keep one spelling for URLs.
  const normalised = value.replace(/\/+$/, '').replace(/\/{2,}/g, '/') || '/';
  if (normalised === '/' || /^\/api(\/|$)/.test(normalised)) {
    // The web client is served at "/" and its host description under "/api".
    return fail(`--peer-path must name a sub-path such as /peerjs, not "${value}"`);
  }
  return ok(normalised);
}

export function checkKey(value: string): Checked<string> {
  // The key travels in a query string and in the REST path `/<path>/<key>/id`.
  if (!/^[A-Za-z0-9._~-]{1,64}$/.test(value)) {
    return fail(`--key must be 1-64 letters, digits or . _ ~ -, got "${value}"`);
  }
  return ok(value);
}

/** Secrets and logins go into a config file and a JSON answer: printable, no spaces, no "#". */
export function checkSecret(flag: string, value: string): Checked<string> {
  if (!/^[\x21-\x7e]{1,256}$/.test(value) || value.includes('#')) {
    return fail(`${flag} must be 1-256 printable characters without spaces or "#"`);
  }
  return ok(value);
}

export interface TurnUrl {
  host: string;
  port: number;
  secure: boolean;
}

/** `turn:HOST[:PORT]` or `turns:HOST[:PORT]`, without query or credentials. */
export function checkTurnUrl(value: string): Checked<TurnUrl> {
  const expected = `--turn-url expects turn:HOST[:PORT] or turns:HOST[:PORT], got "${value}"`;
  const match = /^(turns?):(\[[0-9A-Fa-f:.]+\]|[^:/?#@[\]]+)(?::(\d{1,5}))?$/.exec(value);
  if (!match) return fail(expected);
  const [, scheme, host = '', portText] = match;
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 0 && !hostnamePattern.test(bare)) return fail(expected);
  const secure = scheme === 'turns';
  const port = portText === undefined ? (secure ? 5349 : 3478) : Number(portText);
  if (port < 1 || port > 65535) return fail(expected);
  return ok({ host: bare, port, secure });
}

/** The URL forms of RFC 7064/7065 that browsers accept in `RTCIceServer.urls`. */
export function checkIceUrl(value: string): Checked<string> {
  if (!/^(stuns?|turns?):[^\s]{1,512}$/.test(value)) {
    return fail(`--ice-server expects a stun:, stuns:, turn: or turns: URL, got "${value}"`);
  }
  return ok(value);
}

/** A file or folder name as the user typed it; the host reads it later and says if it cannot. */
export function checkFilePath(flag: string, value: string): Checked<string> {
  if (value.length > 4096 || value.includes('\0')) return fail(`${flag} expects a file name, got "${value}"`);
  return ok(value);
}
