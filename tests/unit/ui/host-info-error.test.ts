/**
 * A refused bridge call reaches the join form as the main process's own
 * words: the session store over a stand-in preload whose getHostInfo
 * rejects the way Electron's ipcRenderer.invoke does.
 */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PreloadApi } from '../../../renderer/contract/host-bridge.js';
import { useSessionStore } from '../../../renderer/stores/session.js';
import { standInPreload } from '../stand-in-preload.js';

function installPreload(getHostInfo: PreloadApi['getHostInfo']): void {
  const startHosting = async (): Promise<never> =>
    Promise.reject(
      new Error(
        "Error invoking remote method 'huddle:start-hosting': WebHostStartError: Port 8765 is in use by another program.",
      ),
    );
  vi.stubGlobal('huddleHost', standInPreload({ getHostInfo, startHosting }));
}

describe('the session store shows bridge failures as the main process said them', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => vi.unstubAllGlobals());

  it('when the app refuses to describe its host', async () => {
    installPreload(async () =>
      Promise.reject(
        new Error(
          "Error invoking remote method 'huddle:get-host-info': Error: Refused: this request did not come from the Huddle page.",
        ),
      ),
    );
    const store = useSessionStore();
    await store.loadHostInfo();
    expect(store.error).toBe(
      'The app could not say what it can host: Refused: this request did not come from the Huddle page.',
    );
  });

  it('when hosting cannot start', async () => {
    installPreload(async () => ({ kind: 'electron', appVersion: 'test', hosted: null }));
    const store = useSessionStore();
    await store.loadHostInfo();
    expect(store.error).toBeNull();
    expect(await store.host({ name: 'Ada', passcode: '', publishOnJoin: false, stream: null })).toBe(false);
    expect(store.error).toBe('Could not start hosting: Port 8765 is in use by another program.');
  });
});
