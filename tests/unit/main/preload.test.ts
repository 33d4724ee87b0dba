/**
 * The preload script repeats the bridge's channel names as literals (a
 * sandboxed preload cannot load host-bridge.ts); this keeps the copies equal
 * and checks that exactly the bridge's three functions reach the page.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { bridgeChannels, preloadGlobalName } from '../../../renderer/bridge/host-bridge.js';

const electron = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn<(name: string, api: unknown) => void>(),
  invoke: vi.fn<(channel: string) => Promise<unknown>>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: electron.exposeInMainWorld },
  ipcRenderer: { invoke: electron.invoke },
}));

describe('preload', () => {
  beforeEach(() => {
    electron.invoke.mockReset();
  });

  it('uses the same channel names and global name as host-bridge.ts', async () => {
    const { preloadChannels, preloadGlobal } = await import('../../../preload/preload.js');
    expect(preloadChannels).toEqual(bridgeChannels);
    expect(preloadGlobal).toBe(preloadGlobalName);
  });

  it('exposes exactly getHostInfo, startHosting and stopHosting', async () => {
    await import('../../../preload/preload.js');
    expect(electron.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = electron.exposeInMainWorld.mock.calls[0] ?? [];
    expect(name).toBe(preloadGlobalName);
    expect(Object.keys(api as object).sort()).toEqual(['getHostInfo', 'startHosting', 'stopHosting']);
  });

  it('calls each bridge channel and passes nothing from the page', async () => {
    await import('../../../preload/preload.js');
    const api = electron.exposeInMainWorld.mock.calls[0]?.[1] as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;
    electron.invoke.mockResolvedValue('result');
    await expect(api.getHostInfo?.('ignored')).resolves.toBe('result');
    await api.startHosting?.();
    await expect(api.stopHosting?.()).resolves.toBeUndefined();
    expect(electron.invoke.mock.calls).toEqual([
      [bridgeChannels.getHostInfo],
      [bridgeChannels.startHosting],
      [bridgeChannels.stopHosting],
    ]);
  });

  it('loads nothing at run time but electron, as a sandboxed preload must', async () => {
    const { readFile } = await import('node:fs/promises');
    const source = await readFile(new URL('../../../preload/preload.ts', import.meta.url), 'utf8');
    const valueImports = [...source.matchAll(/^import\s+(?!type\b)[^;]*from\s+'([^']+)'/gm)].map(
      (match) => match[1],
    );
    expect(valueImports).toEqual(['electron']);
  });
});
