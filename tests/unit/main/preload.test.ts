/**
 * The preload script repeats the bridge's channel names as literals (a
 * sandboxed preload cannot load host-bridge.ts); this keeps the copies equal
 * and checks that exactly the bridge's functions reach the page, each on its
 * own channel, and that the page never sees an IPC event.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { bridgeChannels, preloadGlobalName } from '../../../renderer/contract/host-bridge.js';
import { exposedBridgeFunctions } from '../../support/bridge-api.js';

type Listener = (event: unknown, ...args: unknown[]) => void;

const electron = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn<(name: string, api: unknown) => void>(),
  invoke: vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>(),
  on: vi.fn<(channel: string, listener: Listener) => void>(),
  removeListener: vi.fn<(channel: string, listener: Listener) => void>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: electron.exposeInMainWorld },
  ipcRenderer: { invoke: electron.invoke, on: electron.on, removeListener: electron.removeListener },
}));

async function exposedApi(): Promise<Record<string, (...args: unknown[]) => unknown>> {
  await import('../../../preload/preload.js');
  return electron.exposeInMainWorld.mock.calls[0]?.[1] as Record<string, (...args: unknown[]) => unknown>;
}

describe('preload', () => {
  beforeEach(() => {
    electron.invoke.mockReset();
    electron.on.mockReset();
    electron.removeListener.mockReset();
  });

  it('uses the same channel names and global name as host-bridge.ts', async () => {
    const { preloadChannels, preloadGlobal } = await import('../../../preload/preload.js');
    expect(preloadChannels).toEqual(bridgeChannels);
    expect(preloadGlobal).toBe(preloadGlobalName);
  });

  it('exposes exactly the bridge functions', async () => {
    await import('../../../preload/preload.js');
    expect(electron.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = electron.exposeInMainWorld.mock.calls[0] ?? [];
    expect(name).toBe(preloadGlobalName);
    expect(Object.keys(api as object).sort()).toEqual(exposedBridgeFunctions);
  });

  it('calls each argument-free bridge channel and passes nothing from the page', async () => {
    const api = await exposedApi();
    electron.invoke.mockResolvedValue('result');
    await expect(api.getHostInfo?.('ignored')).resolves.toBe('result');
    await expect(api.stopHosting?.('ignored')).resolves.toBeUndefined();
    await expect(api.loadSettings?.('ignored')).resolves.toBe('result');
    expect(electron.invoke.mock.calls).toEqual([
      [bridgeChannels.getHostInfo],
      [bridgeChannels.stopHosting],
      [bridgeChannels.loadSettings],
    ]);
  });

  it('sends the hosting request as a fresh object holding only the relay flag', async () => {
    const api = await exposedApi();
    electron.invoke.mockResolvedValue('result');
    await expect(api.startHosting?.({ relay: true, bind: '0.0.0.0' }, 'extra')).resolves.toBe('result');
    await api.startHosting?.({ relay: 'yes' });
    await api.startHosting?.();
    expect(electron.invoke.mock.calls).toEqual([
      [bridgeChannels.startHosting, { relay: true }],
      [bridgeChannels.startHosting, { relay: false }],
      [bridgeChannels.startHosting, { relay: false }],
    ]);
  });

  it('sends the settings to save, the screen choice and a certificate pin, and only those, on their channels', async () => {
    const api = await exposedApi();
    electron.invoke.mockResolvedValue('ignored result');
    const settings = { version: 1, quality: 'balanced', name: 'Ada' };
    await expect(api.saveSettings?.(settings, 'extra')).resolves.toBeUndefined();
    const answer = { requestId: 'r1', sourceId: 'screen:0:0' };
    await expect(api.answerScreenSourceRequest?.(answer, 'extra')).resolves.toBeUndefined();
    const pin = { host: '192.168.1.5', port: 8765, fingerprint: 'ab12'.repeat(16) };
    await expect(api.trustCertificate?.(pin, 'extra')).resolves.toBeUndefined();
    expect(electron.invoke.mock.calls).toEqual([
      [bridgeChannels.saveSettings, settings],
      [bridgeChannels.answerScreenSourceRequest, answer],
      [bridgeChannels.trustCertificate, pin],
    ]);
  });

  it('sends the calls of a received file, with their arguments, on their channels', async () => {
    const api = await exposedApi();
    electron.invoke.mockResolvedValue('answer');
    const bytes = new Uint8Array([1, 2, 3]);
    await expect(api.createDownload?.({ name: 'a.bin', size: 3 }, 'extra')).resolves.toBe('answer');
    await expect(api.writeDownload?.('h', 0, bytes, 'extra')).resolves.toBeUndefined();
    await expect(api.finishDownload?.('h', 'extra')).resolves.toBe('answer');
    await expect(api.discardDownload?.('h', 'extra')).resolves.toBeUndefined();
    expect(electron.invoke.mock.calls).toEqual([
      [bridgeChannels.createDownload, { name: 'a.bin', size: 3 }],
      [bridgeChannels.writeDownload, 'h', 0, bytes],
      [bridgeChannels.finishDownload, 'h'],
      [bridgeChannels.discardDownload, 'h'],
    ]);
  });

  it('hands screen-source requests to the page without the IPC event, until it stops listening', async () => {
    const api = await exposedApi();
    const listener = vi.fn();
    const stop = api.onScreenSourceRequest?.(listener) as () => void;
    expect(electron.on).toHaveBeenCalledOnce();
    const [channel, forward] = electron.on.mock.calls[0] ?? [];
    expect(channel).toBe(bridgeChannels.screenSourceRequest);
    const request = { requestId: 'r1', sources: [], timeoutMs: 1000 };
    forward?.({ sender: 'the ipcRenderer' }, request);
    expect(listener.mock.calls).toEqual([[request]]);
    stop();
    expect(electron.removeListener.mock.calls).toEqual([[bridgeChannels.screenSourceRequest, forward]]);
  });

  it('hands certificate refusals to the page without the IPC event, until it stops listening', async () => {
    const api = await exposedApi();
    const listener = vi.fn();
    const stop = api.onCertificateRefused?.(listener) as () => void;
    const [channel, forward] = electron.on.mock.calls[0] ?? [];
    expect(channel).toBe(bridgeChannels.certificateRefused);
    const refusal = { host: '192.168.1.5', port: null, expected: ['ab12'.repeat(16)], got: null };
    forward?.({ sender: 'the ipcRenderer' }, refusal);
    expect(listener.mock.calls).toEqual([[refusal]]);
    stop();
    expect(electron.removeListener.mock.calls).toEqual([[bridgeChannels.certificateRefused, forward]]);
    expect(electron.invoke).not.toHaveBeenCalled();
  });

  it('watches the rooms on the network on their channels, and sends the room to advertise', async () => {
    const api = await exposedApi();
    electron.invoke.mockResolvedValue(undefined);
    const listener = vi.fn();
    const stop = api.watchRooms?.(listener) as () => void;
    const [channel, forward] = electron.on.mock.calls[0] ?? [];
    expect(channel).toBe(bridgeChannels.rooms);
    const listing = { available: true, rooms: [] };
    forward?.({ sender: 'the ipcRenderer' }, listing);
    expect(listener.mock.calls).toEqual([[listing]]);
    stop();
    expect(electron.removeListener.mock.calls).toEqual([[bridgeChannels.rooms, forward]]);
    const room = { roomId: 'a-room', hostName: 'Ada', members: 1, passcode: false, protocolVersion: 1 };
    await expect(api.advertiseRoom?.(room, 'extra')).resolves.toBeUndefined();
    expect(electron.invoke.mock.calls).toEqual([
      [bridgeChannels.watchRooms],
      [bridgeChannels.unwatchRooms],
      [bridgeChannels.advertiseRoom, room],
    ]);
  });

  it('takes the waiting app link at once and whenever the main process says one waits, until stopped', async () => {
    const api = await exposedApi();
    const link = { link: 'huddle://join?server=https%3A%2F%2Fh%3A1&room=a' };
    electron.invoke.mockResolvedValueOnce(null).mockResolvedValueOnce(link);
    const listener = vi.fn();
    const stop = api.watchAppLinks?.(listener) as () => void;
    const [channel, take] = electron.on.mock.calls[0] ?? [];
    expect(channel).toBe(bridgeChannels.appLinkWaiting);
    await vi.waitFor(() => expect(electron.invoke).toHaveBeenCalledTimes(1));
    take?.({ sender: 'the ipcRenderer' }, 'ignored');
    await vi.waitFor(() => expect(listener).toHaveBeenCalledOnce());
    expect(listener.mock.calls).toEqual([[link]]);
    expect(electron.invoke.mock.calls).toEqual([[bridgeChannels.takeAppLink], [bridgeChannels.takeAppLink]]);
    stop();
    expect(electron.removeListener.mock.calls).toEqual([[bridgeChannels.appLinkWaiting, take]]);
  });

  it('tells the page why when the app refuses to look for rooms', async () => {
    const api = await exposedApi();
    electron.invoke.mockRejectedValue(new Error('Refused'));
    const listener = vi.fn();
    api.watchRooms?.(listener);
    await vi.waitFor(() => expect(listener).toHaveBeenCalledOnce());
    expect(listener.mock.calls[0]?.[0]).toMatchObject({
      available: false,
      reason: expect.stringMatching(/Refused/),
    });
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
