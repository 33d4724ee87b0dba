/** The bridge inside the desktop app: the preload script's API, called over IPC. */
import { preloadGlobalName, type HostBridge } from './host-bridge.js';

type PreloadApi = Omit<HostBridge, 'kind'>;

export function findPreloadApi(scope: object = globalThis): PreloadApi | null {
  const api = (scope as Record<string, unknown>)[preloadGlobalName];
  if (typeof api !== 'object' || api === null) return null;
  const candidate = api as Record<string, unknown>;
  const complete = ['getHostInfo', 'startHosting', 'stopHosting'].every(
    (name) => typeof candidate[name] === 'function',
  );
  return complete ? (api as PreloadApi) : null;
}

export function createElectronBridge(api: PreloadApi): HostBridge {
  return {
    kind: 'electron',
    getHostInfo: () => api.getHostInfo(),
    startHosting: () => api.startHosting(),
    stopHosting: () => api.stopHosting(),
  };
}
