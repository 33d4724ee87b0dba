/**
 * TURN REST credentials: a known vector computed here with node:crypto, the
 * expiry arithmetic, the ICE server entries, and a real coturn, started as
 * `--turn` starts it, that accepts minted credentials and refuses wrong ones
 * (skipped when coturn is absent).
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mintTurnCredentials,
  turnIceServers,
  turnUsernameExpiry,
} from '../../../main/host/turn-credentials.js';
import { startCoturn, type RunningCoturn } from '../../../main/host/coturn-process.js';
import { coturnMissing, runUclient } from './turn-support.js';

describe('mintTurnCredentials', () => {
  it('matches HMAC-SHA1 of "<expiry>:<user>" under the secret, base64', () => {
    const now = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
    const expiry = Math.floor(now / 1000) + 3600;
    expect(expiry).toBe(1704168245);
    const expected = createHmac('sha1', 'north-secret').update(`${expiry}:alice`).digest('base64');
    expect(mintTurnCredentials('north-secret', 'alice', 3600, now)).toEqual({
      username: '1704168245:alice',
      credential: expected,
    });
    // A fixed vector, so a change to the encoding (hex, base64url) would show.
    expect(expected).toBe(
      createHmac('sha1', Buffer.from('north-secret', 'utf8'))
        .update(Buffer.from('1704168245:alice', 'utf8'))
        .digest()
        .toString('base64'),
    );
    expect(expected).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });

  it('expires ttl seconds after now, rounding now down to the second', () => {
    expect(mintTurnCredentials('s', 'u', 60, 1_000_999).username).toBe('1060:u');
    expect(mintTurnCredentials('s', 'u', 1, 0).username).toBe('1:u');
    const before = Math.floor(Date.now() / 1000);
    const minted = mintTurnCredentials('s', 'u', 3600);
    const expiry = turnUsernameExpiry(minted.username) ?? 0;
    expect(expiry - before).toBeGreaterThanOrEqual(3600);
    expect(expiry - before).toBeLessThanOrEqual(3601);
  });

  it('differs by secret, user and expiry', () => {
    const base = mintTurnCredentials('a', 'u', 60, 0).credential;
    expect(mintTurnCredentials('b', 'u', 60, 0).credential).not.toBe(base);
    expect(mintTurnCredentials('a', 'v', 60, 0).credential).not.toBe(base);
    expect(mintTurnCredentials('a', 'u', 61, 0).credential).not.toBe(base);
  });

  it('refuses an empty secret and a lifetime that is not a positive whole number', () => {
    expect(() => mintTurnCredentials('', 'u', 60)).toThrow(/secret/);
    expect(() => mintTurnCredentials('s', 'u', 0)).toThrow(/lifetime/);
    expect(() => mintTurnCredentials('s', 'u', 1.5)).toThrow(/lifetime/);
  });
});

describe('turnUsernameExpiry', () => {
  it('reads the expiry before the first colon', () => {
    expect(turnUsernameExpiry('1704168245:alice')).toBe(1704168245);
    expect(turnUsernameExpiry('1704168245:a:b')).toBe(1704168245);
    expect(turnUsernameExpiry('alice')).toBeNull();
  });
});

describe('turnIceServers', () => {
  it('offers UDP and TCP with one set of credentials', () => {
    const servers = turnIceServers({
      host: '10.0.0.1',
      port: 3478,
      secret: 'k',
      ttlSeconds: 3600,
      user: 'bob',
      now: 0,
    });
    expect(servers).toEqual([
      {
        urls: ['turn:10.0.0.1:3478?transport=udp', 'turn:10.0.0.1:3478?transport=tcp'],
        ...mintTurnCredentials('k', 'bob', 3600, 0),
      },
    ]);
  });

  it('adds turns: when TLS is given, brackets IPv6, and may offer TLS only', () => {
    const [withTls] = turnIceServers({
      host: '::1',
      port: 3478,
      secret: 'k',
      ttlSeconds: 60,
      user: 'u',
      tls: { port: 443, host: 'relay.example.org' },
    });
    expect(withTls?.urls).toEqual([
      'turn:[::1]:3478?transport=udp',
      'turn:[::1]:3478?transport=tcp',
      'turns:relay.example.org:443?transport=tcp',
    ]);
    const [tlsOnly] = turnIceServers({
      host: 'relay.example.org',
      port: 5349,
      secret: 'k',
      ttlSeconds: 60,
      user: 'u',
      transports: [],
      tls: { port: 5349 },
    });
    expect(tlsOnly?.urls).toEqual(['turns:relay.example.org:5349?transport=tcp']);
    expect(() =>
      turnIceServers({ host: 'h', port: 1, secret: 'k', ttlSeconds: 60, user: 'u', transports: [] }),
    ).toThrow(/no transport/);
  });
});

const missing = coturnMissing();
if (missing) console.log(`Skipping the coturn credential test: ${missing}`);

describe.skipIf(missing !== null)('minted credentials against a real coturn', () => {
  const secret = 'integration-secret-3f9a';
  let relay: RunningCoturn;
  let port: number;

  // The relay as `npm run host -- --turn` starts it: the same configuration file and process handling.
  beforeAll(async () => {
    relay = await startCoturn({ bind: '127.0.0.1', secret, minRelayPort: 49400, maxRelayPort: 49500 });
    port = relay.port;
  }, 15_000);

  afterAll(async () => {
    await relay?.stop();
  });

  it('allocates with minted credentials over UDP and TCP', async () => {
    const { username, credential } = mintTurnCredentials(secret, 'alice', 3600);
    const udp = await runUclient('127.0.0.1', port, username, credential, 'udp');
    expect(udp.code, udp.output).toBe(0);
    expect(udp.output).toMatch(/tot_recv_msgs=[1-9]/);
    const tcp = await runUclient('127.0.0.1', port, username, credential, 'tcp');
    expect(tcp.code, tcp.output).toBe(0);
  }, 40_000);

  it('refuses a wrong credential, another secret and an expired username', async () => {
    const { username, credential } = mintTurnCredentials(secret, 'mallory', 3600);
    const wrong = await runUclient('127.0.0.1', port, username, `x${credential.slice(1)}`);
    expect(wrong.code).not.toBe(0);
    expect(wrong.output).toMatch(/Cannot complete Allocation/);
    const other = mintTurnCredentials('not-the-secret', 'mallory', 3600);
    expect((await runUclient('127.0.0.1', port, other.username, other.credential)).code).not.toBe(0);
    const expired = mintTurnCredentials(secret, 'mallory', 60, Date.now() - 120_000);
    expect((await runUclient('127.0.0.1', port, expired.username, expired.credential)).code).not.toBe(0);
  }, 40_000);
});
