/**
 * "Host a room" in the desktop app: starts the web host on demand, at most
 * once, with a TURN relay (coturn) beside it when the host form asks and
 * coturn is installed, and stops them again. Plain Node so it is tested
 * without Electron.
 */
import type {
  HostedServer,
  HostingRequest,
  RelayAvailability,
  RelayStatus,
} from '../../renderer/contract/host-bridge.js';
import { defaultRelayPorts, type RunningCoturn } from './coturn-process.js';
import { hostCertificateNames, keptHostCertificate, type HostCertificate } from './host-certificate.js';
import { relayFailureReason, systemCoturn, type CoturnLauncher } from './hosted-relay.js';
import { lanAddresses } from './lan-addresses.js';
import { iceServersFor, type WebHostIce } from './host-ice.js';
import { startWebHost, WebHostStartError, type RunningHost, type WebHostOptions } from './web-host.js';

export interface HostingController {
  /**
   * Starts the host, or returns the running one; then starts or stops the
   * relay as `request` asks. Calls run one after another.
   */
  start(request?: HostingRequest): Promise<HostedServer>;
  /** Stops the host and its relay if they run; a no-op otherwise. */
  stop(): Promise<void>;
  /** The running host as the page sees it, or null. */
  current(): HostedServer | null;
  /** Whether the host form can offer the relay, and if not, why. */
  relayAvailability(): RelayAvailability;
}

type StartWebHost = (options: WebHostOptions) => Promise<RunningHost>;
type LoadCertificate = (dir: string) => Promise<HostCertificate>;

export interface HostingOptions extends Omit<WebHostOptions, 'tls'> {
  /**
   * The folder the host's certificate is kept in (the app's user-data
   * folder), made there on the first start; null: plain HTTP.
   */
  certificateDir: string | null;
}

/** The start request from the page, which is untrusted input: only `relay: true` asks for the relay. */
export function parseHostingRequest(value: unknown): HostingRequest {
  const relay = typeof value === 'object' && value !== null && (value as { relay?: unknown }).relay;
  return { relay: relay === true };
}

/** The certificate kept in `dir`, for this machine's current names and addresses. */
function loadKeptCertificate(dir: string): Promise<HostCertificate> {
  return keptHostCertificate({ dir, names: hostCertificateNames(lanAddresses()) });
}

/**
 * Starts on the preferred port (a stable port keeps guests' bookmarks and
 * firewall rules valid) and falls back to any free port when it is taken, as
 * another Huddle or any other program may hold it.
 */
export async function startWebHostPreferringPort(
  options: WebHostOptions,
  start: StartWebHost = startWebHost,
): Promise<RunningHost> {
  try {
    return await start(options);
  } catch (error) {
    if (error instanceof WebHostStartError && error.code === 'address-in-use' && options.port !== 0) {
      return start({ ...options, port: 0 });
    }
    throw error;
  }
}

export function createHostingController(
  options: HostingOptions,
  start: StartWebHost = startWebHost,
  loadCertificate: LoadCertificate = loadKeptCertificate,
  coturn: CoturnLauncher = systemCoturn(),
): HostingController {
  const { certificateDir, ice: givenIce, ...webHostOptions } = options;
  const log = options.log ?? ((message: string) => console.warn(message));
  let running: RunningHost | null = null;
  let relay: RunningCoturn | null = null;
  let relayStatus: RelayStatus = { state: 'off' };
  /** The host's certificate, once it serves HTTPS: the relay's TLS port uses it too. */
  let certificate: HostCertificate | null = null;

  /** What pages are handed at each request: the given servers, and the relay while it runs. */
  const ice = (): WebHostIce => {
    const given = typeof givenIce === 'function' ? givenIce() : (givenIce ?? {});
    // host null: the relay runs beside this host, so pages reach it at the address they used.
    if (!relay) return given;
    const tlsPort = relay.tlsPort ?? undefined;
    return { ...given, turn: { host: null, port: relay.port, secret: relay.secret, tlsPort } };
  };

  const startHost = async (): Promise<RunningHost> => {
    const tls = certificateDir === null ? null : await loadCertificate(certificateDir);
    certificate = tls;
    return startWebHostPreferringPort({ ...webHostOptions, ice, tls }, start);
  };

  /** Starts or stops the relay as asked. A relay that cannot start is reported, never fatal. */
  const applyRelay = async (wanted: boolean): Promise<void> => {
    if (!wanted) {
      const stopping = relay;
      relay = null;
      relayStatus = { state: 'off' };
      await stopping?.stop();
      return;
    }
    if (relay) return;
    const missing = coturn.unavailableReason();
    if (missing) {
      relayStatus = { state: 'failed', reason: missing };
      return;
    }
    try {
      // With the host's certificate, TURN over TLS too, for guests on networks that let only TLS out.
      const tls = certificate ? { tls: { cert: certificate.cert, key: certificate.key } } : {};
      relay = await coturn.start({ bind: options.bind, ...tls });
      relayStatus = {
        state: 'running',
        port: relay.port,
        ...(relay.tlsPort !== null ? { tlsPort: relay.tlsPort } : {}),
        relayPorts: { ...defaultRelayPorts },
      };
    } catch (error) {
      log(`TURN relay: ${error instanceof Error ? error.message : String(error)}`);
      relayStatus = { state: 'failed', reason: relayFailureReason(error, process.platform) };
    }
  };

  /** The page runs on this machine, so it reaches the server over loopback whatever the bind. */
  const asSeenByThisMachine = (host: RunningHost): HostedServer => {
    const server = { ...host.server, host: '127.0.0.1' };
    const iceServers = iceServersFor(ice(), server.host);
    return {
      server: iceServers.length ? { ...server, iceServers } : server,
      lanUrls: [...host.lanUrls],
      certificateFingerprint: host.certificateFingerprint,
      relay: relayStatus,
    };
  };

  // One start or stop at a time: a stop during a start waits for it, so the
  // server and relay it opens are closed too; concurrent starts share one host.
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task);
    queue = result.catch(() => undefined);
    return result;
  };

  return {
    start(request = { relay: false }) {
      return inTurn(async () => {
        running ??= await startHost();
        await applyRelay(request.relay);
        return asSeenByThisMachine(running);
      });
    },
    stop() {
      return inTurn(async () => {
        const host = running;
        running = null;
        await applyRelay(false);
        if (host) await host.close();
      });
    },
    current() {
      return running ? asSeenByThisMachine(running) : null;
    },
    relayAvailability() {
      const reason = coturn.unavailableReason();
      return reason ? { available: false, reason } : { available: true };
    },
  };
}
