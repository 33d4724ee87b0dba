/**
 * The preload script: exposes the host bridge to the page, and nothing else.
 *
 * It runs sandboxed, where `require` can load only `electron` itself. A value
 * import of `../renderer/bridge/host-bridge.js` would compile to a `require`
 * of that file and fail at load, so the channel names and the global's name
 * are repeated here as literals; a unit test keeps them equal to the
 * definitions in host-bridge.ts. Type-only imports are erased and are fine.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { HostBridge, HostedServer, HostInfo } from '../renderer/bridge/host-bridge.js';

/** Must equal `bridgeChannels` in renderer/bridge/host-bridge.ts. */
export const preloadChannels = {
  getHostInfo: 'huddle:get-host-info',
  startHosting: 'huddle:start-hosting',
  stopHosting: 'huddle:stop-hosting',
} as const;

/** Must equal `preloadGlobalName` in renderer/bridge/host-bridge.ts. */
export const preloadGlobal = 'huddleHost';

type PreloadApi = Omit<HostBridge, 'kind'>;

// Each function takes no arguments from the page, so nothing the page passes
// reaches the main process; only the results cross back.
const api: PreloadApi = {
  getHostInfo: (): Promise<HostInfo> => ipcRenderer.invoke(preloadChannels.getHostInfo) as Promise<HostInfo>,
  startHosting: (): Promise<HostedServer> =>
    ipcRenderer.invoke(preloadChannels.startHosting) as Promise<HostedServer>,
  stopHosting: async (): Promise<void> => {
    await ipcRenderer.invoke(preloadChannels.stopHosting);
  },
};

contextBridge.exposeInMainWorld(preloadGlobal, api);
