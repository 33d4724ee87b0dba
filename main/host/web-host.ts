/**
 * The web host: one HTTP server that serves the built web client to browser
 * guests, describes itself in the page it serves (host-page.ts) and at
 * `/api/host-info`, and runs the embedded PeerJS
 * rendezvous server on the same port (so a guest needs one address, and one
 * firewall rule covers everything).
 *
 * Plain Node: the desktop app, the headless `npm run host` and the tests all
 * run this same code.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { HostInfo, RendezvousServer } from '../../renderer/contract/host-bridge.js';
import type { HostCertificate } from './host-certificate.js';
import { parseHostHeader } from './host-header.js';
import { servedFileDecision } from './served-files.js';
import { createHttpsRedirectServer } from './https-redirect.js';
import { ExpressPeerServer } from './peer-package.js';
import { defaultPeerLimits, limitedWebSocketServer, type PeerLimits } from './peer-limits.js';
import { setCommonHeaders, setDocumentHeaders } from './http-headers.js';
import { pageWithHostInfo } from './host-page.js';
import {
  addressesForBind,
  isWildcardAddress,
  lanAddresses,
  urlHost,
  webClientUrls,
} from './lan-addresses.js';
import { captureTimers } from './timer-scope.js';
import { createTlsFront } from './tls-front.js';
import { iceServersFor, type WebHostIce } from './host-ice.js';

export interface WebHostOptions {
  /** Address to listen on: `0.0.0.0` for the LAN, `127.0.0.1` for this machine only. */
  bind: string;
  /** 0 picks a free port. */
  port: number;
  /** Mount path of the PeerJS server, e.g. `/peerjs`. */
  peerPath: string;
  /**
   * PeerJS key clients must present. Omitted or null: a random one for this
   * start, so only those who were given it (by the page the host serves, or
   * an invite link) can use this server.
   */
  key?: string | null;
  /** Limits of the PeerJS server; each omitted one takes its default from `defaultPeerLimits`. */
  limits?: Partial<PeerLimits>;
  /** The built web client (`dist/renderer`), containing `index.html`. */
  rendererDir: string;
  appVersion: string;
  /** LAN addresses of this machine; injectable for tests. Asked on every request, as DHCP may change them. */
  lanAddresses?: () => string[];
  /** Where operational errors go (a broken client socket, a bad message); defaults to stderr. */
  log?: (message: string) => void;
  /**
   * STUN/TURN servers for the pages; omitted: none (fine on a LAN). A
   * function is asked at every page's request, so a relay can start or stop
   * while the host runs (the desktop app's host form).
   */
  ice?: WebHostIce | (() => WebHostIce);
  /**
   * Serve HTTPS with this certificate (plain HTTP on the same port gets a
   * page pointing there); omitted or null: plain HTTP.
   */
  tls?: HostCertificate | null;
}

export interface RunningHost {
  /** The port actually listened on (resolves a requested 0). */
  port: number;
  /** URL for a browser on this machine, e.g. `http://localhost:8765/`. */
  localUrl: string;
  /** URLs for guests on the LAN; empty when bound to loopback. */
  lanUrls: string[];
  /** How a page on this machine reaches the PeerJS server; `key` is the one in force. */
  server: RendezvousServer;
  /** The PeerJS server's limits in force. */
  limits: PeerLimits;
  /** SHA-256 of the certificate served, 64 hex digits; null over plain HTTP. */
  certificateFingerprint: string | null;
  /** Stops listening and drops every connection, websockets included. Idempotent. */
  close(): Promise<void>;
}

export type WebHostErrorCode =
  'renderer-missing' | 'address-in-use' | 'address-unavailable' | 'permission-denied';

/** A failure to start that the user can act on; `message` says how. */
export class WebHostStartError extends Error {
  constructor(
    readonly code: WebHostErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WebHostStartError';
  }
}

const hostInfoPath = '/api/host-info';

/**
 * A fresh PeerJS key: 96 random bits, URL-safe (16 characters of base64url).
 * Never one starting with "-": the host prints its key for an owner to give
 * back as `--key KEY` at the next start, where such a value reads as an
 * option (about one key in 64 did, and the host then refused to start).
 */
export function generatePeerKey(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const key = random(12).toString('base64url');
    if (!key.startsWith('-')) return key;
  }
}

export async function startWebHost(options: WebHostOptions): Promise<RunningHost> {
  const rendererDir = path.resolve(options.rendererDir);
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new WebHostStartError(
      'renderer-missing',
      `The web client is not built: ${path.join(rendererDir, 'index.html')} does not exist. Run "npm run build" first.`,
    );
  }
  const log = options.log ?? ((message: string) => console.error(message));
  const findLanAddresses = options.lanAddresses ?? (() => lanAddresses());
  const key = options.key ?? generatePeerKey();
  const limits: PeerLimits = { ...defaultPeerLimits, ...options.limits };

  const app = express();
  // Express announces itself by default; nothing here needs to.
  app.disable('x-powered-by');
  const tls = options.tls ?? null;
  const scheme = tls ? 'https' : 'http';
  let listeningPort = options.port;
  // With TLS, one listener hands each connection to the HTTPS server or to the
  // plain-HTTP page that points there (see tls-front.ts).
  const httpServer: HttpServer = tls
    ? createHttpsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, app)
    : createServer(app);
  const front = tls
    ? createTlsFront(
        httpServer,
        createHttpsRedirectServer(() => listeningPort, tls.fingerprint),
      )
    : null;
  const listener: Server = front?.server ?? httpServer;

  // Websockets leave the HTTP server's connection tracking once upgraded, so
  // track them here: close() must end them or the process cannot exit.
  const upgradedSockets = new Set<Duplex>();
  httpServer.on('upgrade', (_request, socket: Duplex) => {
    upgradedSockets.add(socket);
    socket.once('close', () => upgradedSockets.delete(socket));
  });

  const guestUrls = (): string[] =>
    webClientUrls(addressesForBind(options.bind, findLanAddresses()), listeningPort, scheme);

  const withCommonHeaders: RequestHandler = (_req, res, next) => {
    setCommonHeaders(res);
    next();
  };
  app.use(withCommonHeaders);

  /** What this host tells a page loaded through `hostHeader`; null for a malformed Host header. */
  const hostInfoFor = (hostHeader: string | undefined): HostInfo | null => {
    // Answer with the address the browser used, so a guest on the LAN is sent
    // to the same machine it loaded the page from.
    const requestHost = parseHostHeader(hostHeader);
    if (!requestHost) return null;
    const server: RendezvousServer = {
      host: requestHost.hostname,
      port: requestHost.port ?? listeningPort,
      path: options.peerPath,
      key,
      secure: tls !== null,
    };
    const ice = typeof options.ice === 'function' ? options.ice() : options.ice;
    const iceServers = iceServersFor(ice, requestHost.hostname);
    if (iceServers.length > 0) server.iceServers = iceServers;
    return {
      kind: 'browser',
      appVersion: options.appVersion,
      hosted: { server, lanUrls: guestUrls(), certificateFingerprint: tls?.fingerprint ?? null },
    };
  };

  app.get(hostInfoPath, (req, res) => {
    const info = hostInfoFor(req.headers.host);
    if (!info) {
      res.status(400).type('text/plain').send('Bad Host header');
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json(info);
  });

  // The page itself, with the host's description written in (host-page.ts).
  // Read at every request: a rebuild while the host runs names new assets.
  app.get(['/', '/index.html'], (req, res, next) => {
    const info = hostInfoFor(req.headers.host);
    // A malformed Host header gets the page as built; it asks /api/host-info, which says why.
    if (!info) return next();
    readFile(path.join(rendererDir, 'index.html'), 'utf8').then((template) => {
      setDocumentHeaders(res);
      res.type('html').send(pageWithHostInfo(template, info));
    }, next);
  });

  const peerServer = ExpressPeerServer(httpServer, {
    path: '/',
    key,
    allow_discovery: false,
    proxied: false,
    concurrent_limit: limits.maxPeers,
    alive_timeout: limits.aliveTimeoutMs,
    createWebSocketServer: limitedWebSocketServer(limits, log),
  });
  // The peer server re-emits socket and message errors on itself; an
  // EventEmitter with no 'error' listener would throw and end the process.
  peerServer.on('error', (error: Error) => log(`PeerJS server: ${error.message}`));
  // Mounting starts the peer server's housekeeping timers; own them (see timer-scope.ts).
  const { scope: peerTimers } = captureTimers(() => app.use(options.peerPath, peerServer));

  // express.static follows symlinks; this keeps what it serves inside the
  // folder once they are resolved (served-files.ts). Electron's fs resolves
  // paths inside the asar archive too.
  const realRendererDir = realpathSync(rendererDir);
  const onlyFilesInside: RequestHandler = (req, res, next) => {
    const decision = servedFileDecision(req.path, { realDirectory: realRendererDir, realpath: realpathSync });
    if (decision === 'refuse') res.status(404).type('text/plain').send('Not found');
    else next();
  };
  app.use(onlyFilesInside);
  app.use(
    express.static(rendererDir, {
      index: 'index.html',
      dotfiles: 'deny',
      // A directory without its trailing slash gets a 404, not a redirect that reveals it exists.
      redirect: false,
      fallthrough: true,
      setHeaders: (res, filePath) => {
        if (filePath.endsWith('.html')) setDocumentHeaders(res);
      },
    }),
  );

  const notFound: RequestHandler = (_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  };
  app.use(notFound);
  // Express's default error page includes a stack trace outside production.
  const onError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    log(`Web host: ${error instanceof Error ? error.message : String(error)}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(500).type('text/plain').send('Internal error');
  };
  app.use(onError);

  try {
    listeningPort = await listen(listener, options.port, options.bind);
  } catch (error) {
    peerTimers.stop();
    throw describeListenError(error, options.bind, options.port);
  }

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      peerTimers.stop();
      listener.close(() => resolve());
      // Keep-alive HTTP connections would hold close() open until they time out.
      if (front) front.destroyAll();
      else httpServer.closeAllConnections();
      // What ws.terminate() does: no closing handshake with clients that may be gone.
      for (const socket of upgradedSockets) socket.destroy();
      upgradedSockets.clear();
    });
    return closing;
  };

  return {
    port: listeningPort,
    localUrl: `${scheme}://${localHostname(options.bind)}:${listeningPort}/`,
    lanUrls: guestUrls(),
    server: {
      host: sameMachineHost(options.bind),
      port: listeningPort,
      path: options.peerPath,
      key,
      secure: tls !== null,
    },
    limits,
    certificateFingerprint: tls?.fingerprint ?? null,
    close,
  };
}

function listen(server: Server, port: number, bind: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ port, host: bind }, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error as { code: unknown };
  return typeof code === 'string' ? code : undefined;
}

function describeListenError(error: unknown, bind: string, port: number): Error {
  const where = `${urlHost(bind)}:${port}`;
  switch (errorCode(error)) {
    case 'EADDRINUSE':
      return new WebHostStartError(
        'address-in-use',
        `Port ${port} is already in use on ${bind}. Stop the other program, or pick another port (--port N, or --port 0 for any free port).`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new WebHostStartError(
        'address-unavailable',
        `Cannot listen on ${where}: ${bind} is not an address of this machine.`,
      );
    case 'EACCES':
      return new WebHostStartError(
        'permission-denied',
        `Not allowed to listen on ${where}; ports below 1024 usually need administrator rights.`,
      );
    default:
      return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * The name a browser on this machine uses for the host. `localhost` reaches
 * wildcard and default loopback binds (browsers try both 127.0.0.1 and ::1);
 * any other bind is only reachable at its own address.
 */
function localHostname(bind: string): string {
  const viaLocalhost = ['localhost', '127.0.0.1', '::1', '[::1]'].includes(bind);
  return isWildcardAddress(bind) || viaLocalhost ? 'localhost' : urlHost(bind);
}

/** How a page on this machine reaches the PeerJS server: loopback where the bind allows it. */
function sameMachineHost(bind: string): string {
  if (isWildcardAddress(bind)) return '127.0.0.1';
  return urlHost(bind);
}
