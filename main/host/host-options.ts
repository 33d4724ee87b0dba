/**
 * Command-line options of the headless host (`npm run host -- ...`).
 *
 * Parsing is a pure function so that every accepted and rejected input can be
 * unit-tested without starting a server or touching `process`.
 */
import { isIP } from 'node:net';
import type { IceServer } from '../../renderer/bridge/host-bridge.js';
import { defaultPeerLimits, type PeerLimits } from './peer-limits.js';

export interface HostOptions {
  /** Interface address to listen on; `0.0.0.0` reaches guests on the LAN. */
  bind: string;
  /** TCP port; 0 lets the system pick a free one. */
  port: number;
  /** Mount path of the embedded PeerJS server. */
  peerPath: string;
  /** PeerJS API key that clients must present; null: a random one, new at every start. */
  key: string | null;
  /** Limits of the embedded PeerJS server. */
  limits: PeerLimits;
  /** A TURN relay whose short-lived credentials the host hands out; null: none. */
  turn: TurnOptions | null;
  /** STUN/TURN servers handed to pages exactly as given (`--ice-server`). */
  iceServers: IceServer[];
  /** `--help` was given: print `hostHelpText` and start nothing. */
  help: boolean;
}

/**
 * `--turn`: the host runs coturn itself, on its bind address.
 * `--turn-url`: a relay running elsewhere, sharing `secret` with this host.
 */
export type TurnOptions =
  | { kind: 'embedded'; port: number | null; secret: string | null }
  | { kind: 'external'; host: string; port: number; secure: boolean; secret: string };

export type ParseHostArgsResult = { ok: true; options: HostOptions } | { ok: false; error: string };

export const defaultHostOptions: Readonly<HostOptions> = {
  bind: '0.0.0.0',
  port: 8765,
  peerPath: '/peerjs',
  key: null,
  limits: { ...defaultPeerLimits },
  turn: null,
  iceServers: [],
  help: false,
};

export const hostHelpText = `Usage: npm run host -- [options]

Runs the Huddle web host without the desktop app: it serves the web client to
browsers and runs the PeerJS rendezvous server on the same port.

Options:
  --bind ADDR       address to listen on (default ${defaultHostOptions.bind}: every interface)
  --port N          TCP port, 0-65535; 0 picks any free port (default ${defaultHostOptions.port})
  --peer-path PATH  mount path of the PeerJS server (default ${defaultHostOptions.peerPath})
  --key KEY         PeerJS key clients must use (default: a random key, new at
                    every start; the page the host serves and its invite links
                    carry it, and the host prints it)
  --help            show this text

Relay for guests that cannot connect directly (default: none, fine on a LAN):
  --turn            also run a TURN relay (coturn, which must be installed) on
                    the bind address; every page gets its own credentials,
                    valid for one hour, made from a secret only the host knows
  --turn-port N     the relay's UDP and TCP port (default 3478, or any free
                    port when 3478 is taken)
  --turn-secret S   the relay's shared secret (default: random at every start)
  --turn-url URL    use a relay that runs elsewhere instead, e.g.
                    turn:relay.example.org:3478 (or turns: for TLS), with the
                    shared secret given by --turn-secret (coturn's
                    static-auth-secret with use-auth-secret)
  --ice-server URL  a STUN or TURN server handed to pages as is (repeatable),
                    e.g. stun:stun.example.org:3478
  --ice-username U  with --ice-credential: the login for the --ice-server TURN URLs
  --ice-credential C

Limits of the PeerJS server (a peer is one open app or browser tab):
  --max-peers N          peers connected at once; one more is refused
                         (default ${defaultPeerLimits.maxPeers})
  --max-message-bytes N  largest signaling message; a larger one closes that
                         peer's connection (default ${defaultPeerLimits.maxMessageBytes})
  --message-rate N       messages per second one peer may send, sustained
                         (default ${defaultPeerLimits.messagesPerSecond})
  --message-burst N      messages one peer may send at once above that rate;
                         a peer over the limit is disconnected (default ${defaultPeerLimits.messageBurst})
  --alive-timeout MS     a peer silent this long (clients send a heartbeat
                         every 5 s) is dropped and its id freed (default ${defaultPeerLimits.aliveTimeoutMs})
`;

type ValueFlag =
  | '--bind'
  | '--port'
  | '--peer-path'
  | '--key'
  | '--max-peers'
  | '--max-message-bytes'
  | '--message-rate'
  | '--message-burst'
  | '--alive-timeout'
  | '--turn-port'
  | '--turn-secret'
  | '--turn-url'
  | '--ice-server'
  | '--ice-username'
  | '--ice-credential';
const valueFlags: readonly ValueFlag[] = [
  '--bind',
  '--port',
  '--peer-path',
  '--key',
  '--max-peers',
  '--max-message-bytes',
  '--message-rate',
  '--message-burst',
  '--alive-timeout',
  '--turn-port',
  '--turn-secret',
  '--turn-url',
  '--ice-server',
  '--ice-username',
  '--ice-credential',
];

/** Flags that may be given more than once. */
const repeatableFlags: readonly string[] = ['--ice-server'];

/** The limit flags: which field each sets, and the range that keeps PeerJS working. */
const limitFlags: Record<
  Extract<ValueFlag, `--${'max' | 'message' | 'alive'}-${string}`>,
  { field: keyof PeerLimits; min: number; max: number; why?: string }
> = {
  '--max-peers': { field: 'maxPeers', min: 1, max: 100_000 },
  // An offer with its SDP is a few kilobytes; below 4 KiB calls would fail to set up.
  '--max-message-bytes': { field: 'maxMessageBytes', min: 4096, max: 16 * 1024 * 1024 },
  '--message-rate': { field: 'messagesPerSecond', min: 1, max: 100_000 },
  '--message-burst': { field: 'messageBurst', min: 1, max: 1_000_000 },
  '--alive-timeout': {
    field: 'aliveTimeoutMs',
    min: 10_000,
    max: 3_600_000,
    why: ' (clients send a heartbeat every 5 s, so less would drop live peers)',
  },
};

function isLimitFlag(flag: ValueFlag): flag is keyof typeof limitFlags {
  return flag in limitFlags;
}

function parseLimit(flag: keyof typeof limitFlags, value: string): number | string {
  const { min, max, why = '' } = limitFlags[flag];
  const expected = `${flag} expects a whole number from ${min} to ${max}${why}, got "${value}"`;
  if (!/^\d{1,9}$/.test(value)) return expected;
  const number = Number(value);
  return number < min || number > max ? expected : number;
}

function isValueFlag(flag: string): flag is ValueFlag {
  return (valueFlags as readonly string[]).includes(flag);
}

/** Hostnames such as `localhost`; IP literals are checked by `isIP`. */
const hostnamePattern =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function checkBind(value: string): string | null {
  if (isIP(value) !== 0 || hostnamePattern.test(value)) return null;
  return `--bind expects an IP address or hostname, got "${value}"`;
}

function parsePort(value: string): number | string {
  // Only plain decimal digits: `Number()` would also accept "0x10", "1e3" and " 8 ".
  if (!/^\d{1,5}$/.test(value)) return `--port expects a number from 0 to 65535, got "${value}"`;
  const port = Number(value);
  if (port > 65535) return `--port expects a number from 0 to 65535, got "${value}"`;
  return port;
}

/** The same characters the PeerJS client puts in a URL path unescaped, so the path works as given. */
function checkPeerPath(value: string): string | null {
  if (!value.startsWith('/')) return `--peer-path must start with "/", got "${value}"`;
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(value)) {
    return `--peer-path may contain only letters, digits and . _ ~ - /, got "${value}"`;
  }
  if (value.split('/').some((segment) => segment === '.' || segment === '..')) {
    return `--peer-path must not contain "." or ".." segments, got "${value}"`;
  }
  if (normalisePeerPath(value) === '/' || /^\/api(\/|$)/.test(value)) {
    // The web client is served at "/" and its host description under "/api".
    return `--peer-path must name a sub-path such as /peerjs, not "${value}"`;
  }
  return null;
}

function normalisePeerPath(value: string): string {
  // "/peerjs/" and "/peerjs" mount the same server; keep one spelling for URLs.
  const trimmed = value.replace(/\/+$/, '').replace(/\/{2,}/g, '/');
  return trimmed === '' ? '/' : trimmed;
}

function checkKey(value: string): string | null {
  // The key travels in a query string and in the REST path `/<path>/<key>/id`.
  if (!/^[A-Za-z0-9._~-]{1,64}$/.test(value)) {
    return `--key must be 1-64 letters, digits or . _ ~ -, got "${value}"`;
  }
  return null;
}

/** Parses the arguments after the script name, e.g. `process.argv.slice(2)`. */
export function parseHostArgs(argv: readonly string[]): ParseHostArgsResult {
  const options: HostOptions = {
    ...defaultHostOptions,
    limits: { ...defaultHostOptions.limits },
    iceServers: [],
  };
  const seen = new Set<string>();
  const turn: TurnFlags = { enabled: false, port: null, secret: null, url: null };
  const ice: IceFlags = { urls: [], username: null, credential: null };

  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    // Accept both `--port 80` and `--port=80`, the two spellings people type.
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = equals === -1 ? arg : arg.slice(0, equals);

    if (flag === '--help' || flag === '-h' || flag === '--turn') {
      if (equals !== -1) return { ok: false, error: `${flag} takes no value` };
      if (flag === '--turn') turn.enabled = true;
      else options.help = true;
      continue;
    }
    if (!isValueFlag(flag)) {
      return { ok: false, error: `Unknown option "${arg}". Run with --help for the list of options.` };
    }
    if (seen.has(flag) && !repeatableFlags.includes(flag)) {
      return { ok: false, error: `${flag} was given more than once` };
    }
    seen.add(flag);

    let value: string | undefined;
    if (equals !== -1) {
      value = arg.slice(equals + 1);
    } else {
      value = argv[index + 1];
      index += 1;
    }
    if (value === undefined || value === '' || (equals === -1 && value.startsWith('--'))) {
      return { ok: false, error: `${flag} needs a value` };
    }

    if (isLimitFlag(flag)) {
      const limit = parseLimit(flag, value);
      if (typeof limit === 'string') return { ok: false, error: limit };
      options.limits[limitFlags[flag].field] = limit;
      continue;
    }
    switch (flag) {
      case '--bind': {
        const error = checkBind(value);
        if (error) return { ok: false, error };
        options.bind = value;
        break;
      }
      case '--port': {
        const port = parsePort(value);
        if (typeof port === 'string') return { ok: false, error: port };
        options.port = port;
        break;
      }
      case '--peer-path': {
        const error = checkPeerPath(value);
        if (error) return { ok: false, error };
        options.peerPath = normalisePeerPath(value);
        break;
      }
      case '--key': {
        const error = checkKey(value);
        if (error) return { ok: false, error };
        options.key = value;
        break;
      }
      case '--turn-port': {
        const port = parsePort(value);
        if (typeof port === 'string' || port === 0) {
          return { ok: false, error: `--turn-port expects a number from 1 to 65535, got "${value}"` };
        }
        turn.port = port;
        break;
      }
      case '--turn-secret': {
        const error = checkSecret(flag, value);
        if (error) return { ok: false, error };
        turn.secret = value;
        break;
      }
      case '--turn-url': {
        const parsedUrl = parseTurnUrl(value);
        if (typeof parsedUrl === 'string') return { ok: false, error: parsedUrl };
        turn.url = parsedUrl;
        break;
      }
      case '--ice-server': {
        const error = checkIceUrl(value);
        if (error) return { ok: false, error };
        ice.urls.push(value);
        break;
      }
      case '--ice-username':
      case '--ice-credential': {
        const error = checkSecret(flag, value);
        if (error) return { ok: false, error };
        if (flag === '--ice-username') ice.username = value;
        else ice.credential = value;
        break;
      }
    }
  }

  const turnResult = combineTurnFlags(turn);
  if (typeof turnResult === 'string') return { ok: false, error: turnResult };
  options.turn = turnResult;
  const iceResult = combineIceFlags(ice);
  if (typeof iceResult === 'string') return { ok: false, error: iceResult };
  options.iceServers = iceResult;
  return { ok: true, options };
}

interface TurnFlags {
  enabled: boolean;
  port: number | null;
  secret: string | null;
  url: { host: string; port: number; secure: boolean } | null;
}

interface IceFlags {
  urls: string[];
  username: string | null;
  credential: string | null;
}

/** Secrets and logins go into a config file and a JSON answer: printable, no spaces, no "#". */
function checkSecret(flag: string, value: string): string | null {
  if (!/^[\x21-\x7e]{1,256}$/.test(value) || value.includes('#')) {
    return `${flag} must be 1-256 printable characters without spaces or "#"`;
  }
  return null;
}

/** `turn:HOST[:PORT]` or `turns:HOST[:PORT]`, without query or credentials. */
function parseTurnUrl(value: string): TurnFlags['url'] | string {
  const expected = `--turn-url expects turn:HOST[:PORT] or turns:HOST[:PORT], got "${value}"`;
  const match = /^(turns?):(\[[0-9A-Fa-f:.]+\]|[^:/?#@[\]]+)(?::(\d{1,5}))?$/.exec(value);
  if (!match) return expected;
  const [, scheme, host = '', portText] = match;
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 0 && !hostnamePattern.test(bare)) return expected;
  const secure = scheme === 'turns';
  const port = portText === undefined ? (secure ? 5349 : 3478) : Number(portText);
  if (port < 1 || port > 65535) return expected;
  return { host: bare, port, secure };
}

/** The URL forms of RFC 7064/7065 that browsers accept in `RTCIceServer.urls`. */
function checkIceUrl(value: string): string | null {
  if (!/^(stuns?|turns?):[^\s]{1,512}$/.test(value)) {
    return `--ice-server expects a stun:, stuns:, turn: or turns: URL, got "${value}"`;
  }
  return null;
}

function combineTurnFlags(turn: TurnFlags): TurnOptions | null | string {
  if (turn.url) {
    if (turn.port !== null) return '--turn-port is for the relay --turn runs; put the port in --turn-url';
    if (turn.secret === null)
      return '--turn-url needs --turn-secret, the secret the relay was configured with';
    return { kind: 'external', ...turn.url, secret: turn.secret };
  }
  if (!turn.enabled) {
    if (turn.port !== null) return '--turn-port needs --turn';
    if (turn.secret !== null) return '--turn-secret needs --turn or --turn-url';
    return null;
  }
  return { kind: 'embedded', port: turn.port, secret: turn.secret };
}

function combineIceFlags(ice: IceFlags): IceServer[] | string {
  if (ice.urls.length === 0) {
    if (ice.username !== null || ice.credential !== null) {
      return '--ice-username and --ice-credential need --ice-server';
    }
    return [];
  }
  if ((ice.username === null) !== (ice.credential === null)) {
    return '--ice-username and --ice-credential go together';
  }
  if (ice.username === null && ice.urls.some((url) => url.startsWith('turn'))) {
    // Browsers refuse a TURN URL without a login (InvalidAccessError).
    return 'A TURN --ice-server needs --ice-username and --ice-credential';
  }
  const server: IceServer = { urls: [...ice.urls] };
  if (ice.username !== null && ice.credential !== null) {
    server.username = ice.username;
    server.credential = ice.credential;
  }
  return [server];
}
