/**
 * Capturing a screen, window or tab to share, with failures turned into
 * clear, typed errors. In the desktop app Electron's display-media handler
 * shows its own source picker; to this code it is still getDisplayMedia.
 */
import { HuddleError } from '../errors.js';

/**
 * Video only: screens are mostly still, so a lower frame rate leaves bits
 * for detail. Capturing the tab's or system's sound is not offered.
 */
export const screenCaptureOptions: DisplayMediaStreamOptions = {
  video: { frameRate: { ideal: 15, max: 30 } },
  audio: false,
};

export function canCaptureScreen(
  mediaDevices: MediaDevices | undefined = globalThis.navigator?.mediaDevices,
): boolean {
  return typeof mediaDevices?.getDisplayMedia === 'function';
}

function explain(error: unknown): HuddleError {
  const name = error instanceof DOMException ? error.name : '';
  switch (name) {
    // Chromium reports closing the picker and a refusal alike.
    case 'NotAllowedError':
    case 'SecurityError':
      return new HuddleError(
        'screen-share-cancelled',
        'Screen sharing was cancelled or not allowed; nothing is being shared.',
      );
    case 'InvalidAccessError':
    case 'InvalidStateError':
      return new HuddleError(
        'screen-share-failed',
        'Screen sharing must be started from a click on the Share screen button.',
      );
    case 'NotFoundError':
      return new HuddleError('screen-share-failed', 'There is no screen or window to share.');
    // The desktop app's own picker refuses a cancelled request, which Electron
    // reports as an abort; in a browser it is a capture that failed to start.
    case 'AbortError':
      return new HuddleError(
        'screen-share-cancelled',
        'Screen sharing was cancelled or could not start; nothing is being shared.',
      );
    case 'NotReadableError':
      return new HuddleError(
        'screen-share-failed',
        'The screen could not be captured (another program or the system may be blocking it).',
      );
    default:
      return new HuddleError('screen-share-failed', 'The screen could not be captured.');
  }
}

/** Asks the user for a screen, window or tab; resolves with a stream holding its video track. */
export async function captureScreen(
  options: DisplayMediaStreamOptions = screenCaptureOptions,
  mediaDevices: MediaDevices | undefined = globalThis.navigator?.mediaDevices,
): Promise<MediaStream> {
  if (!mediaDevices || !canCaptureScreen(mediaDevices)) {
    throw new HuddleError(
      'screen-share-unsupported',
      'This browser cannot share a screen (it has no getDisplayMedia; open the page over https or from localhost).',
    );
  }
  let stream: MediaStream;
  try {
    stream = await mediaDevices.getDisplayMedia(options);
  } catch (error) {
    throw explain(error);
  }
  if (stream.getVideoTracks().length === 0) {
    stream.getTracks().forEach((track) => track.stop());
    throw new HuddleError('screen-share-failed', 'The screen could not be captured: no video came from it.');
  }
  return stream;
}
