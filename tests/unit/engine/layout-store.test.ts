/**
 * The layout store over a stand-in desktop bridge: the layout is saved with
 * the settings, pins live only in the store, and each change leaves the
 * sentence a screen reader announces.
 */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings, type UserSettings } from '../../../renderer/contract/user-settings.js';
import { useLayoutStore } from '../../../renderer/stores/layout.js';
import { standInPreload } from '../stand-in-preload.js';

function installPreload(stored: UserSettings) {
  const saveSettings = vi.fn(async (_settings: UserSettings) => {});
  vi.stubGlobal('huddleHost', standInPreload({ loadSettings: async () => stored, saveSettings }));
  return saveSettings;
}

/** Lets the settings store's load finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const saved = (save: ReturnType<typeof installPreload>) =>
  save.mock.calls.map(([settings]) => settings.layout);
const ann = { key: 'huddle-r-m-616e6e', label: 'Ann' };

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => vi.unstubAllGlobals());

describe('the layout store', () => {
  it('starts in the saved layout and saves each switch with the other settings', async () => {
    const save = installPreload({ ...defaultSettings, layout: 'speaker', name: 'Ben' });
    const layout = useLayoutStore();
    await settle();
    expect(layout.mode).toBe('speaker');
    layout.setMode('grid');
    expect(layout.mode).toBe('grid');
    expect(layout.announcement).toBe('Grid view');
    // Choosing the layout already shown changes nothing and saves nothing.
    layout.setMode('grid');
    expect(save.mock.calls.map(([settings]) => settings)).toEqual([
      { ...defaultSettings, layout: 'grid', name: 'Ben' },
    ]);
  });

  it('pinning from the grid opens speaker view; unpinning follows the speaker again', async () => {
    const save = installPreload({ ...defaultSettings });
    const layout = useLayoutStore();
    await settle();
    layout.pin(ann);
    expect(layout.mode).toBe('speaker');
    expect(layout.pinned).toEqual(ann);
    expect(layout.announcement).toBe('Pinned Ann');
    layout.unpin();
    expect(layout.pinned).toBeNull();
    expect(layout.announcement).toBe('Unpinned: following the active speaker');
    // The pin is never saved: only the layout is.
    expect(saved(save)).toEqual(['speaker']);
  });

  it('drops the pin when switching to the grid, when the pinned tile goes, and on leaving', async () => {
    installPreload({ ...defaultSettings, layout: 'speaker' });
    const layout = useLayoutStore();
    await settle();
    layout.pin(ann);
    layout.setMode('grid');
    expect(layout.pinned).toBeNull();
    expect(layout.announcement).toBe('Grid view');

    layout.pin({ key: 'huddle-r-m-616e6e:screen', label: "Ann's screen" });
    layout.pinnedTileGone();
    expect(layout.pinned).toBeNull();
    expect(layout.announcement).toBe("Ann's screen is no longer shown: following the active speaker");

    layout.pin(ann);
    layout.reset();
    expect(layout.pinned).toBeNull();
    expect(layout.announcement).toBe('');
    expect(layout.mode).toBe('speaker');
  });

  it('says nothing when there was no pin to drop', async () => {
    installPreload({ ...defaultSettings, layout: 'speaker' });
    const layout = useLayoutStore();
    await settle();
    layout.unpin();
    layout.pinnedTileGone();
    expect(layout.announcement).toBe('');
  });
});
