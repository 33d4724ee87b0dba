/**
 * Reads the `Host` request header: the name and port under which the browser
 * reached this host. Guests on the LAN must be told to open the PeerJS
 * websocket at that same address, not at whatever the server thinks its own
 * name is, so `/api/host-info` answers with what the request itself used.
 */

export interface RequestHost {
  /** Hostname as used in a URL: names and IPv4 as is, IPv6 in brackets. */
  hostname: string;
  /** Port given in the header, or null when the browser used the scheme's default. */
  port: number | null;
}

const namePattern = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const ipv6Pattern = /^\[[0-9A-Fa-f:.]+\]$/;

/** Null for a missing or malformed header, which a browser never sends. */
export function parseHostHeader(header: string | undefined): RequestHost | null {
  if (header === undefined) return null;
  const value = header.trim();
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(value);
  if (!match) return null;
  const hostname = match[1] ?? '';
  const portText = match[2];
  if (!namePattern.test(hostname) && !ipv6Pattern.test(hostname)) return null;
  if (portText === undefined) return { hostname, port: null };
  const port = Number(portText);
  if (port < 1 || port > 65535) return null;
  return { hostname, port };
}
