/**
 * "Host a room" in the desktop app: starts the web host on demand, at most
 * once, and stops it again. Plain Node so it is tested without Electron.
 */
import type { HostedServer } from '../../renderer/bridge/host-bridge.js';
import { hostCertificateNames, keptHostCertificate, type HostCertificate } from './host-certificate.js';
import { lanAddresses } from './lan-addresses.js';
import { startWebHost, WebHostStartError, type RunningHost, type WebHostOptions } from './web-host.js';

export interface HostingController {
  /** Starts the host, or returns the running one; concurrent calls share one start. */
  start(): Promise<HostedServer>;
  /** Stops the host if it runs; a no-op otherwise. */
  stop(): Promise<void>;
  /** The running host as the page sees it, or null. */
  current(): HostedServer | null;
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

/** The page runs on this machine, so it reaches the server over loopback whatever the bind. */
function asSeenByThisMachine(host: RunningHost): HostedServer {
  return {
    server: { ...host.server, host: '127.0.0.1' },
    lanUrls: [...host.lanUrls],
    certificateFingerprint: host.certificateFingerprint,
  };
}

export function createHostingController(
  options: HostingOptions,
  start: StartWebHost = startWebHost,
  loadCertificate: LoadCertificate = loadKeptCertificate,
): HostingController {
  const { certificateDir, ...webHostOptions } = options;
  const startHost = async (): Promise<RunningHost> => {
    const tls = certificateDir === null ? null : await loadCertificate(certificateDir);
    return startWebHostPreferringPort({ ...webHostOptions, tls }, start);
  };
  let running: RunningHost | null = null;
  let starting: Promise<RunningHost> | null = null;

  return {
    async start() {
      if (running) return asSeenByThisMachine(running);
      starting ??= startHost().finally(() => {
        starting = null;
      });
      running = await starting;
      return asSeenByThisMachine(running);
    },
    async stop() {
      // A stop during a start waits for it, so the server it opens is closed too.
      if (starting) await starting.catch(() => undefined);
      const host = running;
      running = null;
      if (host) await host.close();
    },
    current() {
      return running ? asSeenByThisMachine(running) : null;
    },
  };
}
