/**
 * The STUN and TURN servers the web host hands each page (in
 * `hosted.server.iceServers`): static ones as given, and a relay sharing a
 * secret with the host with fresh credentials in every answer.
 */
import { randomBytes } from 'node:crypto';
import type { IceServer } from '../../renderer/contract/host-bridge.js';
import { defaultTurnTtlSeconds, turnIceServers } from './turn-credentials.js';

/** What `/api/host-info` hands pages in `hosted.server.iceServers`. */
export interface WebHostIce {
  /** Passed through as given, credentials and all. */
  static?: IceServer[];
  /** A relay sharing a secret with this host: every answer carries freshly minted credentials. */
  turn?: WebHostTurn;
}

export interface WebHostTurn {
  /** The relay's hostname or IP; null: the hostname the request used (the relay runs beside this host). */
  host: string | null;
  port: number;
  /** Shared secret; never sent to anyone. */
  secret: string;
  /** TLS only (`turns:`) instead of plain UDP and TCP. */
  secure?: boolean;
  /** Beside plain UDP and TCP, TURN over TLS on this port. */
  tlsPort?: number;
  /** Credential lifetime; one hour by default. */
  ttlSeconds?: number;
}

/** The ICE servers for one page that reached this host at `requestHostname`. */
export function iceServersFor(ice: WebHostIce | undefined, requestHostname: string): IceServer[] {
  const servers: IceServer[] = (ice?.static ?? []).map((server) => ({ ...server, urls: [...server.urls] }));
  const turn = ice?.turn;
  if (turn) {
    const host = turn.host ?? requestHostname;
    servers.push(
      ...turnIceServers({
        host,
        port: turn.port,
        secret: turn.secret,
        ttlSeconds: turn.ttlSeconds ?? defaultTurnTtlSeconds,
        // Random per answer: names no one, yet tells one page's allocations from another's in the relay's log.
        user: `huddle-${randomBytes(6).toString('base64url')}`,
        ...(turn.secure
          ? { transports: [], tls: { port: turn.port } }
          : turn.tlsPort !== undefined
            ? { tls: { port: turn.tlsPort } }
            : {}),
      }),
    );
  }
  return servers;
}
