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
].join('; ');

/** Sent with every response. */
export function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // A page with camera access must not be framed (clickjacking); CSP's
  // frame-ancestors would say the same but the policy text is fixed above.
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

/** Sent with HTML documents only: the CSP governs documents, not assets. */
export function setDocumentHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy);
  // The document names the hashed asset files, so it must be revalidated after a rebuild.
  res.setHeader('Cache-Control', 'no-cache');
}
