/**
 * The host's TLS certificate: made once and kept, so its fingerprint (what
 * guests compare, and what invites carry) stays the same across restarts; or
 * one the user gives (`--cert`, `--cert-key`).
 *
 * Kept as two PEM files in a folder the caller names (the desktop app's
 * user-data folder; for `npm run host`, see host-paths.ts). The key file is
 * readable by its owner only. Files that exist but cannot be used are an
 * error the user must resolve, never silently replaced: a new certificate
 * would change the fingerprint everyone was told to expect.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import path from 'node:path';
import { fingerprintFromHex } from '../../renderer/contract/certificate-fingerprint.js';
import { createSelfSignedCertificate, type CertificateNames } from './self-signed-certificate.js';

export interface HostCertificate {
  /** PEM, as Node's TLS server takes them. */
  cert: string;
  key: string;
  /** SHA-256 of the certificate (DER), 64 lowercase hex digits: what browsers show and invites carry. */
  fingerprint: string;
  notAfter: Date;
}

export class HostCertificateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostCertificateError';
  }
}

export const certificateFileName = 'huddle-host-cert.pem';
export const keyFileName = 'huddle-host-key.pem';

/**
 * Apple's platforms refuse TLS server certificates valid longer than 825
 * days, even ones a user accepted; a certificate that close to its end is
 * renewed, which changes its fingerprint (the host says so).
 */
export const validityDays = 825;
export const renewWithinDays = 30;
const dayMs = 86_400_000;

/** Checks a certificate and its key belong together; describes them, or throws saying what is wrong. */
export function describeCertificate(cert: string, key: string, where: string): HostCertificate {
  let parsed: X509Certificate;
  try {
    parsed = new X509Certificate(cert);
  } catch {
    throw new HostCertificateError(`${where}: the certificate is not a PEM X.509 certificate.`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new HostCertificateError(`${where}: the key is not a PEM private key (unencrypted).`);
  }
  if (
    privateKey.asymmetricKeyType !== parsed.publicKey.asymmetricKeyType ||
    !parsed.checkPrivateKey(privateKey)
  )
    throw new HostCertificateError(`${where}: the key does not belong to the certificate.`);
  const fingerprint = fingerprintFromHex(parsed.fingerprint256);
  if (!fingerprint) throw new HostCertificateError(`${where}: the certificate has no SHA-256 fingerprint.`);
  return { cert, key, fingerprint, notAfter: new Date(parsed.validTo) };
}

/** `--cert FILE --cert-key FILE`: a certificate the user has, e.g. from their own CA. */
export async function readCertificateFiles(certFile: string, keyFile: string): Promise<HostCertificate> {
  const read = async (file: string): Promise<string> => {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      throw new HostCertificateError(
        `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
  return describeCertificate(await read(certFile), await read(keyFile), `${certFile} and ${keyFile}`);
}

/** The names a certificate for this machine lists: loopback, its hostname, and its LAN addresses. */
export function hostCertificateNames(
  lanAddresses: readonly string[],
  hostname = osHostname(),
): CertificateNames {
  const dns = ['localhost'];
  if (hostname) dns.push(hostname, ...(hostname.includes('.') ? [] : [`${hostname}.local`]));
  return { dns, ips: ['127.0.0.1', '::1', ...lanAddresses] };
}

export interface KeptCertificateOptions {
  dir: string;
  names: CertificateNames;
  now?: () => Date;
  /** Told when a certificate is made, and why. */
  log?: (message: string) => void;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw new HostCertificateError(
      `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Writes through a temporary file and a rename, so a crash leaves the old file or the new, never half. */
async function writeAtomically(file: string, text: string, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode, flag: 'w' });
  await rename(temporary, file);
}

/** The certificate kept in `dir`, made there first if there is none (or it is about to expire). */
export async function keptHostCertificate(options: KeptCertificateOptions): Promise<HostCertificate> {
  const now = options.now?.() ?? new Date();
  const certFile = path.join(options.dir, certificateFileName);
  const keyFile = path.join(options.dir, keyFileName);
  const [cert, key] = await Promise.all([readIfPresent(certFile), readIfPresent(keyFile)]);
  if (cert !== null && key !== null) {
    const kept = describeCertificate(cert, key, `${certFile} and ${keyFile}`);
    if (kept.notAfter.getTime() - now.getTime() > renewWithinDays * dayMs) return kept;
    options.log?.(
      `The host's certificate ends on ${kept.notAfter.toISOString().slice(0, 10)}: making a new one (its fingerprint changes).`,
    );
  } else if (cert !== null || key !== null) {
    throw new HostCertificateError(
      `Only one of ${certFile} and ${keyFile} exists. Restore the other, or delete both to make a new certificate (its fingerprint will change).`,
    );
  }
  const made = createSelfSignedCertificate({
    ...options.names,
    commonName: 'Huddle host',
    // A day back, for guests whose clocks run a little behind.
    notBefore: new Date(now.getTime() - dayMs),
    notAfter: new Date(now.getTime() + (validityDays - 1) * dayMs),
  });
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  // The key first: a certificate on disk without its key would stop the next start.
  await writeAtomically(keyFile, made.key, 0o600);
  await writeAtomically(certFile, made.cert, 0o644);
  const created = describeCertificate(made.cert, made.key, certFile);
  options.log?.(`Made a certificate for this host, kept in ${certFile}.`);
  return created;
}
