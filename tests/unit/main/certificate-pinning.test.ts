/** The desktop app's decision on a server certificate: exactly the pinned one for that host and port. */
import { describe, expect, it } from 'vitest';
import {
  createPinList,
  parsePin,
  pinDecision,
  pinsOfOwnHost,
  verifyProcResult,
  type CertificatePin,
} from '../../../main/certificate-pinning.js';
import { describeCertificate } from '../../../main/host/host-certificate.js';
import { createSelfSignedCertificate } from '../../../main/host/self-signed-certificate.js';

function certificate(): { pem: string; fingerprint: string } {
  const made = createSelfSignedCertificate({
    dns: ['localhost'],
    ips: ['192.168.1.5'],
    commonName: 'Huddle host',
    notBefore: new Date(),
    notAfter: new Date(Date.now() + 86_400_000),
  });
  return { pem: made.cert, fingerprint: describeCertificate(made.cert, made.key, 'test').fingerprint };
}

const host = certificate();
const intruder = certificate();
const pins: CertificatePin[] = [{ host: '192.168.1.5', port: 8765, fingerprint: host.fingerprint }];

describe('pinDecision', () => {
  it('accepts exactly the pinned certificate for the pinned host and port', () => {
    expect(pinDecision({ hostname: '192.168.1.5', port: 8765, pem: host.pem }, pins)).toEqual({
      verdict: 'accept',
    });
  });

  it('refuses another certificate for a pinned host, naming both fingerprints', () => {
    const decision = pinDecision({ hostname: '192.168.1.5', port: 8765, pem: intruder.pem }, pins);
    expect(decision.verdict).toBe('refuse');
    if (decision.verdict !== 'refuse') return;
    expect(decision.reason).toMatch(/not the one in the invite .*someone may be intercepting/);
    expect(decision.reason).toContain(host.fingerprint.slice(0, 4).toUpperCase());
    expect(decision.reason).toContain(intruder.fingerprint.slice(0, 4).toUpperCase());
    expect(pinDecision({ hostname: '192.168.1.5', port: 8765, pem: 'not a certificate' }, pins).verdict).toBe(
      'refuse',
    );
  });

  it('leaves a host or port without a pin to the browser, even with the pinned certificate', () => {
    expect(pinDecision({ hostname: '192.168.1.6', port: 8765, pem: host.pem }, pins)).toEqual({
      verdict: 'default',
    });
    expect(pinDecision({ hostname: '192.168.1.5', port: 9000, pem: host.pem }, pins)).toEqual({
      verdict: 'default',
    });
    expect(pinDecision({ hostname: 'example.org', port: 443, pem: host.pem }, [])).toEqual({
      verdict: 'default',
    });
  });

  it('matches hosts in any spelling of the same name', () => {
    const named = [{ host: 'Desk.Local.', port: 8765, fingerprint: host.fingerprint }];
    expect(pinDecision({ hostname: 'desk.local', port: 8765, pem: host.pem }, named).verdict).toBe('accept');
    const v6 = [{ host: '[fd00::2]', port: 8765, fingerprint: host.fingerprint }];
    expect(pinDecision({ hostname: 'fd00::2', port: 8765, pem: host.pem }, v6).verdict).toBe('accept');
  });

  it('without a port to go by (Electron verify procedure), holds every pin of that host to its fingerprint', () => {
    const twoPorts = [...pins, { host: '192.168.1.5', port: 9000, fingerprint: intruder.fingerprint }];
    expect(pinDecision({ hostname: '192.168.1.5', port: null, pem: host.pem }, twoPorts).verdict).toBe(
      'accept',
    );
    expect(
      pinDecision({ hostname: '192.168.1.5', port: null, pem: certificate().pem }, twoPorts).verdict,
    ).toBe('refuse');
  });

  it('maps to the verify procedure codes', () => {
    expect(verifyProcResult({ verdict: 'accept' })).toBe(0);
    const refusal = { host: 'h', port: 1, expected: [host.fingerprint], got: null };
    expect(verifyProcResult({ verdict: 'refuse', reason: 'x', refusal })).toBe(-2);
    expect(verifyProcResult({ verdict: 'default' })).toBe(-3);
  });
});

describe('pins', () => {
  it('are read from untrusted input only when every part is valid', () => {
    expect(parsePin({ host: 'DESK.local', port: 8765, fingerprint: host.fingerprint.toUpperCase() })).toEqual(
      {
        host: 'desk.local',
        port: 8765,
        fingerprint: host.fingerprint,
      },
    );
    for (const bad of [
      null,
      'x',
      { host: 'desk', port: '8765', fingerprint: host.fingerprint },
      { host: 'desk', port: 0, fingerprint: host.fingerprint },
      { host: 'desk', port: 70000, fingerprint: host.fingerprint },
      { host: 'desk', port: 1.5, fingerprint: host.fingerprint },
      { host: 'a b', port: 1, fingerprint: host.fingerprint },
      { host: 'evil.example/x', port: 1, fingerprint: host.fingerprint },
      { host: 'desk', port: 1, fingerprint: 'abc' },
    ]) {
      expect(parsePin(bad)).toBeNull();
    }
  });

  it('are kept bounded, a newer pin for a host and port replacing the older', () => {
    const list = createPinList(2);
    list.add({ host: 'a', port: 1, fingerprint: host.fingerprint });
    list.add({ host: 'a', port: 1, fingerprint: intruder.fingerprint });
    expect(list.list()).toEqual([{ host: 'a', port: 1, fingerprint: intruder.fingerprint }]);
    list.add({ host: 'b', port: 1, fingerprint: host.fingerprint });
    list.add({ host: 'c', port: 1, fingerprint: host.fingerprint });
    expect(list.list().map((pin) => pin.host)).toEqual(['b', 'c']);
  });

  it('of the app’s own host follow its hosting', () => {
    const server = { host: '127.0.0.1', port: 8765, path: '/peerjs', key: 'k', secure: true };
    expect(pinsOfOwnHost(null)).toEqual([]);
    expect(pinsOfOwnHost({ server, lanUrls: [], certificateFingerprint: null })).toEqual([]);
    expect(pinsOfOwnHost({ server, lanUrls: [], certificateFingerprint: host.fingerprint })).toEqual([
      { host: '127.0.0.1', port: 8765, fingerprint: host.fingerprint },
    ]);
  });
});
