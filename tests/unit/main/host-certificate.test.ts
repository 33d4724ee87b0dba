/**
 * The host's certificate: made with node:crypto and our DER encoding, checked
 * by Node's own X.509 parser, and kept in a fresh temporary folder per test.
 */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  certificateFileName,
  describeCertificate,
  HostCertificateError,
  hostCertificateNames,
  keptHostCertificate,
  keyFileName,
  readCertificateFiles,
  validityDays,
} from '../../../main/host/host-certificate.js';
import { createSelfSignedCertificate, ipBytes } from '../../../main/host/self-signed-certificate.js';

let dir: string;
const names = { dns: ['localhost', 'huddle.test'], ips: ['127.0.0.1', '::1', '192.168.1.5'] };

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'huddle-cert-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createSelfSignedCertificate', () => {
  const notBefore = new Date('2026-01-01T00:00:00Z');
  const notAfter = new Date('2028-04-05T00:00:00Z');
  const made = createSelfSignedCertificate({ ...names, commonName: 'Huddle host', notBefore, notAfter });
  const cert = new X509Certificate(made.cert);

  it('is a P-256 certificate signed by its own key, which the key file holds', () => {
    expect(cert.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(made.key))).toBe(true);
    expect(cert.subject).toBe('CN=Huddle host');
    expect(cert.issuer).toBe(cert.subject);
  });

  it('names the host and its addresses, for server use only, over the asked dates', () => {
    expect(cert.subjectAltName).toBe(
      'DNS:localhost, DNS:huddle.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:192.168.1.5',
    );
    expect(cert.checkHost('huddle.test')).toBe('huddle.test');
    expect(cert.checkIP('192.168.1.5')).toBe('192.168.1.5');
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(new Date(cert.validFrom)).toEqual(notBefore);
    expect(new Date(cert.validTo)).toEqual(notAfter);
  });

  it('draws a fresh key and serial number each time', () => {
    const other = new X509Certificate(
      createSelfSignedCertificate({ ...names, commonName: 'Huddle host', notBefore, notAfter }).cert,
    );
    expect(other.serialNumber).not.toBe(cert.serialNumber);
    expect(other.fingerprint256).not.toBe(cert.fingerprint256);
  });

  it('leaves out names a certificate cannot carry', () => {
    const odd = createSelfSignedCertificate({
      dns: ['ok.example', 'under_score', 'has space'],
      ips: ['fe80::1%eth0', 'not-an-ip', '10.0.0.1'],
      commonName: 'x',
      notBefore,
      notAfter,
    });
    expect(new X509Certificate(odd.cert).subjectAltName).toBe('DNS:ok.example, IP Address:10.0.0.1');
  });
});

describe('ipBytes', () => {
  it.each([
    ['192.168.1.5', [192, 168, 1, 5]],
    ['::1', [...Array<number>(15).fill(0), 1]],
    ['2001:db8::ff00:42', [0x20, 0x01, 0x0d, 0xb8, ...Array<number>(8).fill(0), 0xff, 0x00, 0x00, 0x42]],
  ])('%s', (address, bytes) => {
    expect([...(ipBytes(address) ?? [])]).toEqual(bytes);
  });
  it.each(['fe80::1%eth0', '::ffff:1.2.3.4', 'localhost', '1.2.3'])('refuses %s', (address) => {
    expect(ipBytes(address)).toBeNull();
  });
});

describe('keptHostCertificate', () => {
  it('makes a certificate on the first start and gives the same one, same fingerprint, on the next', async () => {
    const logged: string[] = [];
    const first = await keptHostCertificate({ dir, names, log: (line) => logged.push(line) });
    expect(logged).toEqual([expect.stringContaining('Made a certificate')]);
    const onDisk = await readFile(path.join(dir, certificateFileName), 'utf8');
    expect(onDisk).toBe(first.cert);
    const second = await keptHostCertificate({ dir, names, log: (line) => logged.push(line) });
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(second.cert).toBe(first.cert);
    expect(logged).toHaveLength(1);
    // The fingerprint is the SHA-256 of the certificate's DER, as browsers show it.
    const der = new X509Certificate(first.cert).raw;
    expect(first.fingerprint).toBe(createHash('sha256').update(der).digest('hex'));
    expect(first.notAfter.getTime() - Date.now()).toBeGreaterThan((validityDays - 2) * 86_400_000);
  });

  it('keeps the key readable by its owner only', async () => {
    await keptHostCertificate({ dir, names });
    expect((await stat(path.join(dir, keyFileName))).mode & 0o777).toBe(0o600);
  });

  it('renews a certificate that is about to end, and says so', async () => {
    const first = await keptHostCertificate({ dir, names });
    const logged: string[] = [];
    const later = new Date(first.notAfter.getTime() - 5 * 86_400_000);
    const renewed = await keptHostCertificate({
      dir,
      names,
      now: () => later,
      log: (line) => logged.push(line),
    });
    expect(renewed.fingerprint).not.toBe(first.fingerprint);
    expect(logged[0]).toMatch(/making a new one \(its fingerprint changes\)/);
  });

  it('refuses, without replacing anything, a damaged or half-present pair', async () => {
    const first = await keptHostCertificate({ dir, names });
    const keyFile = path.join(dir, keyFileName);
    const other = createSelfSignedCertificate({
      ...names,
      commonName: 'x',
      notBefore: new Date(),
      notAfter: new Date(),
    });
    await writeFile(keyFile, other.key);
    await expect(keptHostCertificate({ dir, names })).rejects.toThrow(
      /the key does not belong to the certificate/,
    );
    await writeFile(keyFile, 'garbage');
    await expect(keptHostCertificate({ dir, names })).rejects.toThrow(HostCertificateError);
    await rm(keyFile);
    await expect(keptHostCertificate({ dir, names })).rejects.toThrow(/Only one of .* exists/);
    expect(await readFile(path.join(dir, certificateFileName), 'utf8')).toBe(first.cert);
  });
});

describe('a given certificate', () => {
  it('is read from its files and described', async () => {
    const made = createSelfSignedCertificate({
      ...names,
      commonName: 'x',
      notBefore: new Date(),
      notAfter: new Date(),
    });
    await writeFile(path.join(dir, 'c.pem'), made.cert);
    await writeFile(path.join(dir, 'k.pem'), made.key);
    const given = await readCertificateFiles(path.join(dir, 'c.pem'), path.join(dir, 'k.pem'));
    expect(given.fingerprint).toBe(describeCertificate(made.cert, made.key, 'x').fingerprint);
    await expect(
      readCertificateFiles(path.join(dir, 'missing.pem'), path.join(dir, 'k.pem')),
    ).rejects.toThrow(/Cannot read .*missing\.pem/);
    expect(() => describeCertificate('not a cert', made.key, 'given')).toThrow(
      /not a PEM X\.509 certificate/,
    );
  });
});

describe('hostCertificateNames', () => {
  it('lists loopback, the hostname with its .local name, and the LAN addresses', () => {
    expect(hostCertificateNames(['192.168.1.5'], 'desk')).toEqual({
      dns: ['localhost', 'desk', 'desk.local'],
      ips: ['127.0.0.1', '::1', '192.168.1.5'],
    });
    expect(hostCertificateNames([], 'desk.example.org').dns).toEqual(['localhost', 'desk.example.org']);
  });
});
