/**
 * Capturing the local camera and microphone, with failures turned into clear,
 * typed errors. A missing camera still yields the microphone and vice versa.
 */
import { HuddleError } from '../errors.js';

function explain(error: unknown): HuddleError {
  const name = error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new HuddleError('media-unavailable', 'Camera and microphone access was denied.');
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new HuddleError('media-unavailable', 'No camera or microphone was found.');
    case 'NotReadableError':
    case 'AbortError':
      return new HuddleError('media-unavailable', 'The camera or microphone is in use by another program.');
    default:
      return new HuddleError('media-unavailable', 'Camera and microphone are not available in this browser.');
  }
}

/** Camera and mic with `constraints` (devices.ts builds them from the preset and the chosen devices). */
export async function captureCameraAndMic(
  constraints: MediaStreamConstraints,
  mediaDevices: MediaDevices | undefined = globalThis.navigator?.mediaDevices,
): Promise<MediaStream> {
  if (!mediaDevices?.getUserMedia) {
    throw new HuddleError(
      'media-unavailable',
      'This page cannot use a camera: open it over https or from localhost.',
    );
  }
  try {
    return await mediaDevices.getUserMedia(constraints);
  } catch (first) {
    // With one of the two devices missing, offer the other rather than nothing.
    for (const partial of [{ audio: constraints.audio }, { video: constraints.video }]) {
      if (!partial.audio && !partial.video) continue;
      try {
        return await mediaDevices.getUserMedia(partial);
      } catch {
        // fall through to the next option
      }
    }
    throw explain(first);
  }
}

export function stopStream(stream: MediaStream | null | undefined): void {
  stream?.getTracks().forEach((track) => track.stop());
}
