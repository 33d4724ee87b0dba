/**
 * Limits of the embedded PeerJS server, and the per-socket message rate
 * limit that `peer` itself does not have.
 *
 * A PeerJS server only relays signaling (offers, answers, ICE candidates and
 * heartbeats): a few kilobytes per message, a few dozen messages per second
 * while a call is set up, one heartbeat every 5 s after that. Anything far
 * above that is a broken or hostile client, and is cut off before it can
 * flood the other peers or the server's memory.
 */
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
// The same bucket that limits room messages between members.
import { TokenBucket } from '../../renderer/engine/room/rate-limit.js';
import type { PeerServerConfig } from './peer-package.js';

export interface PeerLimits {
  /** Peers connected at once (`peer`'s `concurrent_limit`); one more is refused. */
  maxPeers: number;
  /** Largest websocket message in bytes; a larger one closes the socket (code 1009). */
  maxMessageBytes: number;
  /** Sustained messages per second one socket may send. */
  messagesPerSecond: number;
  /** Messages one socket may send at once above the sustained rate (ICE trickle comes in bursts). */
  messageBurst: number;
  /** A peer silent this long (no heartbeat) is dropped and its id freed (`peer`'s `alive_timeout`). */
  aliveTimeoutMs: number;
}

export const defaultPeerLimits: Readonly<PeerLimits> = {
  maxPeers: 64,
  maxMessageBytes: 64 * 1024,
  messagesPerSecond: 40,
  messageBurst: 200,
  // PeerJS clients send a heartbeat every 5 s: three missed ones is a crashed client.
  aliveTimeoutMs: 15_000,
};

/** Websocket close code for "policy violation" (RFC 6455, 7.4.1). */
export const policyViolationCode = 1008;

/** The peer id a PeerJS client put in its websocket URL, for log lines; null if absent. */
export function peerIdFromRequest(request: IncomingMessage): string | null {
  try {
    const id = new URL(request.url ?? '', 'http://peer.invalid').searchParams.get('id');
    // Printable and short: the id is chosen by the client and goes into a log line.
    return id ? id.replace(/[^\x20-\x7e]/g, '?').slice(0, 64) : null;
  } catch {
    return null;
  }
}

/**
 * Watches one socket's incoming messages. Must be attached before `peer`
 * attaches its own message listener, so it sees every message first: on the
 * first message over the limit it closes the socket with 1008 and removes
 * every message listener, so no later message reaches the PeerJS server.
 */
export function limitMessageRate(
  socket: WebSocket,
  request: IncomingMessage,
  limits: Pick<PeerLimits, 'messagesPerSecond' | 'messageBurst'>,
  log: (message: string) => void,
  now?: () => number,
): void {
  const bucket = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now);
  const onMessage = (): void => {
    if (bucket.take()) return;
    // `peer` still gets this one message (the emitter has already picked its
    // listeners), but nothing after it, including what is still in flight.
    socket.removeAllListeners('message');
    const peerId = peerIdFromRequest(request);
    log(
      `PeerJS server: closing the socket of ${peerId === null ? 'an unidentified peer' : `peer "${peerId}"`}: ` +
        `more than ${limits.messageBurst} messages at once or ${limits.messagesPerSecond} per second`,
    );
    socket.close(policyViolationCode, 'Message rate limit exceeded');
  };
  socket.on('message', onMessage);
}

/**
 * `peer`'s `createWebSocketServer` hook: the same server it would make, with
 * a message size limit and the rate limit on every socket.
 */
export function limitedWebSocketServer(
  limits: Pick<PeerLimits, 'maxMessageBytes' | 'messagesPerSecond' | 'messageBurst'>,
  log: (message: string) => void,
): NonNullable<PeerServerConfig['createWebSocketServer']> {
  const create = (options: ServerOptions): WebSocketServer => {
    const server = new WebSocketServer({ ...options, maxPayload: limits.maxMessageBytes });
    // Registered before `peer` registers its own connection listener, so this
    // one runs first and its message listener precedes `peer`'s.
    server.on('connection', (socket, request) => limitMessageRate(socket, request, limits, log));
    return server;
  };
  // `peer` types this hook with the ESM view of @types/ws and this file sees
  // the CommonJS one (see peer-package.ts); at run time both are the same module.
  return create as unknown as NonNullable<PeerServerConfig['createWebSocketServer']>;
}
