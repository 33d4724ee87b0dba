import { describe, expect, it, vi } from 'vitest';
import {
  cameraConstraints,
  captureChosenDevices,
  captureTrack,
  fallbackDevice,
  groupDevices,
  isDeviceGone,
  microphoneConstraints,
  type DeviceOption,
} from '../../../renderer/engine/media/devices.js';
import { HotPlugWatcher, type GoneDevice } from '../../../renderer/engine/media/hot-plug.js';
import { levelOf } from '../../../renderer/engine/media/level-meter.js';
import { qualityPresets } from '../../../renderer/engine/media/quality.js';

const capture = qualityPresets.balanced.capture;

function info(kind: MediaDeviceKind, deviceId: string, label = ''): MediaDeviceInfo {
  return { kind, deviceId, label, groupId: '', toJSON: () => ({}) } as MediaDeviceInfo;
}

const fakeDevices = [
  info('audioinput', 'default', 'Default - Headset'),
  info('audioinput', 'mic-1', 'Headset'),
  info('videoinput', 'cam-1', 'Built-in camera'),
  info('videoinput', 'cam-2', ''),
  info('audiooutput', 'default', 'Default speakers'),
];

/** A MediaDevices that lists `devices` and answers getUserMedia with `answer`. */
function mediaDevicesWith(
  devices: MediaDeviceInfo[],
  answer: (constraints: MediaStreamConstraints) => Promise<MediaStream>,
): MediaDevices & { changed: () => void } {
  const target = new EventTarget();
  return Object.assign(target, {
    enumerateDevices: async () => devices,
    getUserMedia: vi.fn(answer),
    changed: () => target.dispatchEvent(new Event('devicechange')),
  }) as unknown as MediaDevices & { changed: () => void };
}

const streamStub = (label: string): MediaStream => ({ id: label }) as unknown as MediaStream;

/** The chosen id a constraint asks for exactly, if any. */
function exactId(constraint: boolean | MediaTrackConstraints | undefined): string | null {
  if (typeof constraint !== 'object' || !constraint.deviceId) return null;
  const wanted = constraint.deviceId as ConstrainDOMStringParameters;
  return typeof wanted.exact === 'string' ? wanted.exact : null;
}

/**
 * A MediaDevices that, like a browser, refuses an exact id it does not list,
 * and one in use elsewhere (`busy`); it names each stream by the ids it opened.
 */
function devicesListing(devices: MediaDeviceInfo[], busy: readonly string[] = []) {
  const listed = new Set(devices.map((device) => device.deviceId));
  const mediaDevices = mediaDevicesWith(devices, async (constraints) => {
    const ids = [exactId(constraints.video), exactId(constraints.audio)];
    if (ids.some((id) => id !== null && !listed.has(id)))
      throw new DOMException('no such device', 'OverconstrainedError');
    if (ids.some((id) => id !== null && busy.includes(id)))
      throw new DOMException('busy', 'NotReadableError');
    return streamStub(ids.map((id) => id ?? 'default').join('+'));
  });
  const enumerate = vi.spyOn(mediaDevices, 'enumerateDevices');
  return { mediaDevices, enumerate };
}

describe('device lists', () => {
  it('groups devices by kind and names unlabelled ones by kind and position', () => {
    const lists = groupDevices(fakeDevices);
    expect(lists.microphone.map((d) => d.deviceId)).toEqual(['default', 'mic-1']);
    expect(lists.camera).toEqual([
      { deviceId: 'cam-1', label: 'Built-in camera' },
      { deviceId: 'cam-2', label: 'Camera 2' },
    ]);
    expect(lists.speaker).toEqual([{ deviceId: 'default', label: 'Default speakers' }]);
  });

  it('leaves out the placeholders a browser lists before permission is given', () => {
    const lists = groupDevices([info('videoinput', ''), info('audioinput', '')]);
    expect(lists.camera).toEqual([]);
    expect(lists.microphone).toEqual([]);
  });
});

describe('capture constraints', () => {
  it("ask for the preset's size and the chosen device exactly", () => {
    expect(cameraConstraints(capture, 'cam-2')).toEqual({
      width: { ideal: capture.width },
      height: { ideal: capture.height },
      frameRate: { ideal: capture.frameRate },
      deviceId: { exact: 'cam-2' },
    });
    expect(microphoneConstraints('mic-1').deviceId).toEqual({ exact: 'mic-1' });
  });

  it('leave the device to the system when none is chosen', () => {
    expect(cameraConstraints(capture, null)).not.toHaveProperty('deviceId');
    expect(microphoneConstraints(null)).not.toHaveProperty('deviceId');
  });
});

describe('which device takes over', () => {
  const mics: DeviceOption[] = [
    { deviceId: 'default', label: 'Default' },
    { deviceId: 'mic-1', label: 'Headset' },
    { deviceId: 'mic-2', label: 'USB mic' },
  ];

  it('prefers the system default', () => {
    expect(fallbackDevice(mics, 'mic-2')?.deviceId).toBe('default');
  });

  it('takes the first other device when the default itself went, or there is none', () => {
    expect(fallbackDevice(mics, 'default')?.deviceId).toBe('mic-1');
    const cams = [
      { deviceId: 'cam-1', label: 'A' },
      { deviceId: 'cam-2', label: 'B' },
    ];
    expect(fallbackDevice(cams, 'cam-1')?.deviceId).toBe('cam-2');
  });

  it('finds nothing when the gone device was the only one', () => {
    expect(fallbackDevice([{ deviceId: 'cam-1', label: 'A' }], 'cam-1')).toBeNull();
  });

  it('counts a device as gone only when the browser lists ids it could have shown', () => {
    expect(isDeviceGone(mics, 'mic-9')).toBe(true);
    expect(isDeviceGone(mics, 'mic-1')).toBe(false);
    expect(isDeviceGone([], 'mic-9')).toBe(false);
    expect(isDeviceGone(mics, null)).toBe(false);
  });
});

describe('capturing the chosen devices', () => {
  it('captures exactly the chosen devices when they are there', async () => {
    const devices = mediaDevicesWith(fakeDevices, async () => streamStub('chosen'));
    const result = await captureChosenDevices(capture, { cameraId: 'cam-2', microphoneId: 'mic-1' }, devices);
    expect(result).toEqual({ stream: streamStub('chosen'), warnings: [] });
    expect(devices.getUserMedia).toHaveBeenCalledWith({
      video: cameraConstraints(capture, 'cam-2'),
      audio: microphoneConstraints('mic-1'),
    });
  });

  it('asks for the camera at once, listing devices only when a chosen one cannot be opened', async () => {
    const { mediaDevices, enumerate } = devicesListing(fakeDevices);
    const chosen = await captureChosenDevices(
      capture,
      { cameraId: 'cam-1', microphoneId: 'mic-1' },
      mediaDevices,
    );
    const defaults = await captureChosenDevices(
      capture,
      { cameraId: null, microphoneId: null },
      mediaDevices,
    );
    expect([chosen.stream, defaults.stream]).toEqual([
      streamStub('cam-1+mic-1'),
      streamStub('default+default'),
    ]);
    expect(enumerate).not.toHaveBeenCalled();
    expect(mediaDevices.getUserMedia).toHaveBeenCalledTimes(2);
  });

  it('uses the default, with a warning, for a chosen camera that is not listed', async () => {
    const { mediaDevices, enumerate } = devicesListing(fakeDevices);
    const result = await captureChosenDevices(
      capture,
      { cameraId: 'cam-gone', microphoneId: null },
      mediaDevices,
    );
    expect(result).toEqual({
      stream: streamStub('default+default'),
      warnings: ['The chosen camera is not connected; using the default camera.'],
    });
    expect(enumerate).toHaveBeenCalledTimes(1);
    expect(mediaDevices.getUserMedia).toHaveBeenLastCalledWith({
      video: cameraConstraints(capture, null),
      audio: microphoneConstraints(null),
    });
  });

  it('keeps the chosen camera when only the chosen microphone is gone', async () => {
    const { mediaDevices } = devicesListing(fakeDevices);
    const result = await captureChosenDevices(
      capture,
      { cameraId: 'cam-2', microphoneId: 'mic-gone' },
      mediaDevices,
    );
    expect(result).toEqual({
      stream: streamStub('cam-2+default'),
      warnings: ['The chosen microphone is not connected; using the default microphone.'],
    });
  });

  it('falls back to the defaults when the chosen device still listed will not open either', async () => {
    const { mediaDevices } = devicesListing(fakeDevices, ['cam-2']);
    const result = await captureChosenDevices(
      capture,
      { cameraId: 'cam-2', microphoneId: 'mic-gone' },
      mediaDevices,
    );
    expect(result).toEqual({
      stream: streamStub('default+default'),
      warnings: ['The chosen camera or microphone is not available; using the defaults.'],
    });
  });

  it('falls back to the defaults when the browser refuses the chosen ids as overconstrained', async () => {
    const devices = mediaDevicesWith([], async (constraints) => {
      const video = constraints.video as MediaTrackConstraints;
      if (video.deviceId) throw new DOMException('no such device', 'OverconstrainedError');
      return streamStub('default');
    });
    const result = await captureChosenDevices(capture, { cameraId: 'stale', microphoneId: null }, devices);
    expect(result.stream).toEqual(streamStub('default'));
    expect(result.warnings).toEqual([
      'The chosen camera or microphone is not available; using the defaults.',
    ]);
  });

  it('still reports a denied camera clearly', async () => {
    const devices = mediaDevicesWith(fakeDevices, async () => {
      throw new DOMException('denied', 'NotAllowedError');
    });
    await expect(
      captureChosenDevices(capture, { cameraId: 'cam-1', microphoneId: null }, devices),
    ).rejects.toThrow('Camera and microphone access was denied.');
  });

  it('explains why one new device could not be opened', async () => {
    const devices = mediaDevicesWith(fakeDevices, async () => {
      throw new DOMException('busy', 'NotReadableError');
    });
    await expect(captureTrack('camera', capture, 'cam-2', devices)).rejects.toThrow(
      'Could not open that camera: it is in use by another program.',
    );
  });
});

describe('hot-plug', () => {
  /** A track stub: an event target with the settings and label a real track has. */
  function trackFrom(kind: 'audio' | 'video', deviceId: string, label: string): MediaStreamTrack {
    return Object.assign(new EventTarget(), {
      kind,
      label,
      getSettings: () => ({ deviceId }),
    }) as unknown as MediaStreamTrack;
  }

  it('reports a track in use once its device is no longer listed, and only once', async () => {
    const listed = [...fakeDevices];
    const devices = mediaDevicesWith(listed, async () => streamStub('x'));
    const gone: GoneDevice[] = [];
    const watcher = new HotPlugWatcher((device) => gone.push(device), devices);
    const camera = trackFrom('video', 'cam-1', 'Built-in camera');
    const mic = trackFrom('audio', 'mic-1', 'Headset');
    watcher.watch(camera);
    watcher.watch(mic);
    listed.splice(
      listed.findIndex((device) => device.deviceId === 'cam-1'),
      1,
    );
    devices.changed();
    await vi.waitFor(() => expect(gone).toHaveLength(1));
    expect(gone[0]).toMatchObject({ kind: 'camera', deviceId: 'cam-1', label: 'Built-in camera' });
    camera.dispatchEvent(new Event('ended'));
    devices.changed();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(gone).toHaveLength(1);
    watcher.stop();
  });

  it('reports a track that ended, and nothing after stop()', async () => {
    const devices = mediaDevicesWith(fakeDevices, async () => streamStub('x'));
    const gone: GoneDevice[] = [];
    const watcher = new HotPlugWatcher((device) => gone.push(device), devices);
    const mic = trackFrom('audio', 'mic-1', 'Headset');
    const camera = trackFrom('video', 'cam-1', 'Built-in camera');
    watcher.watch(mic);
    watcher.watch(camera);
    mic.dispatchEvent(new Event('ended'));
    await vi.waitFor(() => expect(gone.map((device) => device.kind)).toEqual(['microphone']));
    watcher.stop();
    camera.dispatchEvent(new Event('ended'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(gone).toHaveLength(1);
  });
});

describe('level', () => {
  it('is 0 for silence and grows with loudness, up to 1', () => {
    expect(levelOf(new Float32Array(256))).toBe(0);
    const quiet = new Float32Array(256).map((_, i) => 0.05 * Math.sin(i / 4));
    const loud = new Float32Array(256).map((_, i) => 0.4 * Math.sin(i / 4));
    expect(levelOf(quiet)).toBeGreaterThan(0);
    expect(levelOf(loud)).toBeGreaterThan(levelOf(quiet));
    expect(levelOf(new Float32Array(256).fill(1))).toBe(1);
    // On a decibel scale: a tenth of full scale (-20 dBFS) is two thirds up, a thousandth is nothing.
    expect(levelOf(new Float32Array(256).fill(0.1))).toBeCloseTo(2 / 3);
    expect(levelOf(new Float32Array(256).fill(0.0005))).toBe(0);
  });
});
