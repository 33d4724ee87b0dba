/**
 * The web host under plain Node, on loopback: static files, the host
 * description, path traversal and symlinks out, the embedded PeerJS server over a real
 * websocket, and a close() that frees the port.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { inlineHostInfoId, type HostInfo } from '../../../renderer/contract/host-bridge.js';
import { contentSecurityPolicy } from '../../../main/host/http-headers.js';
import {
  generatePeerKey,
  startWebHost,
  WebHostStartError,
  type RunningHost,
} from '../../../main/host/web-host.js';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A raw request: unlike fetch, node:http sends the path exactly as written, `..` and all. */
function get(port: number, requestPath: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: requestPath, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface PeerMessage {
  type: string;
  payload?: { msg?: string };
}

/** Opens a PeerJS client websocket and resolves with the first message the server sends. */
function firstMessage(url: string): Promise<{ message: PeerMessage; socket: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('message', (data: WebSocket.RawData) => {
      resolve({ message: JSON.parse(data.toString()) as PeerMessage, socket });
    });
    socket.once('error', reject);
  });
}

function closed(socket: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) return resolve();
    socket.once('close', () => resolve());
  });
}

function canListenOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** The HostInfo the host wrote into a page, parsed, or null when the page has none. */
function hostInfoInPage(page: string): HostInfo | null {
  const block = new RegExp(`<script type="application/json" id="${inlineHostInfoId}">(.*?)</script>`).exec(
    page,
  );
  return block ? (JSON.parse(block[1]!) as HostInfo) : null;
}

const secret = 'OUTSIDE-THE-RENDERER-DIR';
let workDir: string;
let rendererDir: string;
let host: RunningHost;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'huddle-web-host-'));
  rendererDir = path.join(workDir, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Huddle test page</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(path.join(rendererDir, '.env'), secret);
  writeFileSync(path.join(workDir, 'package.json'), secret);
  writeFileSync(path.join(workDir, 'outside.txt'), secret);
  // Links out of the folder (a file and a folder) and one that stays inside.
  symlinkSync(path.join(workDir, 'outside.txt'), path.join(rendererDir, 'assets', 'linked.txt'));
  symlinkSync(workDir, path.join(rendererDir, 'escape'));
  symlinkSync(path.join(rendererDir, 'assets', 'app.js'), path.join(rendererDir, 'assets', 'same.js'));
  host = await startWebHost({ ...hostOptions(), lanAddresses: () => ['192.168.1.5'] });
});

afterAll(async () => {
  await host.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('the random PeerJS key', () => {
  it('is 16 URL-safe characters, and never starts with "-" (it is given back as --key KEY)', () => {
    // The first draw would read "-AAA…"; the second "AAAA…".
    const draws = [Buffer.from([0xf8, ...new Array<number>(11).fill(0)]), Buffer.alloc(12)];
    expect(Buffer.from([0xf8, 0, 0]).toString('base64url').startsWith('-')).toBe(true);
    expect(generatePeerKey(() => draws.shift()!)).toBe('AAAAAAAAAAAAAAAA');
    expect(draws).toHaveLength(0);
    for (let i = 0; i < 2000; i++) expect(generatePeerKey()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{15}$/);
  });
});

describe('startWebHost', () => {
  it('describes where it runs', () => {
    expect(host.port).toBeGreaterThan(0);
    expect(host.localUrl).toBe(`http://localhost:${host.port}/`);
    // Bound to loopback: guests on other machines cannot reach it.
    expect(host.lanUrls).toEqual([]);
    expect(host.server).toEqual({
      host: '127.0.0.1',
      port: host.port,
      path: '/peerjs',
      key: 'huddle',
      secure: false,
    });
  });

  it.each(['/', '/index.html', '/?room=huddle-oak-1234'])(
    'serves index.html at %s with the CSP and nosniff headers, never to be kept',
    async (requestPath) => {
      const reply = await get(host.port, requestPath);
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toMatch(/^text\/html/);
      expect(reply.body).toContain('Huddle test page');
      expect(reply.headers['content-security-policy']).toBe(contentSecurityPolicy);
      expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['x-powered-by']).toBeUndefined();
      // It carries this start's key: a cached copy would send guests to a server that is gone.
      expect(reply.headers['cache-control']).toBe('no-store');
    },
  );

  it('writes into the page what /api/host-info answers, for the address the browser used', async () => {
    for (const address of ['127.0.0.1', '192.168.1.5']) {
      const headers = { Host: `${address}:${host.port}` };
      const page = (await get(host.port, '/', headers)).body;
      const inline = hostInfoInPage(page);
      const asked = JSON.parse((await get(host.port, '/api/host-info', headers)).body) as HostInfo;
      expect(inline).toEqual(asked);
      expect(inline?.hosted?.server.host).toBe(address);
    }
  });

  it('serves the page as built, without a description, to a malformed Host header', async () => {
    const reply = await get(host.port, '/', { Host: 'bad host<>' });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('Huddle test page');
    expect(hostInfoInPage(reply.body)).toBeNull();
  });

  it('serves assets', async () => {
    const reply = await get(host.port, '/assets/app.js');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/javascript/);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves a symlink that stays inside the folder', async () => {
    const reply = await get(host.port, '/assets/same.js');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('console.log("app")');
  });

  it('answers /api/host-info with the address the browser used', async () => {
    const reply = await get(host.port, '/api/host-info', { Host: `127.0.0.1:${host.port}` });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    const info = JSON.parse(reply.body) as HostInfo;
    expect(info).toEqual({
      kind: 'browser',
      appVersion: '1.2.3',
      hosted: {
        server: { host: '127.0.0.1', port: host.port, path: '/peerjs', key: 'huddle', secure: false },
        lanUrls: [],
        // Plain HTTP: no certificate to compare.
        certificateFingerprint: null,
      },
    } satisfies HostInfo);

    const viaLan = JSON.parse(
      (await get(host.port, '/api/host-info', { Host: `192.168.1.5:${host.port}` })).body,
    ) as HostInfo;
    expect(viaLan.hosted?.server.host).toBe('192.168.1.5');
  });

  it('refuses a malformed Host header', async () => {
    const reply = await get(host.port, '/api/host-info', { Host: 'bad host<>' });
    expect(reply.status).toBe(400);
  });

  it.each([
    '/..%2f..%2fetc/passwd',
    '/../package.json',
    '/..%2fpackage.json',
    '/%2e%2e/outside.txt',
    '/assets/../../outside.txt',
    '/assets/..%2f..%2foutside.txt',
    '/.env',
    '/%2eenv',
    '/assets%5c..%5c..%5coutside.txt',
    '/assets/linked.txt',
    '/escape/outside.txt',
    '/escape/package.json',
    '/escape%2foutside.txt',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
  ])('does not serve files outside the renderer directory: %s', async (requestPath) => {
    const reply = await get(host.port, requestPath);
    expect(reply.status).not.toBe(200);
    expect(reply.status).toBeLessThan(500);
    expect(reply.body).not.toContain(secret);
    expect(reply.body).not.toContain('root:');
  });

  it('lists no directories and does not redirect to them', async () => {
    expect((await get(host.port, '/assets/')).status).toBe(404);
    const bare = await get(host.port, '/assets');
    expect(bare.status).toBe(404);
    expect(bare.headers.location).toBeUndefined();
  });

  it('runs the PeerJS server: OPEN for a new id, ID-TAKEN for a second client, an error for a wrong key', async () => {
    const base = `ws://127.0.0.1:${host.port}/peerjs/peerjs`;
    const alice = await firstMessage(`${base}?key=huddle&id=alice&token=t1`);
    expect(alice.message.type).toBe('OPEN');

    const impostor = await firstMessage(`${base}?key=huddle&id=alice&token=t2`);
    expect(impostor.message.type).toBe('ID-TAKEN');
    await closed(impostor.socket);

    const wrongKey = await firstMessage(`${base}?key=nope&id=bob&token=t3`);
    expect(wrongKey.message).toMatchObject({ type: 'ERROR', payload: { msg: 'Invalid key provided' } });
    await closed(wrongKey.socket);

    alice.socket.close();
    await closed(alice.socket);
  });

  it('uses a random key, new at every start, when none is given, and tells browsers', async () => {
    const { key: _key, ...withoutKey } = hostOptions();
    const first = await startWebHost(withoutKey);
    const second = await startWebHost({ ...withoutKey, key: null });
    try {
      for (const started of [first, second]) expect(started.server.key).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(first.server.key).not.toBe(second.server.key);
      expect(first.server.key).not.toBe('huddle');

      const info = JSON.parse((await get(first.port, '/api/host-info')).body) as HostInfo;
      expect(info.hosted?.server.key).toBe(first.server.key);
      const peer = await firstMessage(
        `ws://127.0.0.1:${first.port}/peerjs/peerjs?key=${first.server.key}&id=dana&token=t`,
      );
      expect(peer.message.type).toBe('OPEN');
      const guessed = await firstMessage(
        `ws://127.0.0.1:${first.port}/peerjs/peerjs?key=huddle&id=eve&token=t`,
      );
      expect(guessed.message).toMatchObject({ type: 'ERROR', payload: { msg: 'Invalid key provided' } });
      peer.socket.close();
      await Promise.all([closed(peer.socket), closed(guessed.socket)]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('does not offer peer discovery', async () => {
    const reply = await get(host.port, '/peerjs/huddle/peers');
    expect(reply.status).toBe(401);
  });
});

describe('startWebHost with a TURN relay', () => {
  const turnSecret = 'relay-shared-secret-0f3c';
  let relayHost: RunningHost;

  beforeAll(async () => {
    relayHost = await startWebHost({
      ...hostOptions(),
      ice: {
        static: [{ urls: ['stun:stun.example.org:3478'] }],
        turn: { host: null, port: 3478, secret: turnSecret },
      },
    });
  });

  afterAll(async () => {
    await relayHost.close();
  });

  async function hostInfo(hostHeader: string): Promise<{ info: HostInfo; body: string }> {
    const reply = await get(relayHost.port, '/api/host-info', { Host: hostHeader });
    expect(reply.status).toBe(200);
    return { info: JSON.parse(reply.body) as HostInfo, body: reply.body };
  }

  it('hands out the static servers and the relay at the address the browser used', async () => {
    const { info } = await hostInfo(`192.168.1.5:${relayHost.port}`);
    const iceServers = info.hosted?.server.iceServers ?? [];
    expect(iceServers).toHaveLength(2);
    expect(iceServers[0]).toEqual({ urls: ['stun:stun.example.org:3478'] });
    expect(iceServers[1]?.urls).toEqual([
      'turn:192.168.1.5:3478?transport=udp',
      'turn:192.168.1.5:3478?transport=tcp',
    ]);
  });

  it('mints credentials that verify with the secret, valid for an hour, and never sends the secret', async () => {
    const before = Math.floor(Date.now() / 1000);
    const { info, body } = await hostInfo(`127.0.0.1:${relayHost.port}`);
    expect(body).not.toContain(turnSecret);
    const turn = info.hosted?.server.iceServers?.[1];
    const username = turn?.username ?? '';
    expect(username).toMatch(/^\d+:\S+$/);
    const expiry = Number(username.split(':')[0]);
    expect(expiry - before).toBeGreaterThanOrEqual(3600);
    expect(expiry - before).toBeLessThanOrEqual(3602);
    expect(turn?.credential).toBe(createHmac('sha1', turnSecret).update(username).digest('base64'));
  });

  it('mints fresh credentials for every answer', async () => {
    const first = (await hostInfo(`127.0.0.1:${relayHost.port}`)).info.hosted?.server.iceServers?.[1];
    const second = (await hostInfo(`127.0.0.1:${relayHost.port}`)).info.hosted?.server.iceServers?.[1];
    expect(first?.username).not.toBe(second?.username);
  });

  it('points at a relay elsewhere by its own name, TLS only when it is turns:', async () => {
    const external = await startWebHost({
      ...hostOptions(),
      ice: { turn: { host: 'relay.example.org', port: 443, secret: turnSecret, secure: true } },
    });
    try {
      const reply = await get(external.port, '/api/host-info', { Host: `127.0.0.1:${external.port}` });
      const info = JSON.parse(reply.body) as HostInfo;
      expect(info.hosted?.server.iceServers?.map((server) => server.urls)).toEqual([
        ['turns:relay.example.org:443?transport=tcp'],
      ]);
      expect(reply.body).not.toContain(turnSecret);
    } finally {
      await external.close();
    }
  });
});

describe('startWebHost failures and shutdown', () => {
  it('tells the user to build when index.html is missing', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'huddle-empty-'));
    try {
      const attempt = startWebHost({ ...hostOptions(), rendererDir: empty });
      await expect(attempt).rejects.toBeInstanceOf(WebHostStartError);
      await expect(attempt).rejects.toThrow(/npm run build/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('reports a port in use clearly', async () => {
    const attempt = startWebHost({ ...hostOptions(), port: host.port });
    await expect(attempt).rejects.toMatchObject({ code: 'address-in-use' });
    await expect(attempt).rejects.toThrow(/already in use/);
  });

  it('close() ends open websockets, resolves, and frees the port', async () => {
    const second = await startWebHost(hostOptions());
    const peer = await firstMessage(
      `ws://127.0.0.1:${second.port}/peerjs/peerjs?key=huddle&id=carol&token=t`,
    );
    expect(peer.message.type).toBe('OPEN');

    await second.close();
    await closed(peer.socket);
    expect(await canListenOn(second.port)).toBe(true);
    // A second close is harmless.
    await second.close();
  });
});

function hostOptions() {
  return {
    bind: '127.0.0.1',
    port: 0,
    peerPath: '/peerjs',
    key: 'huddle',
    rendererDir,
    appVersion: '1.2.3',
    log: () => undefined,
  };
}
