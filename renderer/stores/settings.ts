/**
 * The user's lasting choices (quality preset, devices, name) as reactive
 * state. Every change is saved at once; where they are kept is the bridge's
 * business: a settings file in the desktop app, local storage in a browser.
 */
import { defineStore } from 'pinia';
import { readonly, ref } from 'vue';
import { defaultSettings, parseUserSettings, type UserSettings } from '../engine/settings/user-settings.js';

const STORAGE_KEY = 'huddle.settings';

function loadStored(): UserSettings {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (raw === null) return { ...defaultSettings };
    const { settings, problems } = parseUserSettings(JSON.parse(raw));
    if (problems.length) console.warn(`[huddle] settings: ${problems.join('; ')}; using defaults for those`);
    return settings;
  } catch (error) {
    console.warn('[huddle] settings could not be read; using defaults', error);
    return { ...defaultSettings };
  }
}

export const useSettingsStore = defineStore('settings', () => {
  const current = ref<UserSettings>(loadStored());

  /** Changes some settings and saves them. */
  function update(patch: Partial<Omit<UserSettings, 'version'>>): void {
    current.value = { ...current.value, ...patch };
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(current.value));
    } catch (error) {
      console.warn('[huddle] settings could not be saved', error);
    }
  }

  return { settings: readonly(current), update };
});
