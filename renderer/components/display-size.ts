/**
 * How big a tile shows a member's camera or screen, for "send what is
 * shown": the video element's size (CSS pixels times devicePixelRatio),
 * or nothing when it is scrolled out of view or the page is hidden. Each
 * change goes to the session, which rounds it to steps, waits for it to
 * settle and tells the member (engine/room/display-reports.ts).
 *
 * A member can have more than one tile at once (a layout may show the
 * speaker large and in a strip): the member is told the largest.
 */
import { onBeforeUnmount, onMounted, shallowRef, watch, type Ref } from 'vue';
import type { DisplaySize, StreamKind } from '../engine/media/display-size.js';
import type { Participant } from '../engine/room/participants.js';
import { useSessionStore } from '../stores/session.js';
import { shownSize, TileSizes, type Visibility } from './shown-size.js';

const tileSizes = new TileSizes();
let nextTile = 1;

/**
 * Reports what `video` shows of `participant`'s `stream` (remote members
 * only) while the tile is mounted. Returns the element's box as observed,
 * in CSS pixels, for whatever else follows the tile's size (frame-fit.ts).
 */
export function useDisplaySize(
  video: Ref<HTMLVideoElement | null>,
  participant: () => Participant,
  stream: StreamKind,
): Readonly<Ref<DisplaySize>> {
  const session = useSessionStore();
  const box = shallowRef<DisplaySize>({ width: 0, height: 0 });
  const tile = nextTile++;
  const view: Visibility = {
    cssWidth: 0,
    cssHeight: 0,
    devicePixelRatio: 1,
    intersecting: true,
    pageVisible: true,
  };
  /** The member this tile last reported for: a tile re-used for another takes its report back. */
  let reportedFor: string | null = null;

  const withdraw = (): void => {
    if (reportedFor === null) return;
    session.reportDisplaySize(reportedFor, stream, tileSizes.put(reportedFor, stream, tile, undefined));
    reportedFor = null;
  };
  const update = (): void => {
    const { peerId, isLocal } = participant();
    if (reportedFor !== null && reportedFor !== peerId) withdraw();
    if (isLocal) return;
    view.devicePixelRatio = window.devicePixelRatio;
    view.pageVisible = document.visibilityState === 'visible';
    reportedFor = peerId;
    session.reportDisplaySize(peerId, stream, tileSizes.put(peerId, stream, tile, shownSize(view)));
  };

  // Made once mounted: there is no DOM before (nor at all under a server renderer).
  let resized: ResizeObserver | null = null;
  let seen: IntersectionObserver | null = null;
  onMounted(() => {
    const element = video.value;
    if (!element) return;
    resized = new ResizeObserver(([entry]) => {
      if (!entry) return;
      view.cssWidth = entry.contentRect.width;
      view.cssHeight = entry.contentRect.height;
      box.value = { width: view.cssWidth, height: view.cssHeight };
      update();
    });
    seen = new IntersectionObserver((entries) => {
      const last = entries[entries.length - 1];
      if (!last) return;
      view.intersecting = last.isIntersecting;
      update();
    });
    resized.observe(element);
    seen.observe(element);
    document.addEventListener('visibilitychange', update);
  });
  watch(() => participant().peerId, update);
  onBeforeUnmount(() => {
    resized?.disconnect();
    seen?.disconnect();
    document.removeEventListener('visibilitychange', update);
    withdraw();
  });
  return box;
}
