/**
 * The PeerJS server's limits: the token bucket and peer-id helper on their
 * own, then each limit against a real web host on loopback, with real
 * websocket clients.
 */
import type { IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { defaultPeerLimits, peerIdFromRequest, policyViolationCode } from '../../../main/host/peer-limits.js';
import { TokenBucket } from '../../../renderer/engine/room/rate-limit.js';
import { startWebHost, type RunningHost } from '../../../main/host/web-host.js';

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate, and refills with time', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 5, () => now);
    for (let i = 0; i < 5; i += 1) expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now += 100; // 10 per second: one token per 100 ms
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    now += 10_000; // refills to the burst size, no further
    for (let i = 0; i < 5; i += 1) expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it('never refuses a client that keeps to the sustained rate', () => {
    let now = 0;
    const bucket = new TokenBucket(
      defaultPeerLimits.messagesPerSecond,
      defaultPeerLimits.messageBurst,
      () => now,
    );
    for (let i = 0; i < 2000; i += 1) {
      now += 1000 / defaultPeerLimits.messagesPerSecond;
      expect(bucket.take()).toBe(true);
    }
  });

  it('lets an ICE-trickle burst through with the default limits', () => {
    const bucket = new TokenBucket(
      defaultPeerLimits.messagesPerSecond,
      defaultPeerLimits.messageBurst,
      () => 0,
    );
    for (let i = 0; i < 150; i += 1) expect(bucket.take()).toBe(true);
  });
});

describe('peerIdFromRequest', () => {
  const request = (url: string) => ({ url }) as IncomingMessage;
  it('reads the id from the websocket URL', () => {
    expect(peerIdFromRequest(request('/peerjs/peerjs?key=k&id=alice&token=t'))).toBe('alice');
    expect(peerIdFromRequest(request('/peerjs/peerjs?key=k'))).toBeNull();
  });
  it('keeps log lines printable and short', () => {
    expect(peerIdFromRequest(request('/p?id=a%0Ab%1B'))).toBe('a?b?');
    expect(peerIdFromRequest(request(`/p?id=${'x'.repeat(500)}`))).toHaveLength(64);
  });
});

interface PeerMessage {
  type: string;
  payload?: { msg?: string };
}

/** A PeerJS client socket, with the first message the server sent it. */
function connect(url: string): Promise<{ socket: WebSocket; first: PeerMessage }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('message', (data: WebSocket.RawData) => {
      resolve({ socket, first: JSON.parse(data.toString()) as PeerMessage });
    });
    socket.once('error', reject);
  });
}

function closeCode(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', (code: number) => resolve(code)));
}

function isOpenAfterPing(socket: WebSocket): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.readyState !== WebSocket.OPEN) return resolve(false);
    socket.once('pong', () => resolve(true));
    socket.ping();
    setTimeout(() => resolve(false), 2000).unref();
  });
}

const heartbeat = JSON.stringify({ type: 'HEARTBEAT' });
let workDir: string;
let host: RunningHost;
let logged: string[];
const url = (id: string, key = host.server.key) =>
  `ws://127.0.0.1:${host.port}/peerjs/peerjs?key=${key}&id=${id}&token=t-${id}`;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'huddle-peer-limits-'));
  writeFileSync(path.join(workDir, 'index.html'), '<!doctype html><title>test</title>');
  logged = [];
  host = await startWebHost({
    bind: '127.0.0.1',
    port: 0,
    peerPath: '/peerjs',
    rendererDir: workDir,
    appVersion: '1.0.0',
    limits: { maxPeers: 3, aliveTimeoutMs: 1000 },
    log: (line) => logged.push(line),
  });
});

afterAll(async () => {
  await host.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('the web host enforces the PeerJS limits', () => {
  it('reports the limits in force: the given ones over the defaults', () => {
    expect(host.limits).toEqual({ ...defaultPeerLimits, maxPeers: 3, aliveTimeoutMs: 1000 });
  });

  it('closes a socket that sends a message over the size limit (1009), and takes one just under it', async () => {
    const { socket, first } = await connect(url('big'));
    expect(first.type).toBe('OPEN');
    const closing = closeCode(socket);
    socket.send(
      JSON.stringify({ type: 'HEARTBEAT', pad: 'x'.repeat(defaultPeerLimits.maxMessageBytes - 100) }),
    );
    expect(await isOpenAfterPing(socket)).toBe(true);
    socket.send('x'.repeat(defaultPeerLimits.maxMessageBytes + 1));
    expect(await closing).toBe(1009);
  });

  it('closes a flooding socket with 1008 and logs its peer id, while a well-behaved one stays open', async () => {
    const calm = await connect(url('calm'));
    const flood = await connect(url('flood'));
    expect([calm.first.type, flood.first.type]).toEqual(['OPEN', 'OPEN']);
    const closing = closeCode(flood.socket);
    for (let i = 0; i < 1000; i += 1) flood.socket.send(heartbeat);
    calm.socket.send(heartbeat);
    expect(await closing).toBe(policyViolationCode);
    expect(logged.some((line) => line.includes('peer "flood"') && /1008|rate|messages/.test(line))).toBe(
      true,
    );
    expect(await isOpenAfterPing(calm.socket)).toBe(true);
    const calmClosed = closeCode(calm.socket);
    calm.socket.close();
    await calmClosed;
  });

  it('refuses the peer after the limit with the PeerJS concurrent-limit error', async () => {
    const peers = [];
    for (const id of ['p1', 'p2', 'p3']) {
      const peer = await connect(url(id));
      expect(peer.first.type).toBe('OPEN');
      peers.push(peer);
    }
    const extra = await connect(url('p4'));
    expect(extra.first).toEqual({
      type: 'ERROR',
      payload: { msg: 'Server has reached its concurrent user limit' },
    });
    await closeCode(extra.socket);
    for (const peer of peers) {
      const closed = closeCode(peer.socket);
      peer.socket.close();
      await closed;
    }
    // Once they leave there is room again.
    const later = await connect(url('p5'));
    expect(later.first.type).toBe('OPEN');
    const closed = closeCode(later.socket);
    later.socket.close();
    await closed;
  });

  it('drops a silent peer after the alive timeout, freeing its id', async () => {
    const silent = await connect(url('silent'));
    expect(silent.first.type).toBe('OPEN');
    // The same id with another token is taken while the peer lives...
    const impostor = await connect(`${url('silent').replace('token=t-silent', 'token=other')}`);
    expect(impostor.first.type).toBe('ID-TAKEN');
    // ...and free once the server has given up on it (no heartbeat for 1 s here).
    await closeCode(silent.socket);
    const next = await connect(`${url('silent').replace('token=t-silent', 'token=other')}`);
    expect(next.first.type).toBe('OPEN');
    const closed = closeCode(next.socket);
    next.socket.close();
    await closed;
  }, 10_000);
});
