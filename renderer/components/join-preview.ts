/**
 * The join form's camera preview, which is also what gets published on
 * joining: the preset's size, from the chosen devices, captured when the
 * form opens and again when a device is chosen or unplugged.
 *
 * Except when the form opens because the user left a room: leaving turns the
 * camera and microphone off, as people expect of hanging up, and they stay
 * off until the user turns the preview on, chooses a device or joins again.
 *
 * Join may be clicked before the preview's capture is done (a saved name and
 * a quick click, or a form that joins by itself from a link): the capture
 * under way is then handed over as it is, not dropped for a second one after
 * joining, so the camera opens once, meanwhile.
 */
import { onBeforeUnmount, onMounted, ref, shallowRef, type Ref } from 'vue';
import { describeError } from '../engine/errors.js';
import { captureChosenDevices } from '../engine/media/devices.js';
import { markJoinStep } from '../engine/join-marks.js';
import { stopStream } from '../engine/media/local-media.js';
import { qualityPresets } from '../engine/media/quality.js';
import type { JoinRequestForm } from '../stores/session.js';
import { useSettingsStore } from '../stores/settings.js';

/** What the form hands the session to publish: the preview, the capture still under way, or nothing. */
export type HandedStream = JoinRequestForm['stream'];

export interface JoinPreviewOptions {
  /** False when the form opens after leaving a room: no capture until asked. */
  startOnOpen: boolean;
}

export function useJoinPreview(video: Ref<HTMLVideoElement | null>, { startOnOpen }: JoinPreviewOptions) {
  const settings = useSettingsStore();
  const preview = shallowRef<MediaStream | null>(null);
  /** True while the camera is off because the user left a room and has not asked for it since. */
  const off = ref(!startOnOpen);
  const error = ref<string | null>(null);
  const warning = ref<string | null>(null);
  /** Counts captures, so that of two started in quick succession only the newer one is kept. */
  let attempts = 0;
  /** The capture under way, if any, with its number. */
  let capturing: { attempt: number; stream: Promise<MediaStream | null> } | null = null;
  /** The capture handed to the session while under way: it is the session's to keep or stop. */
  let handedAttempt = 0;

  async function start(): Promise<void> {
    off.value = false;
    const attempt = ++attempts;
    const { cameraId, microphoneId, quality } = settings.settings;
    markJoinStep('camera-requested');
    const captured = captureChosenDevices(qualityPresets[quality].capture, { cameraId, microphoneId });
    void captured.then(
      () => markJoinStep('camera-open'),
      () => undefined,
    );
    capturing = { attempt, stream: captured.then(({ stream }) => stream).catch(() => null) };
    try {
      const { stream, warnings } = await captured;
      if (capturing?.attempt === attempt) capturing = null;
      if (attempt === handedAttempt) return;
      if (attempt !== attempts) {
        stopStream(stream);
        return;
      }
      preview.value = stream;
      error.value = null;
      // A device unplugged while previewing: capture again, from another one if the chosen one is gone.
      for (const track of stream.getTracks()) {
        track.addEventListener('ended', () => {
          if (preview.value !== stream) return;
          restart();
        });
      }
      warning.value = warnings.join(' ') || null;
      if (video.value) video.value.srcObject = stream;
    } catch (cause) {
      if (capturing?.attempt === attempt) capturing = null;
      if (attempt !== attempts) return;
      error.value = `${describeError(cause)} You can still join to watch and listen.`;
    }
  }

  /** Captures again (another device chosen, or the one in use gone). */
  function restart(): void {
    stopStream(preview.value);
    preview.value = null;
    void start();
  }

  /** Brings the preview back (after a refused join) unless it is there or already on its way. */
  function bringBack(): void {
    if (!preview.value && !capturing) void start();
  }

  /** Gives the preview (or its capture under way) to the session to publish; releases it when not publishing. */
  function handOver(publish: boolean): HandedStream {
    off.value = false;
    const stream = preview.value;
    preview.value = null;
    const pending = capturing;
    capturing = null;
    attempts++;
    if (!publish) {
      stopStream(stream);
      return null;
    }
    if (stream || !pending) return stream;
    handedAttempt = pending.attempt;
    return pending.stream;
  }

  onMounted(() => {
    if (startOnOpen) void start();
  });
  onBeforeUnmount(() => {
    attempts++;
    stopStream(preview.value);
  });

  return { preview, off, error, warning, restart, bringBack, handOver };
}
