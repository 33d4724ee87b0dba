/** Picks the bridge for wherever this page runs. */
import { createBrowserBridge } from './browser-bridge.js';
import { createElectronBridge, findPreloadApi } from './electron-bridge.js';
import type { HostBridge } from '../contract/host-bridge.js';

export function pickBridge(): HostBridge {
  const preload = findPreloadApi();
  return preload ? createElectronBridge(preload) : createBrowserBridge();
}
