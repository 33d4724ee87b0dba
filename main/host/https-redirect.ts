/**
 * What plain HTTP gets on the host's HTTPS port: a page sending the person to
 * the HTTPS address, and telling them what the browser's warning about the
 * certificate means and which fingerprint to compare. A page, not a bare
 * redirect: a redirect would land them on that warning with no explanation.
 */
import { createServer, type Server } from 'node:http';
import { fingerprintGroups } from '../../renderer/contract/certificate-fingerprint.js';
import { parseHostHeader } from './host-header.js';
import { setCommonHeaders } from './http-headers.js';

export interface RedirectRequest {
  /** The request's Host header, as received (untrusted). */
  host: string | undefined;
  /** The request target, as received (untrusted). */
  url: string | undefined;
}

export interface RedirectAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The page has no script, style, image or form of its own. */
const redirectPagePolicy = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The same place over HTTPS; the port is the one the host listens on, which serves both. */
export function httpsAddress(request: RedirectRequest, port: number): string | null {
  const host = parseHostHeader(request.host);
  if (!host) return null;
  const url = request.url ?? '/';
  // Origin-form targets only ("/path?query"); anything else goes to the start page.
  const target = /^\/(?!\/)[\x21-\x7e]{0,2047}$/.test(url) || url === '/' ? url : '/';
  return `https://${host.hostname}${port === 443 ? '' : `:${port}`}${target}`;
}

export function httpsRedirectAnswer(
  request: RedirectRequest,
  port: number,
  fingerprint: string,
): RedirectAnswer {
  const headers = {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': redirectPagePolicy,
    'Cache-Control': 'no-store',
  };
  const address = httpsAddress(request, port);
  if (!address) {
    return {
      status: 400,
      headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' },
      body: 'Bad Host header',
    };
  }
  const link = escapeHtml(address);
  const groups = fingerprintGroups(fingerprint).join(' ');
  const body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Huddle: open the secure address</title></head>
<body>
<h1>This Huddle host uses HTTPS</h1>
<p>Browsers let a page use your camera and microphone only over HTTPS. Continue to
<a id="https-link" href="${link}">${link}</a></p>
<p>This host made its own certificate, so your browser will warn that it cannot check who issued it.
Before you go past that warning, open the certificate's details and compare its SHA-256 fingerprint
with the one the host shows beside the invite:</p>
<p><code id="fingerprint">${escapeHtml(groups)}</code></p>
<p>If they are the same, continue. If they differ, do not: someone may be intercepting the connection.</p>
</body>
</html>
`;
  return { status: 200, headers, body };
}

/** An HTTP server that answers every request with the page above; it is handed sockets, never listens. */
export function createHttpsRedirectServer(port: () => number, fingerprint: string): Server {
  return createServer((req, res) => {
    const answer = httpsRedirectAnswer({ host: req.headers.host, url: req.url }, port(), fingerprint);
    setCommonHeaders(res);
    res.writeHead(answer.status, answer.headers);
    // A plain-HTTP client gets one answer; a keep-alive connection would only wait.
    res.shouldKeepAlive = false;
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  });
}
