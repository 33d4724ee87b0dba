/**
 * A coturn TURN relay run by the host (`npm run host -- --turn`): writes its
 * configuration to a private temporary directory, starts `turnserver -c`,
 * waits until it accepts connections, and stops it again by PID.
 *
 * The relay authenticates with the TURN REST shared-secret scheme (see
 * turn-credentials.ts): the host mints short-lived credentials per page,
 * and the secret stays in the config file, readable by this user only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, isIP } from 'node:net';
import { createSocket } from 'node:dgram';
import os from 'node:os';
import path from 'node:path';
import { isLoopbackAddress, isWildcardAddress } from './lan-addresses.js';

export const defaultTurnPort = 3478;
/** The usual port of TURN over TLS (`turns:`). */
export const defaultTurnTlsPort = 5349;
export const defaultRelayPorts = { min: 49160, max: 49359 } as const;
export const coturnMissingMessage = '--turn needs coturn: apt-get install coturn';

export interface CoturnOptions {
  /** The web host's bind address; the relay listens and relays on the same one. */
  bind: string;
  /** Listening port (UDP and TCP). Omitted: 3478 if free, else any free port. */
  port?: number;
  /** Shared secret for credentials; omitted: a random one. */
  secret?: string;
  /** UDP port range for relayed addresses. */
  minRelayPort?: number;
  maxRelayPort?: number;
  /**
   * Also listen for TURN over TLS (`turns:`), with this certificate (PEM), on
   * `port` (omitted: 5349 if free, else any free port): for networks that let
   * only outbound TLS through. Browsers do not check a TURN server's
   * certificate against their trust stores (the credentials are what protect
   * the relay), so a self-signed one serves.
   */
  tls?: { cert: string; key: string; port?: number };
  /** The `turnserver` program; found on PATH (or /usr/bin) when omitted. */
  turnserverPath?: string;
  /** How long to wait for the relay to listen. */
  startTimeoutMs?: number;
  /** Each line the relay logs; dropped when omitted (the last lines are kept for errors). */
  log?: (line: string) => void;
}

export interface RunningCoturn {
  /** The address the relay listens on, as an IP; `0.0.0.0` when it listens on every interface. */
  listeningIp: string;
  port: number;
  /** The TURN-over-TLS port, or null when the relay offers no TLS. */
  tlsPort: number | null;
  secret: string;
  pid: number;
  /** The relay's most recent log output. */
  output(): string;
  /** Stops the relay (SIGTERM, SIGKILL after 3 s) and deletes its directory. Idempotent. */
  stop(): Promise<void>;
  /** The same, synchronously and without waiting: for a process `exit` handler. */
  stopNow(): void;
}

export type CoturnErrorCode = 'not-installed' | 'port-in-use' | 'failed';

export class CoturnStartError extends Error {
  constructor(
    readonly code: CoturnErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CoturnStartError';
  }
}

/** A random shared secret: 192 bits, URL-safe base64. */
export function generateTurnSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** The full path of `turnserver`, or null when coturn is not installed. */
export function findTurnserver(searchPath: string = process.env.PATH ?? ''): string | null {
  // An app started from a desktop or Finder gets a short PATH: the places
  // packages and Homebrew install to are looked in as well.
  const dirs = [
    ...searchPath.split(path.delimiter).filter(Boolean),
    '/usr/bin',
    '/usr/sbin',
    '/usr/local/bin',
    '/opt/homebrew/bin',
  ];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'turnserver');
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Characters that cannot break out of a config line. */
const safeConfigValue = /^[\x21-\x7e]{1,256}$/;

export interface CoturnConfig {
  /** IP to listen and relay on; null: every interface. */
  ip: string | null;
  port: number;
  secret: string;
  minRelayPort: number;
  maxRelayPort: number;
  /** Where coturn writes its pid file and user database (it insists on both). */
  dir: string;
  /** TURN over TLS: its port, and the certificate and key files coturn reads. */
  tls?: { port: number; certFile: string; keyFile: string } | null;
}

/** The configuration file's text; pure, for tests. */
export function coturnConfigText(config: CoturnConfig): string {
  if (!safeConfigValue.test(config.secret) || config.secret.includes('#')) {
    throw new Error('The TURN secret must be 1-256 printable characters without spaces or "#"');
  }
  const loopback = config.ip !== null && isLoopbackAddress(config.ip);
  const lines = [
    ...(config.ip === null ? [] : [`listening-ip=${config.ip}`, `relay-ip=${config.ip}`]),
    `listening-port=${config.port}`,
    `min-port=${config.minRelayPort}`,
    `max-port=${config.maxRelayPort}`,
    'realm=huddle',
    'use-auth-secret',
    `static-auth-secret=${config.secret}`,
    'fingerprint',
    ...(config.tls
      ? [`tls-listening-port=${config.tls.port}`, `cert=${config.tls.certFile}`, `pkey=${config.tls.keyFile}`]
      : ['no-tls']),
    'no-dtls',
    'no-cli',
    'no-rfc5780',
    'no-multicast-peers',
    'no-software-attribute',
    // Relaying to 127.0.0.1 lets anyone with credentials reach this machine's
    // local services; only a relay that is itself on loopback needs it.
    ...(loopback ? ['allow-loopback-peers'] : []),
    `pidfile=${path.join(config.dir, 'turnserver.pid')}`,
    `userdb=${path.join(config.dir, 'turndb')}`,
    'log-file=stdout',
    'simple-log',
  ];
  return `${lines.join('\n')}\n`;
}

/** The IP coturn listens on for a web host bound to `bind`; null for every interface. */
export async function relayIpForBind(bind: string): Promise<string | null> {
  if (isWildcardAddress(bind)) return null;
  if (isLoopbackAddress(bind)) return bind.includes(':') ? '::1' : '127.0.0.1';
  const bare = bind.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) return bare;
  return (await lookup(bare)).address;
}

/** Whether both UDP and TCP `port` are free on `ip`. */
export async function turnPortFree(ip: string, port: number): Promise<boolean> {
  const tcpFree = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: ip, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
  if (!tcpFree) return false;
  return new Promise<boolean>((resolve) => {
    const socket = createSocket(ip.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind({ address: ip, port, exclusive: true }, () => socket.close(() => resolve(true)));
  });
}

/** A port free for both UDP and TCP on `ip`. */
async function anyFreeTurnPort(ip: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = await new Promise<number>((resolve, reject) => {
      const socket = createSocket(ip.includes(':') ? 'udp6' : 'udp4');
      socket.once('error', reject);
      socket.bind({ address: ip, port: 0 }, () => {
        const chosen = socket.address().port;
        socket.close(() => resolve(chosen));
      });
    });
    if (await turnPortFree(ip, port)) return port;
  }
  throw new CoturnStartError('port-in-use', `No free port for the TURN relay on ${ip}`);
}

function canConnect(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: ip, port });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

const keptOutputChars = 16_000;

export async function startCoturn(options: CoturnOptions): Promise<RunningCoturn> {
  const turnserver = options.turnserverPath ?? findTurnserver();
  if (!turnserver || !isExecutable(turnserver))
    throw new CoturnStartError('not-installed', coturnMissingMessage);

  const ip = await relayIpForBind(options.bind);
  const probeIp = ip ?? '127.0.0.1';
  let port: number;
  if (options.port !== undefined) {
    if (!(await turnPortFree(probeIp, options.port))) {
      throw new CoturnStartError(
        'port-in-use',
        `TURN port ${options.port} is already in use on ${probeIp}: pick another with --turn-port N.`,
      );
    }
    port = options.port;
  } else {
    port = (await turnPortFree(probeIp, defaultTurnPort)) ? defaultTurnPort : await anyFreeTurnPort(probeIp);
  }

  let tlsPort: number | null = null;
  if (options.tls) {
    const wanted = options.tls.port ?? defaultTurnTlsPort;
    const free = wanted !== port && (await turnPortFree(probeIp, wanted));
    if (!free && options.tls.port !== undefined) {
      throw new CoturnStartError('port-in-use', `TURN TLS port ${wanted} is already in use on ${probeIp}.`);
    }
    tlsPort = free ? wanted : await anyFreeTurnPort(probeIp);
  }

  const secret = options.secret ?? generateTurnSecret();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'huddle-coturn-'));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  let child: ChildProcess;
  try {
    const configFile = path.join(dir, 'turnserver.conf');
    let tls: CoturnConfig['tls'] = null;
    if (options.tls && tlsPort !== null) {
      tls = { port: tlsPort, certFile: path.join(dir, 'cert.pem'), keyFile: path.join(dir, 'key.pem') };
      writeFileSync(tls.certFile, options.tls.cert, { mode: 0o600 });
      writeFileSync(tls.keyFile, options.tls.key, { mode: 0o600 });
    }
    writeFileSync(
      configFile,
      coturnConfigText({
        ip,
        port,
        secret,
        minRelayPort: options.minRelayPort ?? defaultRelayPorts.min,
        maxRelayPort: options.maxRelayPort ?? defaultRelayPorts.max,
        dir,
        tls,
      }),
      { mode: 0o600 },
    );
    child = spawn(turnserver, ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    removeDir();
    throw error;
  }

  let output = '';
  let pending = '';
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString();
    output = (output + text).slice(-keptOutputChars);
    if (!options.log) return;
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) options.log(line);
  };
  // Always read: a full pipe would stall the relay.
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
    child.once('error', () => {
      exited = true;
      resolve();
    });
  });

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exit;
        clearTimeout(timer);
      }
      removeDir();
    })();
    return stopping;
  };
  const stopNow = (): void => {
    if (!exited) child.kill('SIGKILL');
    removeDir();
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
  for (;;) {
    if (exited) {
      await stop();
      throw new CoturnStartError('failed', `The TURN relay (turnserver) exited at start:\n${output}`);
    }
    if (await canConnect(probeIp, port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new CoturnStartError('failed', `The TURN relay did not listen on ${probeIp}:${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    listeningIp: ip ?? '0.0.0.0',
    port,
    tlsPort,
    secret,
    pid: child.pid ?? -1,
    output: () => output,
    stop,
    stopNow,
  };
}
