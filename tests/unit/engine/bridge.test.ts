import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBrowserBridge } from '../../../renderer/bridge/browser-bridge.js';
import { createElectronBridge, findPreloadApi } from '../../../renderer/bridge/electron-bridge.js';
import type { HostedServer } from '../../../renderer/bridge/host-bridge.js';

const hosted: HostedServer = {
  server: { host: '192.168.1.5', port: 8765, path: '/peerjs', key: 'huddle', secure: false },
  lanUrls: ['http://192.168.1.5:8765/'],
};

afterEach(() => vi.unstubAllGlobals());

describe('the Electron bridge', () => {
  it('is found only when the preload exposed the whole API', () => {
    const api = { getHostInfo: vi.fn(), startHosting: vi.fn(), stopHosting: vi.fn() };
    expect(findPreloadApi({ huddleHost: api })).toBe(api);
    expect(findPreloadApi({ huddleHost: { getHostInfo: vi.fn() } })).toBeNull();
    expect(findPreloadApi({})).toBeNull();
  });

  it('passes calls through to the preload API', async () => {
    const api = {
      getHostInfo: vi.fn(async () => ({ kind: 'electron' as const, appVersion: '1', hosted: null })),
      startHosting: vi.fn(async () => hosted),
      stopHosting: vi.fn(async () => {}),
    };
    const bridge = createElectronBridge(api);
    expect(bridge.kind).toBe('electron');
    expect(await bridge.startHosting()).toEqual(hosted);
    await bridge.stopHosting();
    expect(api.stopHosting).toHaveBeenCalledOnce();
  });
});

describe('the browser bridge', () => {
  const respond = (body: unknown, ok = true): void => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => ({ ok, status: ok ? 200 : 500, json: async () => body })),
    );
  };

  it("reads the web host's description of its server", async () => {
    respond({ kind: 'browser', appVersion: '0.1.0', hosted });
    const bridge = createBrowserBridge();
    expect(await bridge.getHostInfo()).toEqual({ kind: 'browser', appVersion: '0.1.0', hosted });
    expect(await bridge.startHosting()).toEqual(hosted);
  });

  it('treats a malformed description as no server, and says it cannot host', async () => {
    respond({ hosted: { server: { host: 'x', port: '8765' }, lanUrls: [] } });
    const bridge = createBrowserBridge();
    expect((await bridge.getHostInfo()).hosted).toBeNull();
    await expect(bridge.startHosting()).rejects.toThrow(/cannot host a room/);
  });

  it('works without a Huddle host behind the page', async () => {
    respond(null, false);
    expect(await createBrowserBridge().getHostInfo()).toEqual({
      kind: 'browser',
      appVersion: 'unknown',
      hosted: null,
    });
  });
});
