/**
 * What the join view says when the desktop app refused a host's certificate,
 * and the refusals it remembers. Chromium keeps a certificate's verdict for a
 * while and does not ask the app again, so a second try at the same host
 * fails with no new refusal: the remembered one still explains it.
 */
import { fingerprintGroups } from '../contract/certificate-fingerprint.js';
import type { CertificateRefusal, RendezvousServer } from '../contract/host-bridge.js';

/** One spelling per host, as the app's pins use: lower case, no trailing dot, IPv6 without brackets. */
function sameHost(a: string, b: string): boolean {
  const bare = (host: string): string =>
    host
      .trim()
      .toLowerCase()
      .replace(/\.$/, '')
      .replace(/^\[(.*)\]$/, '$1');
  return bare(a) === bare(b);
}

/** Whether the refusal is about this server: its host, and its port where the app could tell. */
export function refusalConcerns(refusal: CertificateRefusal, server: RendezvousServer | null): boolean {
  if (!server?.secure || !sameHost(refusal.host, server.host)) return false;
  return refusal.port === null || refusal.port === server.port;
}

/**
 * The refusal in words, with both fingerprints in the groups of four the
 * invite summary and the host's screen show. `server`, the one being joined,
 * gives the port where the app could not tell it.
 */
export function describeRefusal(refusal: CertificateRefusal, server: RendezvousServer | null): string {
  const port = refusal.port ?? (server && refusalConcerns(refusal, server) ? server.port : null);
  const host = refusal.host.includes(':') ? `[${refusal.host}]` : refusal.host;
  const where = port === null ? refusal.host : `${host}:${port}`;
  const groups = (fingerprint: string): string => fingerprintGroups(fingerprint).join(' ');
  const expected = refusal.expected.map(groups).join(' or ');
  const got = refusal.got ? groups(refusal.got) : 'a certificate that could not be read';
  return (
    `The host ${where} presented a different certificate than the invite said ` +
    `(expected ${expected}, got ${got}). Someone may be intercepting the connection; ` +
    'ask the host to check the fingerprint.'
  );
}

/** The latest refusal for each host, a bounded few: a host that keeps failing cannot fill memory. */
export function createRefusalMemory(limit = 16): {
  remember(refusal: CertificateRefusal): void;
  /** The refusal that explains a failed join to this server, if one was seen. */
  find(server: RendezvousServer): CertificateRefusal | null;
  /** A join to this server worked: whatever was refused there is past. */
  forget(server: RendezvousServer): void;
} {
  let kept: CertificateRefusal[] = [];
  return {
    remember(refusal) {
      kept = [...kept.filter((old) => !sameHost(old.host, refusal.host)), refusal].slice(-limit);
    },
    find: (server) => kept.find((refusal) => refusalConcerns(refusal, server)) ?? null,
    forget(server) {
      kept = kept.filter((refusal) => !refusalConcerns(refusal, server));
    },
  };
}
