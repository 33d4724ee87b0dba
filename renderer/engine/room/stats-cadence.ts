/**
 * How often the room reads its connections' statistics, by what the page
 * shows from them. Each round is a getStats() of every member's connection;
 * only the figures overlay shows per-second numbers. The quality bars and the
 * active speaker follow well enough every two seconds (the speaker's hold
 * times are measured in time, not in rounds), and a hidden page shows
 * nothing, so it reads just enough to have something current when it is
 * shown again.
 */

export interface StatsView {
  /** The figures overlay is open on the tiles. */
  overlayShown: boolean;
  /** document.visibilityState is 'visible'. */
  pageVisible: boolean;
}

export const statsIntervals = {
  overlay: 1000,
  bars: 2000,
  hidden: 5000,
} as const;

/** Milliseconds between statistics rounds for what the page shows. */
export function statsIntervalMs(view: StatsView): number {
  if (!view.pageVisible) return statsIntervals.hidden;
  return view.overlayShown ? statsIntervals.overlay : statsIntervals.bars;
}
