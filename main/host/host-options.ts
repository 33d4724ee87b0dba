/**
 * Command-line options of the headless host (`npm run host -- ...`).
 *
 * `node:util` `parseArgs` splits the arguments into options and values; what
 * remains here is Huddle's own: which misuses are refused and how they are
 * worded, each value's check, and the options that only make sense together.
 * Parsing is a pure function so that every accepted and rejected input can be
 * unit-tested without starting a server or touching `process`.
 */
import { parseArgs } from 'node:util';
import type { IceServer } from '../../renderer/contract/host-bridge.js';
import { helpDefaults } from './host-help.js';
import {
  checkBind,
  checkFilePath,
  checkIceUrl,
  checkKey,
  checkPeerPath,
  checkPort,
  checkSecret,
  checkTurnUrl,
  checkWholeNumber,
  type Checked,
  type TurnUrl,
} from './host-option-checks.js';
import { defaultPeerLimits, type PeerLimits } from './peer-limits.js';

export { hostHelpText } from './host-help.js';

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
  /** How the host speaks to browsers: HTTPS with which certificate, or plain HTTP. */
  tls: TlsOptions;
  /** `--help` was given: print `hostHelpText` and start nothing. */
  help: boolean;
}

/**
 * `kept`: a certificate the host makes on its first start and keeps in `dir`
 * (null: the default folder, see host-paths.ts). `given`: the user's own
 * (`--cert`, `--cert-key`). `none`: plain HTTP (`--http`).
 */
export type TlsOptions =
  | { kind: 'kept'; dir: string | null }
  | { kind: 'given'; certFile: string; keyFile: string }
  | { kind: 'none' };

/**
 * `--turn`: the host runs coturn itself, on its bind address.
 * `--turn-url`: a relay running elsewhere, sharing `secret` with this host.
 */
export type TurnOptions =
  | { kind: 'embedded'; port: number | null; secret: string | null }
  | { kind: 'external'; host: string; port: number; secure: boolean; secret: string };

export type ParseHostArgsResult = { ok: true; options: HostOptions } | { ok: false; error: string };

export const defaultHostOptions: Readonly<HostOptions> = {
  ...helpDefaults,
  key: null,
  limits: { ...defaultPeerLimits },
  turn: null,
  iceServers: [],
  tls: { kind: 'kept', dir: null },
  help: false,
};

/** What `parseArgs` is told; `multiple` marks the options that may be repeated. */
const optionSpec = {
  help: { type: 'boolean', short: 'h' },
  turn: { type: 'boolean' },
  http: { type: 'boolean' },
  cert: { type: 'string' },
  'cert-key': { type: 'string' },
  'cert-dir': { type: 'string' },
  bind: { type: 'string' },
  port: { type: 'string' },
  'peer-path': { type: 'string' },
  key: { type: 'string' },
  'max-peers': { type: 'string' },
  'max-message-bytes': { type: 'string' },
  'message-rate': { type: 'string' },
  'message-burst': { type: 'string' },
  'alive-timeout': { type: 'string' },
  'turn-port': { type: 'string' },
  'turn-secret': { type: 'string' },
  'turn-url': { type: 'string' },
  'ice-server': { type: 'string', multiple: true },
  'ice-username': { type: 'string' },
  'ice-credential': { type: 'string' },
} as const satisfies Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }>;

type OptionName = keyof typeof optionSpec;
type ValueOption = {
  [N in OptionName]: (typeof optionSpec)[N]['type'] extends 'string' ? N : never;
}[OptionName];

function isOptionName(name: string): name is OptionName {
  return Object.hasOwn(optionSpec, name);
}

function takesValue(name: OptionName): name is ValueOption {
  return optionSpec[name].type === 'string';
}

/** One given option with its value (`true` for a flag), in the order given. */
type Given = { name: ValueOption; value: string } | { name: Exclude<OptionName, ValueOption>; value: true };

/**
 * Tokenises with `parseArgs` in its lenient mode, which reports every token
 * instead of throwing on the first surprise, and refuses here, in Huddle's
 * words, what strict mode would refuse in its own (and a repeat, which it
 * would let overwrite silently).
 */
function tokenise(argv: readonly string[]): Checked<Given[]> {
  const { tokens } = parseArgs({
    args: [...argv],
    options: optionSpec,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const given: Given[] = [];
  const seen = new Set<OptionName>();
  for (const token of tokens) {
    if (token.kind !== 'option') {
      const text = token.kind === 'positional' ? token.value : '--';
      return { ok: false, error: `Unknown option "${text}". Run with --help for the list of options.` };
    }
    const { name, rawName } = token;
    if (!isOptionName(name)) {
      return { ok: false, error: `Unknown option "${rawName}". Run with --help for the list of options.` };
    }
    const flag = `--${name}`;
    if (seen.has(name) && !('multiple' in optionSpec[name])) {
      return { ok: false, error: `${flag} was given more than once` };
    }
    seen.add(name);
    if (!takesValue(name)) {
      if (token.value !== undefined) return { ok: false, error: `${flag} takes no value` };
      given.push({ name, value: true });
      continue;
    }
    // `--port --bind x` would otherwise make "--bind" the port: a value
    // starting with "-" is taken only in the `--flag=value` spelling.
    const { value } = token;
    if (value === undefined || value === '') return { ok: false, error: `${flag} needs a value` };
    if (!token.inlineValue && value.startsWith('-')) {
      // Another option (`--port --bind`) is a missing value; `--key -x1` is a value that needs the = spelling.
      const hint = value.startsWith('--') ? '' : ` (one that starts with "-" is given as ${flag}=${value})`;
      return { ok: false, error: `${flag} needs a value${hint}` };
    }
    given.push({ name, value });
  }
  return { ok: true, value: given };
}

/** The limit options: which field each sets, and the range that keeps PeerJS working. */
const limitOptions = {
  'max-peers': { field: 'maxPeers', min: 1, max: 100_000 },
  // An offer with its SDP is a few kilobytes; below 4 KiB calls would fail to set up.
  'max-message-bytes': { field: 'maxMessageBytes', min: 4096, max: 16 * 1024 * 1024 },
  'message-rate': { field: 'messagesPerSecond', min: 1, max: 100_000 },
  'message-burst': { field: 'messageBurst', min: 1, max: 1_000_000 },
  'alive-timeout': {
    field: 'aliveTimeoutMs',
    min: 10_000,
    max: 3_600_000,
    why: ' (clients send a heartbeat every 5 s, so less would drop live peers)',
  },
} as const satisfies Partial<
  Record<ValueOption, { field: keyof PeerLimits; min: number; max: number; why?: string }>
>;

function isLimitOption(name: ValueOption): name is keyof typeof limitOptions {
  return Object.hasOwn(limitOptions, name);
}

/** Options being read: the ones that combine are collected first and checked together at the end. */
interface Draft {
  options: HostOptions;
  turn: { enabled: boolean; port: number | null; secret: string | null; url: TurnUrl | null };
  ice: { urls: string[]; username: string | null; credential: string | null };
  tls: { http: boolean; certFile: string | null; keyFile: string | null; dir: string | null };
}

/** Stores a checked value; returns the error of an unchecked one. */
function store<T>(checked: Checked<T>, assign: (value: T) => void): string | null {
  if (!checked.ok) return checked.error;
  assign(checked.value);
  return null;
}

/** Each value option's check, and where its value goes. */
const readers: Record<
  Exclude<ValueOption, keyof typeof limitOptions>,
  (value: string, draft: Draft) => string | null
> = {
  bind: (value, { options }) => store(checkBind(value), (bind) => (options.bind = bind)),
  port: (value, { options }) => store(checkPort('--port', value), (port) => (options.port = port)),
  'peer-path': (value, { options }) => store(checkPeerPath(value), (path) => (options.peerPath = path)),
  key: (value, { options }) => store(checkKey(value), (key) => (options.key = key)),
  'turn-port': (value, { turn }) => store(checkPort('--turn-port', value, 1), (port) => (turn.port = port)),
  'turn-secret': (value, { turn }) =>
    store(checkSecret('--turn-secret', value), (secret) => (turn.secret = secret)),
  'turn-url': (value, { turn }) => store(checkTurnUrl(value), (url) => (turn.url = url)),
  'ice-server': (value, { ice }) => store(checkIceUrl(value), (url) => ice.urls.push(url)),
  'ice-username': (value, { ice }) =>
    store(checkSecret('--ice-username', value), (username) => (ice.username = username)),
  'ice-credential': (value, { ice }) =>
    store(checkSecret('--ice-credential', value), (credential) => (ice.credential = credential)),
  cert: (value, { tls }) => store(checkFilePath('--cert', value), (file) => (tls.certFile = file)),
  'cert-key': (value, { tls }) => store(checkFilePath('--cert-key', value), (file) => (tls.keyFile = file)),
  'cert-dir': (value, { tls }) => store(checkFilePath('--cert-dir', value), (dir) => (tls.dir = dir)),
};

/** Parses the arguments after the script name, e.g. `process.argv.slice(2)`. */
export function parseHostArgs(argv: readonly string[]): ParseHostArgsResult {
  const tokens = tokenise(argv);
  if (!tokens.ok) return tokens;
  const draft: Draft = {
    options: { ...defaultHostOptions, limits: { ...defaultHostOptions.limits }, iceServers: [] },
    turn: { enabled: false, port: null, secret: null, url: null },
    ice: { urls: [], username: null, credential: null },
    tls: { http: false, certFile: null, keyFile: null, dir: null },
  };
  for (const given of tokens.value) {
    let error: string | null = null;
    if (given.value === true) {
      if (given.name === 'help') draft.options.help = true;
      else if (given.name === 'http') draft.tls.http = true;
      else draft.turn.enabled = true;
    } else if (isLimitOption(given.name)) {
      const { field, ...range } = limitOptions[given.name];
      error = store(checkWholeNumber(`--${given.name}`, given.value, range), (limit) => {
        draft.options.limits[field] = limit;
      });
    } else {
      error = readers[given.name](given.value, draft);
    }
    if (error) return { ok: false, error };
  }

  const turn = combineTurnFlags(draft.turn);
  if (!turn.ok) return turn;
  const iceServers = combineIceFlags(draft.ice);
  if (!iceServers.ok) return iceServers;
  const tls = combineTlsFlags(draft.tls);
  if (!tls.ok) return tls;
  return {
    ok: true,
    options: { ...draft.options, turn: turn.value, iceServers: iceServers.value, tls: tls.value },
  };
}

function combineTlsFlags(tls: Draft['tls']): Checked<TlsOptions> {
  const fail = (error: string): Checked<TlsOptions> => ({ ok: false, error });
  const { http, certFile, keyFile, dir } = tls;
  if (http) {
    if (certFile !== null || keyFile !== null || dir !== null) {
      return fail('--http serves no certificate: leave out --cert, --cert-key and --cert-dir');
    }
    return { ok: true, value: { kind: 'none' } };
  }
  if (certFile !== null || keyFile !== null) {
    if (certFile === null || keyFile === null) return fail('--cert and --cert-key go together');
    if (dir !== null) return fail('--cert-dir is for the certificate the host makes; --cert gives one');
    return { ok: true, value: { kind: 'given', certFile, keyFile } };
  }
  return { ok: true, value: { kind: 'kept', dir } };
}

function combineTurnFlags(turn: Draft['turn']): Checked<TurnOptions | null> {
  const fail = (error: string): Checked<TurnOptions | null> => ({ ok: false, error });
  if (turn.url) {
    if (turn.port !== null)
      return fail('--turn-port is for the relay --turn runs; put the port in --turn-url');
    if (turn.secret === null)
      return fail('--turn-url needs --turn-secret, the secret the relay was configured with');
    return { ok: true, value: { kind: 'external', ...turn.url, secret: turn.secret } };
  }
  if (!turn.enabled) {
    if (turn.port !== null) return fail('--turn-port needs --turn');
    if (turn.secret !== null) return fail('--turn-secret needs --turn or --turn-url');
    return { ok: true, value: null };
  }
  return { ok: true, value: { kind: 'embedded', port: turn.port, secret: turn.secret } };
}

function combineIceFlags(ice: Draft['ice']): Checked<IceServer[]> {
  const fail = (error: string): Checked<IceServer[]> => ({ ok: false, error });
  if (ice.urls.length === 0) {
    if (ice.username !== null || ice.credential !== null) {
      return fail('--ice-username and --ice-credential need --ice-server');
    }
    return { ok: true, value: [] };
  }
  if ((ice.username === null) !== (ice.credential === null)) {
    return fail('--ice-username and --ice-credential go together');
  }
  if (ice.username === null && ice.urls.some((url) => url.startsWith('turn'))) {
    // Browsers refuse a TURN URL without a login (InvalidAccessError).
    return fail('A TURN --ice-server needs --ice-username and --ice-credential');
  }
  const server: IceServer = { urls: [...ice.urls] };
  if (ice.username !== null && ice.credential !== null) {
    server.username = ice.username;
    server.credential = ice.credential;
  }
  return { ok: true, value: [server] };
}
