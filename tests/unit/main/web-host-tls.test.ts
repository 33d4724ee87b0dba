/**
 * The web host over TLS on loopback: HTTPS with the kept certificate, the
 * host description saying so, the PeerJS server over a secure websocket, and
 * plain HTTP on the same port answered with the page pointing to HTTPS.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HostInfo } from '../../../renderer/contract/host-bridge.js';
import { keptHostCertificate, type HostCertificate } from '../../../main/host/host-certificate.js';
import { startWebHost, type RunningHost } from '../../../main/host/web-host.js';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** SHA-256 of the certificate the server presented, as Node prints it; null over plain HTTP. */
  peerFingerprint: string | null;
}

let workDir: string;
let certificate: HostCertificate;
let host: RunningHost;

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'huddle-web-host-tls-'));
  const rendererDir = path.join(workDir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Huddle test page</title>');
  certificate = await keptHostCertificate({
    dir: path.join(workDir, 'state'),
    names: { dns: ['localhost', 'huddle.test'], ips: ['127.0.0.1'] },
  });
  host = await startWebHost({
    bind: '127.0.0.1',
    port: 0,
    peerPath: '/peerjs',
    key: 'huddle',
    rendererDir,
    appVersion: '1.2.3',
    log: () => undefined,
    lanAddresses: () => ['192.168.1.5'],
    tls: certificate,
  });
});

afterAll(async () => {
  await host?.close();
  rmSync(workDir, { recursive: true, force: true });
});

/** Trusts exactly the host's certificate, as a guest who accepted it would. */
function get(secure: boolean, requestPath: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const options = { host: '127.0.0.1', port: host.port, path: requestPath, headers, agent: false };
    const onResponse = (res: import('node:http').IncomingMessage): void => {
      const socket = res.socket as import('node:tls').TLSSocket;
      const peerFingerprint = secure ? socket.getPeerCertificate().fingerprint256 : null;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, peerFingerprint }),
      );
    };
    const req = secure
      ? httpsRequest({ ...options, ca: certificate.cert, servername: 'huddle.test' }, onResponse)
      : httpRequest(options, onResponse);
    req.on('error', reject);
    req.end();
  });
}

describe('startWebHost with a certificate', () => {
  it('serves the web client over HTTPS with that certificate, and says so', async () => {
    const reply = await get(true, '/');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('Huddle test page');
    expect(reply.peerFingerprint).toBe(new X509Certificate(certificate.cert).fingerprint256);
    expect(host.localUrl).toBe(`https://localhost:${host.port}/`);
    expect(host.lanUrls).toEqual([]);
    expect(host.server.secure).toBe(true);
    expect(host.certificateFingerprint).toBe(certificate.fingerprint);
  });

  it('describes a secure rendezvous server and the fingerprint to pages', async () => {
    const reply = await get(true, '/api/host-info', { Host: `huddle.test:${host.port}` });
    const info = JSON.parse(reply.body) as HostInfo;
    expect(info.hosted).toEqual({
      server: { host: 'huddle.test', port: host.port, path: '/peerjs', key: 'huddle', secure: true },
      lanUrls: [],
      certificateFingerprint: certificate.fingerprint,
    });
  });

  it('runs the PeerJS server over a secure websocket on the same port', async () => {
    const socket = new WebSocket(`wss://127.0.0.1:${host.port}/peerjs/peerjs?key=huddle&id=ada&token=t`, {
      ca: certificate.cert,
    });
    const first = await new Promise<{ type: string }>((resolve, reject) => {
      socket.once('message', (data: WebSocket.RawData) =>
        resolve(JSON.parse(data.toString()) as { type: string }),
      );
      socket.once('error', reject);
    });
    expect(first.type).toBe('OPEN');
    socket.close();
  });

  it('refuses a client that trusts another certificate', async () => {
    const other = await keptHostCertificate({
      dir: path.join(workDir, 'other'),
      names: { dns: ['huddle.test'], ips: [] },
    });
    const error = await new Promise<Error>((resolve) => {
      const socket = tlsConnect({
        host: '127.0.0.1',
        port: host.port,
        ca: other.cert,
        servername: 'huddle.test',
      });
      socket.once('secureConnect', () => resolve(new Error('connected')));
      socket.once('error', resolve);
    });
    expect(error.message).toMatch(/self.signed|unable to verify|certificate/i);
  });

  it('answers plain HTTP on the same port with a page sending the person to HTTPS', async () => {
    const reply = await get(false, '/?room=maple-1&key=huddle', { Host: `huddle.test:${host.port}` });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/html/);
    expect(reply.headers['content-security-policy']).toMatch(/default-src 'none'/);
    const target = `https://huddle.test:${host.port}/?room=maple-1&#38;key=huddle`;
    expect(reply.body).toContain(`href="${target}"`);
    const groups = certificate.fingerprint.toUpperCase().match(/.{4}/g)?.join(' ');
    expect(reply.body).toContain(groups);
    // The host goes on serving HTTPS after a plain request on the same port.
    expect((await get(true, '/')).status).toBe(200);
  });

  it('lists HTTPS addresses for guests on the LAN', async () => {
    const lanHost = await startWebHost({
      bind: '0.0.0.0',
      port: 0,
      peerPath: '/peerjs',
      rendererDir: path.join(workDir, 'renderer'),
      appVersion: '1',
      log: () => undefined,
      lanAddresses: () => ['192.168.1.5'],
      tls: certificate,
    });
    try {
      expect(lanHost.lanUrls).toEqual([`https://192.168.1.5:${lanHost.port}/`]);
    } finally {
      await lanHost.close();
    }
  });

  it('closes with a secure websocket still open', async () => {
    const second = await startWebHost({
      bind: '127.0.0.1',
      port: 0,
      peerPath: '/peerjs',
      key: 'k',
      rendererDir: path.join(workDir, 'renderer'),
      appVersion: '1',
      log: () => undefined,
      tls: certificate,
    });
    const socket = new WebSocket(`wss://127.0.0.1:${second.port}/peerjs/peerjs?key=k&id=bo&token=t`, {
      ca: certificate.cert,
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const closedSocket = new Promise((resolve) => socket.once('close', resolve));
    await second.close();
    await closedSocket;
    expect(socket.readyState).toBe(WebSocket.CLOSED);
  });
});
