/**
 * The host's own coturn: its config, a real start on loopback that accepts
 * minted credentials, a clean stop by PID, and the errors a user can act on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  coturnConfigText,
  coturnMissingMessage,
  CoturnStartError,
  relayIpForBind,
  startCoturn,
} from '../../../main/host/coturn-process.js';
import { mintTurnCredentials } from '../../../main/host/turn-credentials.js';
import { coturnMissing, runUclient } from './turn-support.js';

const base = { port: 3478, secret: 's3cret', minRelayPort: 49160, maxRelayPort: 49359, dir: '/tmp/x' };

function configLines(text: string): string[] {
  return text.trim().split('\n');
}

describe('coturnConfigText', () => {
  it('listens and relays on the given IP with the shared-secret scheme', () => {
    const lines = configLines(coturnConfigText({ ...base, ip: '10.231.0.1' }));
    expect(lines).toEqual(
      expect.arrayContaining([
        'listening-ip=10.231.0.1',
        'relay-ip=10.231.0.1',
        'listening-port=3478',
        'min-port=49160',
        'max-port=49359',
        'realm=huddle',
        'use-auth-secret',
        'static-auth-secret=s3cret',
        'fingerprint',
        'no-tls',
        'no-dtls',
        'no-cli',
        'no-multicast-peers',
        'log-file=stdout',
        'simple-log',
        'pidfile=/tmp/x/turnserver.pid',
        'userdb=/tmp/x/turndb',
      ]),
    );
    // Off the loopback interface, relaying to this machine's loopback stays forbidden.
    expect(lines).not.toContain('allow-loopback-peers');
  });

  it('listens for TURN over TLS only when given a certificate, with its files', () => {
    const lines = configLines(
      coturnConfigText({
        ...base,
        ip: '10.231.0.1',
        tls: { port: 5349, certFile: '/tmp/x/cert.pem', keyFile: '/tmp/x/key.pem' },
      }),
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        'tls-listening-port=5349',
        'cert=/tmp/x/cert.pem',
        'pkey=/tmp/x/key.pem',
        'no-dtls',
      ]),
    );
    expect(lines).not.toContain('no-tls');
  });

  it('allows loopback peers only for a relay on loopback', () => {
    expect(configLines(coturnConfigText({ ...base, ip: '127.0.0.1' }))).toContain('allow-loopback-peers');
  });

  it('names no address for every interface', () => {
    const text = coturnConfigText({ ...base, ip: null });
    expect(text).not.toMatch(/listening-ip|relay-ip|allow-loopback/);
  });

  it('refuses a secret that could add config lines', () => {
    expect(() => coturnConfigText({ ...base, ip: null, secret: 'a\nallow-loopback-peers' })).toThrow();
    expect(() => coturnConfigText({ ...base, ip: null, secret: 'a b' })).toThrow();
    expect(() => coturnConfigText({ ...base, ip: null, secret: 'a#b' })).toThrow();
  });
});

describe('relayIpForBind', () => {
  it('maps binds to the IP coturn needs', async () => {
    expect(await relayIpForBind('0.0.0.0')).toBeNull();
    expect(await relayIpForBind('localhost')).toBe('127.0.0.1');
    expect(await relayIpForBind('127.0.0.1')).toBe('127.0.0.1');
    expect(await relayIpForBind('10.231.0.1')).toBe('10.231.0.1');
  });
});

describe('startCoturn errors', () => {
  it('says how to install coturn when it is missing', async () => {
    const error = await startCoturn({ bind: '127.0.0.1', turnserverPath: '/nonexistent/turnserver' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CoturnStartError);
    expect((error as CoturnStartError).code).toBe('not-installed');
    expect((error as Error).message).toBe(coturnMissingMessage);
    expect(coturnMissingMessage).toBe('--turn needs coturn: apt-get install coturn');
  });
});

const missing = coturnMissing();
if (missing) console.log(`Skipping the coturn process test: ${missing}`);

describe.skipIf(missing !== null)('startCoturn with a real coturn', () => {
  it('relays with minted credentials, then stops by PID and removes its directory', async () => {
    const relay = await startCoturn({ bind: '127.0.0.1', minRelayPort: 49600, maxRelayPort: 49700 });
    let configDir: string;
    try {
      expect(relay.listeningIp).toBe('127.0.0.1');
      expect(relay.secret.length).toBeGreaterThanOrEqual(32);
      expect(relay.pid).toBeGreaterThan(0);
      configDir = path.dirname(
        readFileSync(`/proc/${relay.pid}/cmdline`, 'utf8')
          .split('\0')
          .find((a) => a.endsWith('.conf')) ?? '',
      );
      expect(readFileSync(path.join(configDir, 'turnserver.conf'), 'utf8')).toContain(
        `static-auth-secret=${relay.secret}`,
      );
      const { username, credential } = mintTurnCredentials(relay.secret, 'test', 600);
      const ok = await runUclient('127.0.0.1', relay.port, username, credential);
      expect(ok.code, ok.output).toBe(0);
      const bad = await runUclient('127.0.0.1', relay.port, username, 'AAAA');
      expect(bad.code).not.toBe(0);
    } finally {
      await relay.stop();
    }
    // Exited and reaped: no process has that PID any more.
    expect(() => process.kill(relay.pid, 0)).toThrow();
    expect(existsSync(configDir)).toBe(false);
    await relay.stop(); // idempotent
  }, 40_000);

  it('reports a TURN port that is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const error = await startCoturn({ bind: '127.0.0.1', port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CoturnStartError);
      expect((error as CoturnStartError).code).toBe('port-in-use');
      expect((error as Error).message).toContain('--turn-port');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
