/**
 * Connection statistics and the active speaker for the UI: a StatsMonitor
 * runs while the session store is in a room and stops when it leaves, at the
 * pace what the page shows needs (stats-cadence.ts). The figures are replaced
 * whole every round, so they live in shallow refs.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { LocalStats } from '../engine/media/link-stats.js';
import { statsIntervalMs } from '../engine/room/stats-cadence.js';
import { StatsMonitor, type MemberStats } from '../engine/room/stats-monitor.js';
import { useSessionStore } from './session.js';

export const useStatsStore = defineStore('stats', () => {
  const session = useSessionStore();
  const members = shallowRef<ReadonlyMap<string, MemberStats>>(new Map());
  const local = shallowRef<LocalStats | null>(null);
  const speaker = ref<string | null>(null);
  /** The figures overlay on every tile, toggled from the room. */
  const overlayShown = ref(false);
  const pageVisible = ref(typeof document === 'undefined' || document.visibilityState === 'visible');
  let monitor: StatsMonitor | null = null;
  const interval = (): number =>
    statsIntervalMs({ overlayShown: overlayShown.value, pageVisible: pageVisible.value });

  function stop(): void {
    monitor?.stop();
    monitor = null;
    members.value = new Map();
    local.value = null;
    speaker.value = null;
  }

  function start(): void {
    const source = session.roomSession();
    if (!source) return;
    const next = new StatsMonitor(source, { intervalMs: interval() });
    next.on('figures', (figures) => (members.value = figures));
    next.on('local', (value) => (local.value = value));
    next.on('speaker', (peerId) => (speaker.value = peerId));
    monitor = next;
    next.start();
  }

  watch(
    () => session.inRoom,
    (inRoom) => {
      stop();
      if (inRoom) start();
    },
    { immediate: true },
  );

  watch(interval, (ms) => monitor?.setIntervalMs(ms));
  if (typeof document !== 'undefined')
    document.addEventListener('visibilitychange', () => {
      pageVisible.value = document.visibilityState === 'visible';
    });

  function toggleOverlay(): void {
    overlayShown.value = !overlayShown.value;
  }

  return { members, local, speaker, overlayShown, toggleOverlay };
});
