/**
 * Checks a certificate refusal from the desktop app's main process before
 * the join view shows it. The fingerprints are what the user compares with
 * the host's screen, so only canonical SHA-256 fingerprints pass; a
 * malformed refusal is dropped whole, as screen-source-request.ts does.
 */
import { fingerprintFromHex } from '../contract/certificate-fingerprint.js';
import type { CertificateRefusal } from '../contract/host-bridge.js';

/** The app keeps at most 32 invite pins, plus its own host's. */
const MAX_EXPECTED = 33;
/** The longest DNS name; an IPv6 address is shorter. */
const MAX_HOST_LENGTH = 253;

function canonical(value: unknown): string | null {
  return typeof value === 'string' ? fingerprintFromHex(value) : null;
}

/** The refusal, or null if any part of it is malformed. */
export function parseCertificateRefusal(value: unknown): CertificateRefusal | null {
  if (typeof value !== 'object' || value === null) return null;
  const { host, port, expected, got } = value as Record<string, unknown>;
  if (typeof host !== 'string' || host.length === 0 || host.length > MAX_HOST_LENGTH) return null;
  // Shown as text, but a host name has no spaces or control characters to mislead with.
  if (/[\s\p{Cc}]/u.test(host)) return null;
  const validPort = typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
  if (port !== null && !validPort) return null;
  if (!Array.isArray(expected) || expected.length === 0 || expected.length > MAX_EXPECTED) return null;
  const pinned = expected.map(canonical);
  if (pinned.some((fingerprint) => fingerprint === null)) return null;
  const presented = got === null ? null : canonical(got);
  if (got !== null && presented === null) return null;
  return { host, port, expected: pinned as string[], got: presented };
}
