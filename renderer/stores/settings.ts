/**
 * The user's lasting choices (quality preset, devices, name) as reactive
 * state. Every change is saved at once; where they are kept is the bridge's
 * business: a settings file in the desktop app, local storage in a browser.
 *
 * The store starts with the defaults and takes the saved settings when they
 * arrive (`loaded` turns true then, also if loading failed); App.vue waits
 * for that before it shows a form, so nothing reads the defaults by mistake.
 */
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { pickBridge } from '../bridge/index.js';
import { defaultSettings, parseUserSettings, type UserSettings } from '../contract/user-settings.js';
import { markJoinStep } from '../engine/join-marks.js';

type SettingsPatch = Partial<Omit<UserSettings, 'version'>>;

export const useSettingsStore = defineStore('settings', () => {
  const bridge = pickBridge();
  const current = ref<UserSettings>({ ...defaultSettings });
  const loaded = ref(false);
  /**
   * Changes made before the saved settings arrived. They are applied over
   * what loads and saved only then: saving earlier would write defaults over
   * every setting the user did not just change.
   */
  let earlyChanges: SettingsPatch | null = null;

  function save(): void {
    // A plain copy: a reactive proxy cannot be cloned across IPC.
    bridge.saveSettings({ ...current.value }).catch((error: unknown) => {
      console.warn('[huddle] settings could not be saved', error);
    });
  }

  async function load(): Promise<void> {
    try {
      // Checked again here: the bridge's answer crossed a process boundary.
      const { settings, problems } = parseUserSettings(await bridge.loadSettings());
      if (problems.length)
        console.warn(`[huddle] settings: ${problems.join('; ')}; using defaults for those`);
      current.value = { ...settings, ...earlyChanges };
    } catch (error) {
      console.warn('[huddle] settings could not be loaded; using defaults', error);
    } finally {
      loaded.value = true;
      markJoinStep('settings-loaded');
    }
    if (earlyChanges) save();
    earlyChanges = null;
  }

  /** Changes some settings and saves them. */
  function update(patch: SettingsPatch): void {
    current.value = { ...current.value, ...patch };
    if (loaded.value) save();
    else earlyChanges = { ...earlyChanges, ...patch };
  }

  void load();

  return { settings: readonly(current), loaded: readonly(loaded), update };
});
