/**
 * A certificate refusal from the desktop app reaches the join form's error
 * line through the session store, checked by the bridge on the way.
 */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PreloadApi } from '../../../renderer/contract/host-bridge.js';
import { defaultSettings } from '../../../renderer/contract/user-settings.js';
import { useSessionStore } from '../../../renderer/stores/session.js';

/** A preload API whose certificate refusals the test sends. */
function installPreload(): (message: unknown) => void {
  const listeners = new Set<(message: unknown) => void>();
  const api: PreloadApi = {
    getHostInfo: async () => ({ kind: 'electron', appVersion: 'test', hosted: null }),
    startHosting: async () => Promise.reject(new Error('not in this test')),
    stopHosting: async () => {},
    loadSettings: async () => ({ ...defaultSettings }),
    saveSettings: async () => {},
    onScreenSourceRequest: () => () => {},
    answerScreenSourceRequest: async () => {},
    watchRooms: () => () => {},
    advertiseRoom: async () => {},
    trustCertificate: async () => {},
    onCertificateRefused: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    watchAppLinks: () => () => {},
    createDownload: async () => ({}),
    writeDownload: async () => {},
    finishDownload: async () => '',
    discardDownload: async () => {},
  };
  vi.stubGlobal('huddleHost', api);
  return (message) => listeners.forEach((listener) => listener(message));
}

describe('the session store and certificate refusals', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('shows a refusal on the join form, and ignores a malformed one', () => {
    const send = installPreload();
    const store = useSessionStore();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    send({ host: '192.168.1.5', port: 8765, expected: ['ab12'.repeat(16)], got: 'nope' });
    expect(store.error).toBeNull();
    expect(warn).toHaveBeenCalledOnce();
    send({ host: '192.168.1.5', port: 8765, expected: ['ab12'.repeat(16)], got: 'ef56'.repeat(16) });
    expect(store.error).toMatch(
      /^The host 192\.168\.1\.5:8765 presented a different certificate than the invite said \(expected AB12 AB12 .*, got EF56 EF56 .*\)\. Someone may be intercepting the connection; ask the host to check the fingerprint\.$/,
    );
    expect(store.warning).toBeNull();
  });
});
