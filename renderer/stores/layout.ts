/**
 * How the room shows its videos: the grid or speaker view (a lasting choice,
 * kept in the user settings), which tile is pinned in speaker view (for this
 * stay in the room only: the member may not be there next time), and the
 * sentence a screen reader announces when either changes.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { LayoutMode } from '../contract/user-settings.js';
import { useSettingsStore } from './settings.js';

export interface PinnedTile {
  key: string;
  /** What the announcement calls it: "Ann", "Ann's screen". */
  label: string;
}

export const modeNames: Record<LayoutMode, string> = { grid: 'Grid view', speaker: 'Speaker view' };

export const useLayoutStore = defineStore('layout', () => {
  const settings = useSettingsStore();
  const mode = computed(() => settings.settings.layout);
  const pinned = ref<PinnedTile | null>(null);
  const announcement = ref('');

  function setMode(next: LayoutMode): void {
    if (next === mode.value) return;
    settings.update({ layout: next });
    // A pin keeps a tile large in speaker view; the grid has no large tile.
    pinned.value = null;
    announcement.value = modeNames[next];
  }

  /** Pins a tile; from the grid this opens speaker view too, where pinning shows. */
  function pin(tile: PinnedTile): void {
    if (mode.value !== 'speaker') settings.update({ layout: 'speaker' });
    pinned.value = tile;
    announcement.value = `Pinned ${tile.label}`;
  }

  function unpin(): void {
    if (!pinned.value) return;
    pinned.value = null;
    announcement.value = 'Unpinned: following the active speaker';
  }

  /** The pinned tile went (its member left, stopped the camera or the share): follow the speaker again, and say why. */
  function pinnedTileGone(): void {
    if (!pinned.value) return;
    announcement.value = `${pinned.value.label} is no longer shown: following the active speaker`;
    pinned.value = null;
  }

  /** Leaving the room: the pin and the last announcement belong to that stay. */
  function reset(): void {
    pinned.value = null;
    announcement.value = '';
  }

  return { mode, pinned, announcement, setMode, pin, unpin, pinnedTileGone, reset };
});
