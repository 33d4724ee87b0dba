/**
 * Which server certificates the desktop app accepts beyond those the system
 * trusts: exactly the pinned certificate (by SHA-256 fingerprint) for the
 * pinned host and port, and nothing else. Never a blanket "ignore certificate
 * errors": a host without a pin gets Chromium's own verification.
 *
 * Pins come from the app's own hosting (its page reaches its host over
 * loopback) and from invites, which carry the host's fingerprint. Plain
 * Node, so the decision is unit-tested without Electron.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { fingerprintFromHex, fingerprintGroups } from '../renderer/contract/certificate-fingerprint.js';
import type { CertificateRefusal, HostedServer } from '../renderer/contract/host-bridge.js';

export interface CertificatePin {
  /** Hostname or IP as in a URL (IPv6 with or without brackets). */
  host: string;
  port: number;
  /** SHA-256 of the certificate, 64 hex digits. */
  fingerprint: string;
}

export interface PresentedCertificate {
  hostname: string;
  /** Null where the caller cannot tell (Electron's verify procedure is given no port). */
  port: number | null;
  /** The certificate as PEM, as Electron hands it over. */
  pem: string;
}

export type PinDecision =
  | { verdict: 'accept' }
  /** A pin exists for this host and the certificate is another: refuse, say why (for the log), and what (for the page). */
  | { verdict: 'refuse'; reason: string; refusal: CertificateRefusal }
  /** No pin for this host: Chromium's own verification decides. */
  | { verdict: 'default' };

/** One spelling per host: lower case, no trailing dot, IPv6 without brackets. */
export function normaliseHost(host: string): string {
  const bare = host.trim().toLowerCase().replace(/\.$/, '');
  return bare.startsWith('[') && bare.endsWith(']') ? bare.slice(1, -1) : bare;
}

/** A pin from untrusted input (an invite the page read), or null when any part is malformed. */
export function parsePin(value: unknown): CertificatePin | null {
  if (typeof value !== 'object' || value === null) return null;
  const { host, port, fingerprint } = value as Record<string, unknown>;
  if (typeof host !== 'string' || typeof port !== 'number' || typeof fingerprint !== 'string') return null;
  const bare = normaliseHost(host);
  const validHost =
    isIP(bare) !== 0 ||
    /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/.test(
      bare,
    );
  const canonical = fingerprintFromHex(fingerprint);
  if (!validHost || !Number.isInteger(port) || port < 1 || port > 65535 || !canonical) return null;
  return { host: bare, port, fingerprint: canonical };
}

function fingerprintOfPem(pem: string): string | null {
  try {
    return fingerprintFromHex(new X509Certificate(pem).fingerprint256);
  } catch {
    return null;
  }
}

export function pinDecision(presented: PresentedCertificate, pins: readonly CertificatePin[]): PinDecision {
  const host = normaliseHost(presented.hostname);
  const forHost = pins.filter(
    (pin) => normaliseHost(pin.host) === host && (presented.port === null || pin.port === presented.port),
  );
  if (forHost.length === 0) return { verdict: 'default' };
  const fingerprint = fingerprintOfPem(presented.pem);
  if (fingerprint && forHost.some((pin) => pin.fingerprint === fingerprint)) return { verdict: 'accept' };
  const where = presented.port === null ? host : `${host}:${presented.port}`;
  const expected = forHost.map((pin) => fingerprintGroups(pin.fingerprint).join(' ')).join(' or ');
  const got = fingerprint ? fingerprintGroups(fingerprint).join(' ') : 'an unreadable certificate';
  return {
    verdict: 'refuse',
    reason: `The certificate of ${where} is not the one in the invite (expected ${expected}, got ${got}): someone may be intercepting the connection.`,
    refusal: {
      host,
      port: presented.port,
      expected: [...new Set(forHost.map((pin) => pin.fingerprint))],
      got: fingerprint,
    },
  };
}

/** Electron's setCertificateVerifyProc codes: 0 trust, -2 refuse, -3 use Chromium's verification. */
export function verifyProcResult(decision: PinDecision): 0 | -2 | -3 {
  return decision.verdict === 'accept' ? 0 : decision.verdict === 'refuse' ? -2 : -3;
}

/** The pins invites added, bounded: a page cannot make the list grow without end. */
export function createPinList(limit = 32): {
  add(pin: CertificatePin): void;
  list(): CertificatePin[];
} {
  let pins: CertificatePin[] = [];
  return {
    add(pin) {
      // A newer invite for the same host and port replaces the older pin.
      pins = pins.filter((kept) => !(kept.host === pin.host && kept.port === pin.port));
      pins.push(pin);
      if (pins.length > limit) pins = pins.slice(-limit);
    },
    list: () => [...pins],
  };
}

/** The app's own host, as its page reaches it (over loopback), pinned to its certificate. */
export function pinsOfOwnHost(hosted: HostedServer | null): CertificatePin[] {
  const fingerprint = hosted?.certificateFingerprint;
  if (!hosted || !fingerprint) return [];
  return [{ host: hosted.server.host, port: hosted.server.port, fingerprint }];
}
