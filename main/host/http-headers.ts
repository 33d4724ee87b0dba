/**
 * Security headers of the web host.
 *
 * The page asks for camera and microphone, so it must not be framed by other
 * sites or run scripts from anywhere but its own origin. `ws:`/`wss:` are
 * allowed because guests may join a PeerJS server on another host.
 */
import type { ServerResponse } from 'node:http';

export const contentSecurityPolicy = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "media-src 'self' blob: mediastream:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "script-src 'self'",
  // Not covered by default-src: no <base> to re-point relative URLs, forms
  // post nowhere else, no plugins, and no framing by other sites.
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sent with every response. */
export function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // A page with camera access must not be framed (clickjacking): CSP's
  // frame-ancestors says so to current browsers, this to older ones.
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

/** Sent with HTML documents only: the CSP governs documents, not assets. */
export function setDocumentHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy);
  // The document names the hashed asset files, and the host's page carries
  // the host's description (host-page.ts): new at every start, so never kept.
  res.setHeader('Cache-Control', 'no-store');
}
