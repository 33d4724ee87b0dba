/**
 * A certificate's SHA-256 fingerprint, as the host, its invites and the
 * desktop app's pinning share it: 64 lowercase hex digits in code and links,
 * short groups on screen for people to compare by eye.
 */
import type { RendezvousServer, TrustedCertificate } from './host-bridge.js';

/** The fingerprint in canonical form from hex in any spelling (`AB:CD…`, `ab cd…`, `abcd…`); null if it is not one. */
export function fingerprintFromHex(text: string): string | null {
  if (text.length > 200) return null;
  const hex = text.replace(/[\s:]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

/**
 * Sixteen groups of four, `3F2A 91C0 …`: browsers show the fingerprint as
 * pairs (`3F 2A 91 C0`), so each group is two of their pairs, read left to right.
 */
export function fingerprintGroups(fingerprint: string): string[] {
  return (fingerprint.toUpperCase().match(/.{4}/g) ?? []).slice(0, 16);
}

/**
 * The certificate the desktop app should trust for a join: the invite's
 * fingerprint for the invite's server, over TLS only (a plain connection
 * has no certificate to pin).
 */
export function pinForJoin(
  server: RendezvousServer,
  fingerprint: string | null | undefined,
): TrustedCertificate | null {
  const canonical = fingerprint ? fingerprintFromHex(fingerprint) : null;
  if (!canonical || !server.secure) return null;
  return { host: server.host, port: server.port, fingerprint: canonical };
}
