/**
 * Cameras, microphones and speakers: the lists the user picks from, the
 * capture constraints for a chosen device, and which device takes over when
 * the one in use disappears. A chosen device that is gone never stops a
 * capture: the system default is used instead, with a warning saying so.
 */
import { HuddleError } from '../errors.js';
import { captureCameraAndMic } from './local-media.js';
import type { QualityPreset } from './quality.js';

export type DeviceKind = 'camera' | 'microphone' | 'speaker';
/** The kinds that are captured (and sent), as opposed to played to. */
export type InputKind = Exclude<DeviceKind, 'speaker'>;

export interface DeviceOption {
  deviceId: string;
  label: string;
}

export type DeviceLists = Record<DeviceKind, DeviceOption[]>;

/** The devices a member has chosen; null is the system default. */
export interface DeviceChoice {
  cameraId: string | null;
  microphoneId: string | null;
}

const browserKinds: Record<DeviceKind, MediaDeviceKind> = {
  camera: 'videoinput',
  microphone: 'audioinput',
  speaker: 'audiooutput',
};

const kindNames: Record<DeviceKind, string> = {
  camera: 'Camera',
  microphone: 'Microphone',
  speaker: 'Speaker',
};

export function trackKindOf(kind: InputKind): 'video' | 'audio' {
  return kind === 'camera' ? 'video' : 'audio';
}

export function inputKindOf(track: MediaStreamTrack): InputKind {
  return track.kind === 'video' ? 'camera' : 'microphone';
}

export function emptyDeviceLists(): DeviceLists {
  return { camera: [], microphone: [], speaker: [] };
}

/**
 * Groups what enumerateDevices() said by kind. Before the page may use a
 * device the browser hides ids and labels: such entries cannot be chosen and
 * are left out; a device without a label is named by its kind and position.
 */
export function groupDevices(infos: readonly MediaDeviceInfo[]): DeviceLists {
  const lists = emptyDeviceLists();
  for (const kind of Object.keys(browserKinds) as DeviceKind[]) {
    const ofKind = infos.filter((info) => info.kind === browserKinds[kind] && info.deviceId !== '');
    lists[kind] = ofKind.map((info, index) => ({
      deviceId: info.deviceId,
      label: info.label.trim() || `${kindNames[kind]} ${index + 1}`,
    }));
  }
  return lists;
}

export async function listDevices(
  mediaDevices: MediaDevices | undefined = globalThis.navigator?.mediaDevices,
): Promise<DeviceLists> {
  if (!mediaDevices?.enumerateDevices) return emptyDeviceLists();
  return groupDevices(await mediaDevices.enumerateDevices());
}

/** The camera at the preset's size, from the chosen device if there is one. */
export function cameraConstraints(
  capture: QualityPreset['capture'],
  deviceId: string | null,
): MediaTrackConstraints {
  return {
    width: { ideal: capture.width },
    height: { ideal: capture.height },
    frameRate: { ideal: capture.frameRate },
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
  };
}

export function microphoneConstraints(deviceId: string | null): MediaTrackConstraints {
  return {
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
  };
}

export function inputConstraints(
  kind: InputKind,
  capture: QualityPreset['capture'],
  deviceId: string | null,
): MediaTrackConstraints {
  return kind === 'camera' ? cameraConstraints(capture, deviceId) : microphoneConstraints(deviceId);
}

/**
 * Whether `deviceId` is known to be gone: only when the browser lists
 * devices of that kind with their ids, so it could have listed this one.
 */
export function isDeviceGone(options: readonly DeviceOption[], deviceId: string | null): boolean {
  if (!deviceId || options.length === 0) return false;
  return !options.some((option) => option.deviceId === deviceId);
}

/**
 * Which device to use when `goneId` disappeared: the system default first
 * (the browser lists it as "default" where it has one), else the first other
 * device of the kind; null when none is left.
 */
export function fallbackDevice(options: readonly DeviceOption[], goneId: string | null): DeviceOption | null {
  const others = options.filter((option) => option.deviceId !== goneId);
  return others.find((option) => option.deviceId === 'default') ?? others[0] ?? null;
}

export function deviceLabel(
  options: readonly DeviceOption[],
  deviceId: string | null,
  kind: DeviceKind,
): string {
  return options.find((option) => option.deviceId === deviceId)?.label ?? `the chosen ${kind}`;
}

function isMissingDevice(error: unknown): boolean {
  return (
    error instanceof DOMException && (error.name === 'OverconstrainedError' || error.name === 'NotFoundError')
  );
}

export interface Captured {
  stream: MediaStream;
  /** What the user should know, such as a chosen device that was gone. */
  warnings: string[];
}

/**
 * Camera and mic at the preset's size from the chosen devices. A chosen
 * device that is no longer there is replaced by the default, with a warning;
 * what cannot be opened at all fails as captureCameraAndMic explains.
 *
 * The devices are listed only when the chosen ones cannot be opened, to say
 * which one is gone: listing first made every capture wait for the
 * browser's first enumeration (tens of milliseconds as a page starts), and
 * the capture is on the way from opening the page to the first frame.
 */
export async function captureChosenDevices(
  capture: QualityPreset['capture'],
  choice: DeviceChoice,
  mediaDevices: MediaDevices | undefined = globalThis.navigator?.mediaDevices,
): Promise<Captured> {
  const { cameraId, microphoneId } = choice;
  const defaults = chosenConstraints(capture, null, null);
  if ((!cameraId && !microphoneId) || !mediaDevices?.getUserMedia) {
    return { stream: await captureCameraAndMic(defaults, mediaDevices), warnings: [] };
  }
  try {
    return {
      stream: await mediaDevices.getUserMedia(chosenConstraints(capture, cameraId, microphoneId)),
      warnings: [],
    };
  } catch (error) {
    if (!isMissingDevice(error))
      return { stream: await captureCameraAndMic(defaults, mediaDevices), warnings: [] };
  }
  const lists = await listDevices(mediaDevices).catch(() => emptyDeviceLists());
  const cameraGone = isDeviceGone(lists.camera, cameraId);
  const microphoneGone = isDeviceGone(lists.microphone, microphoneId);
  const warnings: string[] = [];
  if (cameraGone) warnings.push('The chosen camera is not connected; using the default camera.');
  if (microphoneGone) warnings.push('The chosen microphone is not connected; using the default microphone.');
  const keptCamera = cameraGone ? null : cameraId;
  const keptMicrophone = microphoneGone ? null : microphoneId;
  if (warnings.length > 0) {
    if (!keptCamera && !keptMicrophone) {
      return { stream: await captureCameraAndMic(defaults, mediaDevices), warnings };
    }
    try {
      const kept = chosenConstraints(capture, keptCamera, keptMicrophone);
      return { stream: await mediaDevices.getUserMedia(kept), warnings };
    } catch {
      // The chosen device still listed would not open either: the defaults, below.
    }
  }
  // The list could not tell which is gone (no permission yet when listing), or the other would not open.
  const unavailable = 'The chosen camera or microphone is not available; using the defaults.';
  return { stream: await captureCameraAndMic(defaults, mediaDevices), warnings: [unavailable] };
}

function chosenConstraints(
  capture: QualityPreset['capture'],
  cameraId: string | null,
  microphoneId: string | null,
): MediaStreamConstraints {
  return { video: cameraConstraints(capture, cameraId), audio: microphoneConstraints(microphoneId) };
}

/** One new track of `kind` from `deviceId` (null: the default), for switching mid-call. */
export async function captureTrack(
  kind: InputKind,
  capture: QualityPreset['capture'],
  deviceId: string | null,
  mediaDevices: MediaDevices | undefined = globalThis.navigator?.mediaDevices,
): Promise<MediaStreamTrack> {
  if (!mediaDevices?.getUserMedia) {
    throw new HuddleError('media-unavailable', `This page cannot open a ${kind}.`);
  }
  const constraints = inputConstraints(kind, capture, deviceId);
  let stream: MediaStream;
  try {
    stream = await mediaDevices.getUserMedia(
      kind === 'camera' ? { video: constraints } : { audio: constraints },
    );
  } catch (error) {
    const name = error instanceof DOMException ? error.name : '';
    const why = isMissingDevice(error)
      ? 'it is not connected'
      : name === 'NotAllowedError' || name === 'SecurityError'
        ? 'access to it was denied'
        : name === 'NotReadableError' || name === 'AbortError'
          ? 'it is in use by another program'
          : 'the browser could not open it';
    throw new HuddleError('media-unavailable', `Could not open that ${kind}: ${why}.`);
  }
  const [track] = stream.getTracks();
  if (!track) throw new HuddleError('media-unavailable', `Could not open that ${kind}.`);
  return track;
}
