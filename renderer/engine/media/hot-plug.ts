/**
 * Notices when a camera or microphone in use goes away: its track ends, or
 * the browser's device list changes and no longer has it. Each track is
 * reported once; what to use instead is the caller's business.
 */
import { inputKindOf, isDeviceGone, listDevices, type DeviceLists, type InputKind } from './devices.js';

export interface GoneDevice {
  track: MediaStreamTrack;
  kind: InputKind;
  /** The device the track came from, read while it was live. */
  deviceId: string | null;
  label: string;
}

export type GoneListener = (gone: GoneDevice, lists: DeviceLists) => void;

export class HotPlugWatcher {
  private readonly watched = new Map<MediaStreamTrack, { onEnded: () => void; gone: GoneDevice }>();
  private readonly reported = new WeakSet<MediaStreamTrack>();
  private readonly onDeviceChange = (): void => void this.checkListed();
  private stopped = false;

  constructor(
    private readonly onGone: GoneListener,
    private readonly mediaDevices: MediaDevices | undefined = globalThis.navigator?.mediaDevices,
  ) {
    mediaDevices?.addEventListener?.('devicechange', this.onDeviceChange);
  }

  /** Starts watching a track in use. */
  watch(track: MediaStreamTrack): void {
    if (this.stopped || this.watched.has(track)) return;
    const onEnded = (): void => void this.report(track);
    track.addEventListener('ended', onEnded);
    const gone = {
      track,
      kind: inputKindOf(track),
      deviceId: track.getSettings().deviceId ?? null,
      label: track.label,
    };
    this.watched.set(track, { onEnded, gone });
  }

  /** Stops watching a track (it was replaced or stopped on purpose). */
  unwatch(track: MediaStreamTrack): void {
    const entry = this.watched.get(track);
    if (entry) track.removeEventListener('ended', entry.onEnded);
    this.watched.delete(track);
  }

  stop(): void {
    this.stopped = true;
    this.mediaDevices?.removeEventListener?.('devicechange', this.onDeviceChange);
    for (const track of [...this.watched.keys()]) this.unwatch(track);
  }

  private async checkListed(): Promise<void> {
    const lists = await listDevices(this.mediaDevices).catch(() => null);
    if (!lists || this.stopped) return;
    for (const { gone } of [...this.watched.values()]) {
      if (isDeviceGone(lists[gone.kind], gone.deviceId)) void this.report(gone.track, lists);
    }
  }

  private async report(track: MediaStreamTrack, known?: DeviceLists): Promise<void> {
    const entry = this.watched.get(track);
    if (this.stopped || this.reported.has(track) || !entry) return;
    this.reported.add(track);
    this.unwatch(track);
    const lists = known ?? (await listDevices(this.mediaDevices).catch(() => null));
    if (lists && !this.stopped) this.onGone(entry.gone, lists);
  }
}
