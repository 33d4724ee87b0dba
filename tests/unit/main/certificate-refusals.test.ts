/** The main process telling the log and the page about a refused certificate (main/certificate-refusals.ts). */
import { describe, expect, it, vi } from 'vitest';
import { pinDecision, type CertificatePin } from '../../../main/certificate-pinning.js';
import { createRefusalReporter } from '../../../main/certificate-refusals.js';
import { describeCertificate } from '../../../main/host/host-certificate.js';
import { createSelfSignedCertificate } from '../../../main/host/self-signed-certificate.js';
import type { CertificateRefusal } from '../../../renderer/contract/host-bridge.js';

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
/** As Electron's verify procedure sees a connection: a host name, no port. */
const presented = (pem: string, hostname = '192.168.1.5') => ({ hostname, port: null, pem });

function reporter(page: { send(refusal: CertificateRefusal): void } | null = null) {
  const warn = vi.fn<(message: string) => void>();
  return { warn, report: createRefusalReporter({ page: () => page, warn }) };
}

describe('createRefusalReporter', () => {
  it('sends the page the host and both fingerprints of a refused certificate, and logs why', () => {
    const send = vi.fn<(refusal: CertificateRefusal) => void>();
    const { warn, report } = reporter({ send });
    report(pinDecision(presented(intruder.pem, '192.168.1.5.'), pins));
    expect(send.mock.calls).toEqual([
      [{ host: '192.168.1.5', port: null, expected: [host.fingerprint], got: intruder.fingerprint }],
    ]);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]?.[0]).toMatch(/someone may be intercepting/);
  });

  it('says the certificate could not be read, rather than name a fingerprint', () => {
    const send = vi.fn<(refusal: CertificateRefusal) => void>();
    reporter({ send }).report(pinDecision(presented('not a certificate'), pins));
    expect(send.mock.calls[0]?.[0]).toMatchObject({ expected: [host.fingerprint], got: null });
  });

  it('names every certificate pinned for the host once, when it cannot tell the port', () => {
    const send = vi.fn<(refusal: CertificateRefusal) => void>();
    const other = certificate();
    const more = [
      ...pins,
      { ...pins[0]!, port: 9443 },
      { ...pins[0]!, port: 9444, fingerprint: other.fingerprint },
    ];
    reporter({ send }).report(pinDecision(presented(intruder.pem), more));
    expect(send.mock.calls[0]?.[0]?.expected).toEqual([host.fingerprint, other.fingerprint]);
  });

  it('tells nobody of an accepted certificate or a host without a pin', () => {
    const send = vi.fn<(refusal: CertificateRefusal) => void>();
    const { warn, report } = reporter({ send });
    report(pinDecision(presented(host.pem), pins));
    report(pinDecision(presented(intruder.pem, 'example.org'), pins));
    expect(send).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });

  it('still logs a refusal when there is no page, or the page went away while sending', () => {
    const lonely = reporter(null);
    lonely.report(pinDecision(presented(intruder.pem), pins));
    expect(lonely.warn).toHaveBeenCalledOnce();
    const gone = reporter({
      send: () => {
        throw new Error('Object has been destroyed');
      },
    });
    expect(() => gone.report(pinDecision(presented(intruder.pem), pins))).not.toThrow();
    expect(gone.warn.mock.calls.map(([message]) => message)).toEqual([
      expect.stringMatching(/someone may be intercepting/),
      expect.stringMatching(/could not be told.*Object has been destroyed/),
    ]);
  });

  it('sends a copy, so the page cannot hold the pin list', () => {
    const send = vi.fn<(refusal: CertificateRefusal) => void>();
    const decision = pinDecision(presented(intruder.pem), pins);
    reporter({ send }).report(decision);
    if (decision.verdict !== 'refuse') throw new Error('expected a refusal');
    expect(send.mock.calls[0]?.[0]?.expected).not.toBe(decision.refusal.expected);
  });
});
