/**
 * A self-signed TLS server certificate for the host: ECDSA P-256 with
 * SHA-256, naming the host's LAN names and addresses. Built with node:crypto
 * (keys, signature) and `der.ts` (the encoding).
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import {
  bitString,
  booleanTrue,
  explicit,
  objectIdentifier,
  octetString,
  sequence,
  set,
  time,
  tlv,
  unsignedInteger,
  utf8String,
} from './der.js';

/** Names the certificate is for: DNS names and IP addresses, each checked here. */
export interface CertificateNames {
  dns: readonly string[];
  ips: readonly string[];
}

export interface CertificateRequest extends CertificateNames {
  /** The subject's common name, shown by browsers in their certificate viewer. */
  commonName: string;
  notBefore: Date;
  notAfter: Date;
}

export interface PemPair {
  cert: string;
  key: string;
}

const oid = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extendedKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  subjectAltName: '2.5.29.17',
} as const;

const dnsNamePattern =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** The 4 or 16 bytes of an IP literal; null for anything else (zones included). */
export function ipBytes(address: string): Buffer | null {
  const family = isIP(address);
  if (family === 4) return Buffer.from(address.split('.').map(Number));
  if (family !== 6 || address.includes('%') || address.includes('.')) return null;
  const [head = '', tail] = address.split('::');
  const groupsOf = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return Buffer.from(groups.flatMap((group) => [parseInt(group, 16) >> 8, parseInt(group, 16) & 0xff]));
}

function subjectAltNames(names: CertificateNames): Buffer {
  const dns = [...new Set(names.dns)].filter((name) => dnsNamePattern.test(name));
  const ips = [...new Set(names.ips)].map(ipBytes).filter((bytes): bytes is Buffer => bytes !== null);
  // GeneralName: dNSName is [2] IMPLICIT IA5String, iPAddress is [7] IMPLICIT OCTET STRING.
  return sequence(
    ...dns.map((name) => tlv(0x82, Buffer.from(name, 'ascii'))),
    ...ips.map((ip) => tlv(0x87, ip)),
  );
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectIdentifier(id), ...(critical ? [booleanTrue()] : []), octetString(value));
}

/** Makes a new key pair and a certificate for it, signed by itself. */
export function createSelfSignedCertificate(request: CertificateRequest): PemPair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const signatureAlgorithm = sequence(objectIdentifier(oid.ecdsaWithSha256));
  const name = sequence(set(sequence(objectIdentifier(oid.commonName), utf8String(request.commonName))));
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f || 0x01; // positive, and 16 bytes long
  const extensions = sequence(
    // Not a certificate authority: it can vouch for this server only.
    extension(oid.basicConstraints, true, sequence()),
    // digitalSignature (bit 0) only: an ECDHE handshake signs, nothing else.
    extension(oid.keyUsage, true, bitString(Buffer.from([0x80]), 7)),
    extension(oid.extendedKeyUsage, false, sequence(objectIdentifier(oid.serverAuth))),
    extension(oid.subjectAltName, false, subjectAltNames(request)),
  );
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))), // version 3
    unsignedInteger(serial),
    signatureAlgorithm,
    name,
    sequence(time(request.notBefore), time(request.notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey); // DER-encoded ECDSA-Sig-Value
  const der = sequence(tbs, signatureAlgorithm, bitString(signature));
  return {
    cert: toPem('CERTIFICATE', der),
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
