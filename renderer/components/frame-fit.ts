/**
 * How a remote camera's frames are fitted to their tile. "Send what is
 * shown" sends a tile the scale step just above its size (a 620x350 tile
 * of a 2x2 grid gets 640x360), so the frames that arrive are most often a
 * few percent larger than the tile. Scaling them down by those few percent
 * (`object-fit: cover`) costs as much to draw as a much larger picture:
 * the compositor resamples every pixel of every frame. Drawn pixel for
 * pixel instead (`object-fit: none`, centred), a frame is a plain copy, and
 * the few percent beyond the tile are cropped, as cover crops whatever
 * does not fit the tile's shape anyway. Measured with software compositing
 * (the browser tests' and benchmarks' machine, and any computer without a
 * usable GPU): four 640x360 videos in 620x350 tiles took 0.10-0.11 of a
 * core to draw scaled and 0.064-0.075 pixel for pixel.
 *
 * Only where the crop is small (MAX_OVERSIZE) and one CSS pixel is one
 * device pixel; anything else is scaled to cover, as before. Not for the
 * local camera: its mirrored picture is resampled whatever its size.
 */
import { computed, onBeforeUnmount, onMounted, reactive, watch, type Ref } from 'vue';
import type { DisplaySize } from '../engine/media/display-size.js';

/** The most a frame may exceed its tile, side by side, and still be drawn pixel for pixel (1/16 cropped). */
export const MAX_OVERSIZE = 1.0625;

export type FrameFit =
  | { mode: 'cover' }
  /** object-position's offsets, whole pixels, that centre the frame in the tile. */
  | { mode: 'pixel'; left: number; top: number };

/** How frames of `frame` pixels are drawn in a tile of `tile` CSS pixels. */
export function frameFit(tile: DisplaySize, frame: DisplaySize, devicePixelRatio: number): FrameFit {
  const width = Math.round(tile.width);
  const height = Math.round(tile.height);
  const fits =
    devicePixelRatio === 1 &&
    width > 0 &&
    height > 0 &&
    frame.width >= width &&
    frame.height >= height &&
    frame.width <= width * MAX_OVERSIZE &&
    frame.height <= height * MAX_OVERSIZE;
  if (!fits) return { mode: 'cover' };
  return {
    mode: 'pixel',
    left: 0 - Math.floor((frame.width - width) / 2),
    top: 0 - Math.floor((frame.height - height) / 2),
  };
}

/**
 * The fit of `video`'s frames to `tile`, its box in CSS pixels (as
 * display-size.ts observes it), kept up to date as either changes (a tile
 * resized, a sender changing the size it sends), as a style to bind on the
 * element; `enabled` false keeps it covering.
 */
export function useFrameFit(
  video: Ref<HTMLVideoElement | null>,
  tile: Readonly<Ref<DisplaySize>>,
  enabled: () => boolean,
) {
  const seen = reactive({ frame: { width: 0, height: 0 }, ratio: 1 });
  const fit = computed(() =>
    enabled() ? frameFit(tile.value, seen.frame, seen.ratio) : ({ mode: 'cover' } as const),
  );
  const style = computed(() =>
    fit.value.mode === 'pixel'
      ? { objectFit: 'none' as const, objectPosition: `${fit.value.left}px ${fit.value.top}px` }
      : {},
  );

  const frameChanged = (): void => {
    const element = video.value;
    if (!element) return;
    seen.frame = { width: element.videoWidth, height: element.videoHeight };
    seen.ratio = window.devicePixelRatio;
  };
  onMounted(() => {
    const element = video.value;
    if (!element) return;
    // A video fires `resize` whenever its frames change size, `loadedmetadata` with its first.
    element.addEventListener('resize', frameChanged);
    element.addEventListener('loadedmetadata', frameChanged);
  });
  // The tile's box changing may come with a new device pixel ratio (a window moved to another screen).
  watch(tile, () => (seen.ratio = window.devicePixelRatio));
  onBeforeUnmount(() => {
    video.value?.removeEventListener('resize', frameChanged);
    video.value?.removeEventListener('loadedmetadata', frameChanged);
  });
  return { fit, style };
}
