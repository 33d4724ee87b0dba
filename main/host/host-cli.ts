/**
 * `npm run host`: the web host without Electron, for browser guests, servers
 * without a display, and the end-to-end tests.
 *
 * Paths are relative to this file's compiled location,
 * `dist/node/main/host/host-cli.js`, so it works from any working directory.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CoturnStartError, startCoturn, type RunningCoturn } from './coturn-process.js';
import { fingerprintGroups } from '../../renderer/contract/certificate-fingerprint.js';
import {
  HostCertificateError,
  hostCertificateNames,
  keptHostCertificate,
  readCertificateFiles,
  type HostCertificate,
} from './host-certificate.js';
import { hostHelpText, parseHostArgs, type HostOptions } from './host-options.js';
import { defaultHostDataDir } from './host-paths.js';
import {
  addressesForBind,
  isLoopbackAddress,
  isWildcardAddress,
  lanAddresses,
  urlHost,
} from './lan-addresses.js';
import { createSelfSignedCertificate } from './self-signed-certificate.js';
import type { WebHostIce } from './host-ice.js';
import { startWebHost, WebHostStartError, type RunningHost } from './web-host.js';

const repoRoot = path.resolve(__dirname, '../../../..');
const rendererDir = path.join(repoRoot, 'dist', 'renderer');

/** Exit codes: 1 for a failure to run, 2 for a usage error (the shell convention). */
const exitFailure = 1;
const exitUsage = 2;

function readAppVersion(): string {
  try {
    const manifest: unknown = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const version = (manifest as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The relay the host hands out credentials for, as the start lines describe it. */
export interface RelayDescription {
  /** Addresses browsers reach the relay at. */
  hosts: string[];
  port: number;
  secure: boolean;
  external: boolean;
  /** A managed relay's TURN-over-TLS port beside its plain one. */
  tlsPort?: number | null;
  /** The certificate on that port when it is one made for the relay alone (the host serves plain HTTP). */
  tlsCertificate?: string | null;
}

function describeRelay(relay: RelayDescription): string[] {
  const scheme = relay.secure ? 'turns' : 'turn';
  const transports = relay.secure ? 'tls' : 'udp, tcp';
  const where = relay.external ? ', external: credentials made with its shared secret' : '';
  return relay.hosts
    .flatMap((host) => [
      `TURN relay: ${scheme}:${urlHost(host)}:${relay.port} (${transports})${where}`,
      ...(relay.tlsPort ? [`TURN relay: turns:${urlHost(host)}:${relay.tlsPort} (tls)`] : []),
    ])
    .concat(relay.tlsCertificate ? relayCertificateLines(relay.tlsCertificate) : []);
}

/**
 * Browsers check a TURN server's certificate like a web server's: a relay
 * certificate made here is trusted only by browsers told to (tests, kiosks);
 * for guests behind TLS-only networks, give the host a real one (--cert).
 */
function relayCertificateLines(cert: string): string[] {
  return [
    'TURN over TLS uses a certificate made for the relay, which browsers do not trust: give --cert and --cert-key for guests on TLS-only networks.',
    `TURN relay certificate public key (SPKI SHA-256, base64): ${spkiHash(cert)}`,
  ];
}

/**
 * The certificate lines: the fingerprint in the groups people compare with
 * what their browser shows, and the public key's hash in the form Chromium's
 * --ignore-certificate-errors-spki-list takes (for kiosks and tests that
 * trust exactly this certificate).
 */
export function certificateLines(certificate: HostCertificate): string[] {
  return [
    `HTTPS certificate SHA-256 fingerprint: ${fingerprintGroups(certificate.fingerprint).join(' ')}`,
    "Guests' browsers warn that they cannot verify this certificate: they should compare its SHA-256 fingerprint with the one above before going on.",
    `HTTPS certificate public key (SPKI SHA-256, base64): ${spkiHash(certificate.cert)}`,
  ];
}

/** SHA-256 of a certificate's public key (SPKI), base64: what Chromium's --ignore-certificate-errors-spki-list takes. */
function spkiHash(cert: string): string {
  const spki = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/** What the user needs: where to point browsers, and where the rendezvous server is. */
export function describeRunningHost(
  host: RunningHost,
  options: HostOptions,
  relay: RelayDescription | null = null,
  certificate: HostCertificate | null = null,
): string[] {
  const lines = [`Huddle host running. On this machine: ${host.localUrl}`];
  for (const url of host.lanUrls) lines.push(`Huddle host running. Guests open: ${url}`);
  if (certificate) lines.push(...certificateLines(certificate));
  else if (host.lanUrls.length > 0) {
    lines.push('Plain HTTP (--http): browsers on other machines give such a page no camera or microphone.');
  }
  if (host.lanUrls.length === 0) {
    lines.push(
      isWildcardAddress(options.bind)
        ? 'No network address found: only this machine can join until one is connected.'
        : `Listening on ${options.bind} only: guests on other machines cannot join (use --bind 0.0.0.0 to let them).`,
    );
  }
  lines.push(`PeerJS server: path ${host.server.path}, key ${host.server.key}, port ${host.port}`);
  const { limits } = host;
  lines.push(
    `PeerJS limits: ${limits.maxPeers} peers, messages up to ${limits.maxMessageBytes} bytes, ` +
      `${limits.messagesPerSecond}/s (bursts of ${limits.messageBurst}), silent peers dropped after ${limits.aliveTimeoutMs / 1000} s`,
  );
  if (relay) lines.push(...describeRelay(relay));
  for (const server of options.iceServers) lines.push(`ICE servers (as given): ${server.urls.join(', ')}`);
  lines.push('Press Ctrl-C to stop.');
  return lines;
}

/** Starts coturn for `--turn`; returns what the web host needs to mint credentials for it. */
async function startRelay(
  options: HostOptions,
  certificate: HostCertificate | null,
): Promise<{ ice: WebHostIce; relay: RelayDescription | null; coturn: RunningCoturn | null }> {
  const ice: WebHostIce = options.iceServers.length ? { static: options.iceServers } : {};
  const turn = options.turn;
  if (!turn) return { ice, relay: null, coturn: null };
  if (turn.kind === 'external') {
    ice.turn = { host: turn.host, port: turn.port, secret: turn.secret, secure: turn.secure };
    return {
      ice,
      relay: { hosts: [turn.host], port: turn.port, secure: turn.secure, external: true },
      coturn: null,
    };
  }
  const relayCertificate = certificate ?? relayOnlyCertificate();
  const coturn = await startCoturn({
    bind: options.bind,
    ...(turn.port !== null ? { port: turn.port } : {}),
    ...(turn.secret !== null ? { secret: turn.secret } : {}),
    // TURN over TLS too, for networks that let only outbound TLS through: with the
    // host's certificate, or over plain HTTP one made for the relay alone.
    tls: relayCertificate,
  });
  // Pages get the hostname they used, as for the rendezvous server; on loopback
  // the relay's own IP, as "localhost" may resolve to ::1 where it does not listen.
  ice.turn = {
    host: isLoopbackAddress(options.bind) ? coturn.listeningIp : null,
    port: coturn.port,
    secret: coturn.secret,
    ...(coturn.tlsPort !== null ? { tlsPort: coturn.tlsPort } : {}),
  };
  const hosts = isWildcardAddress(options.bind) ? lanAddresses() : [coturn.listeningIp];
  return {
    ice,
    relay: {
      hosts: hosts.length ? hosts : ['127.0.0.1'],
      port: coturn.port,
      secure: false,
      external: false,
      tlsPort: coturn.tlsPort,
      tlsCertificate: certificate ? null : relayCertificate.cert,
    },
    coturn,
  };
}

/** A certificate for the relay's TLS port when the host itself serves plain HTTP. */
function relayOnlyCertificate(): { cert: string; key: string } {
  const now = Date.now();
  return createSelfSignedCertificate({
    commonName: 'Huddle TURN relay',
    dns: ['huddle-turn-relay'],
    ips: [],
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 365 * 24 * 3600_000),
  });
}

/** The certificate to serve, per --http, --cert/--cert-key, or the one kept in --cert-dir. */
async function loadCertificate(options: HostOptions): Promise<HostCertificate | null> {
  const { tls } = options;
  if (tls.kind === 'none') return null;
  if (tls.kind === 'given') return readCertificateFiles(tls.certFile, tls.keyFile);
  return keptHostCertificate({
    dir: tls.dir ?? defaultHostDataDir(),
    // The names at its first start; a later address change keeps the
    // certificate (and the fingerprint guests know), which the guests'
    // comparison of fingerprints covers.
    names: hostCertificateNames(
      isWildcardAddress(options.bind) ? lanAddresses() : addressesForBind(options.bind, []),
    ),
    log: (message) => console.log(message),
  });
}

async function main(argv: readonly string[]): Promise<void> {
  const parsed = parseHostArgs(argv);
  if (!parsed.ok) {
    console.error(`huddle host: ${parsed.error}`);
    process.exitCode = exitUsage;
    return;
  }
  const { options } = parsed;
  if (options.help) {
    process.stdout.write(hostHelpText);
    return;
  }

  let host: RunningHost;
  let started: Awaited<ReturnType<typeof startRelay>> | null = null;
  let certificate: HostCertificate | null;
  try {
    certificate = await loadCertificate(options);
    started = await startRelay(options, certificate);
    const coturn = started.coturn;
    // However this process ends, the relay must not outlive it.
    if (coturn) process.once('exit', () => coturn.stopNow());
    host = await startWebHost({
      ...options,
      rendererDir,
      appVersion: readAppVersion(),
      ice: started.ice,
      tls: certificate,
    });
  } catch (error) {
    await started?.coturn?.stop();
    // Known start failures carry an actionable message; anything else is
    // reported by message too, as a stack trace helps no user here.
    const message = error instanceof Error ? error.message : String(error);
    const known =
      error instanceof WebHostStartError ||
      error instanceof CoturnStartError ||
      error instanceof HostCertificateError;
    console.error(known ? message : `huddle host: could not start: ${message}`);
    process.exitCode = exitFailure;
    return;
  }
  const coturn = started.coturn;
  for (const line of describeRunningHost(host, options, started.relay, certificate)) console.log(line);

  let stoppingSince: number | null = null;
  const stop = (signal: NodeJS.Signals): void => {
    if (stoppingSince !== null) {
      // Another Ctrl-C a second later means "now", even if connections are
      // slow to close; an immediate repeat is the same keypress delivered
      // twice (by the terminal and by `npm run`).
      if (Date.now() - stoppingSince > 1000) process.exit(exitFailure);
      return;
    }
    stoppingSince = Date.now();
    console.log(`Stopping the Huddle host (${signal}).`);
    host
      .close()
      .then(() => coturn?.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(
            `huddle host: error while stopping: ${error instanceof Error ? error.message : String(error)}`,
          );
          process.exit(exitFailure);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // A closed terminal should not leave the server running in the background.
  process.on('SIGHUP', stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`huddle host: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(exitFailure);
  });
}
