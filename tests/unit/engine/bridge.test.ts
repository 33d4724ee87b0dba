import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBrowserBridge } from '../../../renderer/bridge/browser-bridge.js';
import { createElectronBridge, findPreloadApi } from '../../../renderer/bridge/electron-bridge.js';
import {
  inlineHostInfoId,
  type HostedServer,
  type PreloadApi,
  type ScreenSourceAnswer,
  type ScreenSourceRequest,
  type TrustedCertificate,
} from '../../../renderer/contract/host-bridge.js';
import { parseScreenSourceRequest } from '../../../renderer/bridge/screen-source-request.js';
import { defaultSettings, type UserSettings } from '../../../renderer/contract/user-settings.js';

const hosted: HostedServer = {
  server: { host: '192.168.1.5', port: 8765, path: '/peerjs', key: 'huddle', secure: false },
  lanUrls: ['http://192.168.1.5:8765/'],
};

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const saved: UserSettings = {
  version: 1,
  quality: 'high-quality',
  cameraId: 'camera-2',
  microphoneId: null,
  speakerId: null,
  name: 'Ada',
  layout: 'grid',
};

const thumbnail = 'data:image/png;base64,iVBORw0KGgo=';
const request: ScreenSourceRequest = {
  requestId: 'request-1',
  sources: [
    { id: 'screen:0:0', name: 'Entire screen', kind: 'screen', thumbnail },
    { id: 'window:42:0', name: 'Notes', kind: 'window', thumbnail: '' },
  ],
  timeoutMs: 60_000,
};

/** A preload API whose screen-source requests the test sends, and whose answers it reads. */
function fakePreload() {
  let listener: ((message: unknown) => void) | null = null;
  let linkListener: ((delivery: unknown) => void) | null = null;
  let refusalListener: ((refusal: unknown) => void) | null = null;
  const answers: ScreenSourceAnswer[] = [];
  let answered: () => void = () => {};
  const api = {
    getHostInfo: vi.fn(async () => ({ kind: 'electron' as const, appVersion: '1', hosted: null })),
    startHosting: vi.fn(async () => hosted),
    stopHosting: vi.fn(async () => {}),
    loadSettings: vi.fn(async () => saved),
    saveSettings: vi.fn(async (_settings: UserSettings) => {}),
    onScreenSourceRequest: vi.fn((next: (message: unknown) => void) => {
      listener = next;
      return () => {
        listener = null;
      };
    }),
    answerScreenSourceRequest: vi.fn(async (answer: ScreenSourceAnswer) => {
      answers.push(answer);
      answered();
    }),
    watchRooms: vi.fn((_listener: (listing: unknown) => void) => () => {}),
    advertiseRoom: vi.fn(async () => {}),
    trustCertificate: vi.fn(async (_pin: TrustedCertificate) => {}),
    onCertificateRefused: vi.fn((next: (refusal: unknown) => void) => {
      refusalListener = next;
      return () => {
        refusalListener = null;
      };
    }),
    watchAppLinks: vi.fn((next: (delivery: unknown) => void) => {
      linkListener = next;
      return () => {
        linkListener = null;
      };
    }),
    createDownload: vi.fn(async (_request: { name: string; size: number }): Promise<unknown> => ({
      handle: 'a'.repeat(32),
      name: 'x.bin',
    })),
    writeDownload: vi.fn(async (_handle: string, _offset: number, _bytes: Uint8Array) => {}),
    finishDownload: vi.fn(async (_handle: string): Promise<unknown> => '/home/u/Downloads/x.bin'),
    discardDownload: vi.fn(async (_handle: string) => {}),
  } satisfies PreloadApi;
  return {
    api,
    answers,
    send: (message: unknown) => listener?.(message),
    sendLink: (message: unknown) => linkListener?.(message),
    sendRefusal: (message: unknown) => refusalListener?.(message),
    get listening() {
      return listener !== null;
    },
    nextAnswer: () => new Promise<void>((resolve) => (answered = resolve)),
  };
}

describe('the Electron bridge', () => {
  it('is found only when the preload exposed the whole API', () => {
    const { api } = fakePreload();
    expect(findPreloadApi({ huddleHost: api })).toBe(api);
    expect(findPreloadApi({ huddleHost: { ...api, answerScreenSourceRequest: undefined } })).toBeNull();
    expect(findPreloadApi({ huddleHost: { getHostInfo: vi.fn() } })).toBeNull();
    expect(findPreloadApi({})).toBeNull();
  });

  it('passes calls through to the preload API', async () => {
    const { api } = fakePreload();
    const bridge = createElectronBridge(api);
    expect(bridge.kind).toBe('electron');
    expect(await bridge.startHosting()).toEqual(hosted);
    await bridge.stopHosting();
    expect(api.stopHosting).toHaveBeenCalledOnce();
    expect(await bridge.loadSettings()).toEqual(saved);
    await bridge.saveSettings(saved);
    expect(api.saveSettings).toHaveBeenCalledWith(saved);
    const pin = { host: '192.168.1.5', port: 8765, fingerprint: 'ab12'.repeat(16) };
    await bridge.trustCertificate?.(pin);
    expect(api.trustCertificate).toHaveBeenCalledWith(pin);
  });

  it('hands the page huddle:// links that parse as invites, and refusals as short text', () => {
    const fake = fakePreload();
    const listener = vi.fn();
    const stop = createElectronBridge(fake.api).watchAppLinks?.(listener);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const link = 'huddle://join?server=https%3A%2F%2F192.168.1.5%3A8765&room=maple-1';
    fake.sendLink({ link });
    fake.sendLink({ error: 'x'.repeat(500) });
    fake.sendLink({ link: 'javascript:alert(1)' });
    fake.sendLink({ link, error: 'both' });
    fake.sendLink('huddle://join');
    expect(listener.mock.calls).toEqual([[{ link }], [{ error: 'x'.repeat(200) }]]);
    expect(warn).toHaveBeenCalledTimes(3);
    stop?.();
    fake.sendLink({ link });
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('hands the page certificate refusals with canonical fingerprints, and drops malformed ones', () => {
    const fake = fakePreload();
    const listener = vi.fn();
    const stop = createElectronBridge(fake.api).onCertificateRefused?.(listener);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const refusal = {
      host: '192.168.1.5',
      port: null,
      expected: ['AB12'.repeat(16)],
      got: 'ef56'.repeat(16),
    };
    fake.sendRefusal(refusal);
    fake.sendRefusal({ ...refusal, got: 'not a fingerprint' });
    fake.sendRefusal('refused');
    expect(listener.mock.calls).toEqual([[{ ...refusal, expected: ['ab12'.repeat(16)] }]]);
    expect(warn).toHaveBeenCalledTimes(2);
    stop?.();
    fake.sendRefusal(refusal);
    expect(listener).toHaveBeenCalledOnce();
  });

  it('writes received files through the preload API, and checks what the app answers', async () => {
    const { api } = fakePreload();
    const downloads = createElectronBridge(api).downloads!;
    expect(await downloads.create({ name: 'x.bin', size: 3 })).toEqual({
      handle: 'a'.repeat(32),
      name: 'x.bin',
    });
    await downloads.write('a'.repeat(32), 0, new Uint8Array([1, 2, 3]));
    expect(api.writeDownload).toHaveBeenCalledWith('a'.repeat(32), 0, new Uint8Array([1, 2, 3]));
    expect(await downloads.finish('a'.repeat(32))).toBe('/home/u/Downloads/x.bin');
    await downloads.discard('a'.repeat(32));
    expect(api.discardDownload).toHaveBeenCalledWith('a'.repeat(32));
    api.createDownload.mockResolvedValueOnce({ handle: 42 });
    await expect(downloads.create({ name: 'x.bin', size: 3 })).rejects.toThrow(/no file to write/);
    api.finishDownload.mockResolvedValueOnce(null);
    await expect(downloads.finish('a'.repeat(32))).rejects.toThrow(/did not say where/);
  });

  it("answers a screen-source request with the picker's choice, naming the request", async () => {
    const fake = fakePreload();
    const choose = vi.fn(async (shown: ScreenSourceRequest) => shown.sources[1]?.id ?? null);
    const stop = createElectronBridge(fake.api).onScreenSourceRequest?.(choose);
    const answered = fake.nextAnswer();
    fake.send(request);
    await answered;
    expect(choose).toHaveBeenCalledWith(request);
    expect(fake.answers).toEqual([{ requestId: 'request-1', sourceId: 'window:42:0' }]);
    stop?.();
    expect(fake.listening).toBe(false);
  });

  it('answers cancel when the picker cancels or fails', async () => {
    const fake = fakePreload();
    const choices = [async () => null, async () => Promise.reject(new Error('no dialog'))];
    createElectronBridge(fake.api).onScreenSourceRequest?.(() => choices.shift()!());
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const requestId of ['first', 'second']) {
      const answered = fake.nextAnswer();
      fake.send({ ...request, requestId });
      await answered;
    }
    expect(fake.answers).toEqual([
      { requestId: 'first', sourceId: null },
      { requestId: 'second', sourceId: null },
    ]);
  });

  it('never shows a malformed request to the picker', () => {
    const fake = fakePreload();
    const choose = vi.fn(async () => null);
    createElectronBridge(fake.api).onScreenSourceRequest?.(choose);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    fake.send({ ...request, sources: [{ ...request.sources[0], kind: 'tab' }] });
    fake.send('request-1');
    expect(choose).not.toHaveBeenCalled();
    expect(fake.api.answerScreenSourceRequest).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(2);
  });
});

describe('parseScreenSourceRequest', () => {
  it('accepts a well-formed request as it is', () => {
    expect(parseScreenSourceRequest(request)).toEqual(request);
  });

  it.each([
    ['no request id', { ...request, requestId: '' }],
    ['no sources', { ...request, sources: [] }],
    ['a bad timeout', { ...request, timeoutMs: -1 }],
    ['an unknown kind', { ...request, sources: [{ ...request.sources[0], kind: 'tab' }] }],
    [
      'a thumbnail that is not a picture',
      { ...request, sources: [{ ...request.sources[0], thumbnail: 'javascript:alert(1)' }] },
    ],
    ['a source without a name', { ...request, sources: [{ id: 'screen:1:0', kind: 'screen', thumbnail }] }],
    ['the same source twice', { ...request, sources: [request.sources[0], request.sources[0]] }],
    ['not an object', 'screen:0:0'],
  ])('refuses a request with %s', (_case, value) => {
    expect(parseScreenSourceRequest(value)).toBeNull();
  });
});

/** A Storage kept in a Map, as the page's local storage would keep it. */
function memoryStorage(initial: Record<string, string> = {}): Storage {
  const items = new Map(Object.entries(initial));
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

describe('the browser bridge', () => {
  it('keeps settings in local storage', async () => {
    const storage = memoryStorage();
    const bridge = createBrowserBridge(() => storage);
    expect(await bridge.loadSettings()).toEqual(defaultSettings);
    await bridge.saveSettings(saved);
    expect(JSON.parse(storage.getItem('huddle.settings') ?? '')).toEqual(saved);
    expect(await createBrowserBridge(() => storage).loadSettings()).toEqual(saved);
  });

  it('reads stored settings that are corrupt, wrong or unreachable as defaults, with a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const corrupt = memoryStorage({ 'huddle.settings': '{"name": "Ad' });
    expect(await createBrowserBridge(() => corrupt).loadSettings()).toEqual(defaultSettings);
    const wrong = memoryStorage({ 'huddle.settings': JSON.stringify({ ...saved, quality: 'ultra' }) });
    expect(await createBrowserBridge(() => wrong).loadSettings()).toEqual({ ...saved, quality: 'balanced' });
    const blocked = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    expect(await createBrowserBridge(blocked).loadSettings()).toEqual(defaultSettings);
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it('reports settings it cannot save', async () => {
    const full = memoryStorage();
    full.setItem = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    await expect(createBrowserBridge(() => full).saveSettings(saved)).rejects.toThrow(/quota/);
  });

  it('has no screen-source picker: the browser shows its own', () => {
    expect(createBrowserBridge().onScreenSourceRequest).toBeUndefined();
  });

  const respond = (body: unknown, ok = true): void => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => ({ ok, status: ok ? 200 : 500, json: async () => body })),
    );
  };

  it("reads the web host's description of its server", async () => {
    respond({ kind: 'browser', appVersion: '0.1.0', hosted });
    const bridge = createBrowserBridge();
    // Plain HTTP: no fingerprint, which the bridge reports as null.
    const expected = { ...hosted, certificateFingerprint: null };
    expect(await bridge.getHostInfo()).toEqual({ kind: 'browser', appVersion: '0.1.0', hosted: expected });
    expect(await bridge.startHosting()).toEqual(expected);
  });

  it("passes on an HTTPS host's certificate fingerprint in canonical form, and drops a malformed one", async () => {
    const fingerprint = 'ab12'.repeat(16);
    respond({
      kind: 'browser',
      appVersion: '0.1.0',
      hosted: { ...hosted, certificateFingerprint: fingerprint.toUpperCase() },
    });
    expect((await createBrowserBridge().getHostInfo()).hosted?.certificateFingerprint).toBe(fingerprint);
    for (const bad of ['ab12', `${fingerprint}00`, 42, '<script>alert(1)</script>']) {
      respond({ kind: 'browser', appVersion: '0.1.0', hosted: { ...hosted, certificateFingerprint: bad } });
      const info = await createBrowserBridge().getHostInfo();
      expect(info.hosted?.server).toEqual(hosted.server);
      expect(info.hosted?.certificateFingerprint).toBeNull();
    }
  });

  it('treats a malformed description as no server, and says it cannot host', async () => {
    respond({ hosted: { server: { host: 'x', port: '8765' }, lanUrls: [] } });
    const bridge = createBrowserBridge();
    expect((await bridge.getHostInfo()).hosted).toBeNull();
    await expect(bridge.startHosting()).rejects.toThrow(/cannot host a room/);
  });

  /** A document holding `text` where the web host writes its description (host-page.ts). */
  const pageWith = (text: string): Document =>
    ({
      getElementById: (id: string) => (id === inlineHostInfoId ? { textContent: text } : null),
    }) as unknown as Document;

  it('reads the description the web host wrote into the page, asking for nothing', async () => {
    respond({ kind: 'browser', appVersion: 'asked', hosted: null });
    const page = pageWith(JSON.stringify({ kind: 'browser', appVersion: '0.2.0', hosted }));
    const info = await createBrowserBridge(memoryStorage, page).getHostInfo();
    expect(info).toEqual({
      kind: 'browser',
      appVersion: '0.2.0',
      hosted: { ...hosted, certificateFingerprint: null },
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('asks /api/host-info when the page has no description, or one that does not parse', async () => {
    respond({ kind: 'browser', appVersion: 'asked', hosted });
    for (const page of [pageWith(''), pageWith('{"kind": "brow'), undefined]) {
      expect((await createBrowserBridge(memoryStorage, page).getHostInfo()).appVersion).toBe('asked');
    }
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('treats a malformed description in the page as no server', async () => {
    const page = pageWith(JSON.stringify({ hosted: { server: { host: 'x', port: '8765' }, lanUrls: [] } }));
    expect((await createBrowserBridge(memoryStorage, page).getHostInfo()).hosted).toBeNull();
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
