/**
 * The settings store over a stand-in desktop bridge: what it shows before
 * and after the saved settings arrive, and what it saves.
 */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isProxy } from 'vue';
import { defaultSettings, type UserSettings } from '../../../renderer/contract/user-settings.js';
import { useSettingsStore } from '../../../renderer/stores/settings.js';
import { deferred } from '../../support/deferred.js';
import { standInPreload } from '../stand-in-preload.js';

const stored: UserSettings = {
  ...defaultSettings,
  quality: 'low-latency',
  cameraId: 'camera-2',
  name: 'Ada',
};

/** A preload API whose loadSettings resolves when the test says so. */
function installPreload(load: () => Promise<unknown>) {
  const saveSettings = vi.fn(async (_settings: UserSettings) => {});
  vi.stubGlobal(
    'huddleHost',
    standInPreload({ loadSettings: load as () => Promise<UserSettings>, saveSettings }),
  );
  return saveSettings;
}

/** Lets the store's pending promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the settings store', () => {
  it('starts with the defaults and takes the saved settings when they arrive, saving nothing', async () => {
    const loading = deferred<UserSettings>();
    const save = installPreload(() => loading.promise);
    const store = useSettingsStore();
    expect(store.settings).toEqual(defaultSettings);
    expect(store.loaded).toBe(false);
    loading.resolve(stored);
    await settle();
    expect(store.settings).toEqual(stored);
    expect(store.loaded).toBe(true);
    expect(save).not.toHaveBeenCalled();
  });

  it('saves every change whole, as a plain object', async () => {
    const save = installPreload(async () => stored);
    const store = useSettingsStore();
    await settle();
    store.update({ quality: 'high-quality' });
    store.update({ speakerId: 'speaker-1' });
    expect(store.settings).toEqual({ ...stored, quality: 'high-quality', speakerId: 'speaker-1' });
    expect(save.mock.calls.map(([settings]) => settings)).toEqual([
      { ...stored, quality: 'high-quality' },
      { ...stored, quality: 'high-quality', speakerId: 'speaker-1' },
    ]);
    expect(isProxy(save.mock.calls[0]?.[0])).toBe(false);
  });

  it('keeps a change made before loading finished, and saves it over the loaded settings only then', async () => {
    const loading = deferred<UserSettings>();
    const save = installPreload(() => loading.promise);
    const store = useSettingsStore();
    store.update({ name: 'Grace' });
    expect(store.settings.name).toBe('Grace');
    // Saving now would write defaults over the user's stored quality and camera.
    expect(save).not.toHaveBeenCalled();
    loading.resolve(stored);
    await settle();
    expect(store.settings).toEqual({ ...stored, name: 'Grace' });
    expect(save.mock.calls).toEqual([[{ ...stored, name: 'Grace' }]]);
  });

  it('uses the defaults, and says why, when loading fails or gives bad settings', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    installPreload(async () => Promise.reject(new Error('no handler')));
    const failed = useSettingsStore();
    await settle();
    expect(failed.settings).toEqual(defaultSettings);
    expect(failed.loaded).toBe(true);

    setActivePinia(createPinia());
    installPreload(async () => ({ ...stored, quality: 'ultra' }));
    const bad = useSettingsStore();
    await settle();
    expect(bad.settings).toEqual({ ...stored, quality: 'balanced' });
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('keeps the change on screen when saving fails, and says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const save = installPreload(async () => stored);
    save.mockRejectedValue(new Error('Settings not saved: disk full.'));
    const store = useSettingsStore();
    await settle();
    store.update({ name: 'Grace' });
    await settle();
    expect(store.settings.name).toBe('Grace');
    expect(warn).toHaveBeenCalledWith('[huddle] settings could not be saved', expect.any(Error));
  });
});
