/**
 * What this member sends to the room: its camera and mic (published,
 * muted, switched to another device, or carried over to another when one is
 * unplugged), a shared screen, and the quality preset that shapes both.
 *
 * Every change is told to the room in a media-state message before any
 * track changes, and applied to every member link; a link that opens later
 * is brought up to date with sendTo(). The room session owns the links and
 * decides when we are in the room; this class owns the tracks.
 */
import { Emitter } from '../emitter.js';
import { describeError, HuddleError } from '../errors.js';
import {
  captureChosenDevices,
  captureTrack,
  fallbackDevice,
  trackKindOf,
  type DeviceChoice,
  type DeviceLists,
  type InputKind,
} from '../media/devices.js';
import { HotPlugWatcher, type GoneDevice } from '../media/hot-plug.js';
import { stopStream } from '../media/local-media.js';
import {
  qualityPresets,
  sendQualityFor,
  type QualityPreset,
  type QualityPresetName,
} from '../media/quality.js';
import { captureScreen } from '../media/screen-capture.js';
import type { MediaState } from '../protocol/messages.js';
import type { MemberLink } from './member-link.js';
import { silentMedia } from './participants.js';

/** The ids of the devices being sent; null where nothing of that kind is. */
export interface ActiveDevices {
  camera: string | null;
  microphone: string | null;
}

export interface OutgoingMediaEvents {
  /** Started or stopped publishing camera and mic. */
  publishing: boolean;
  /** Anything we send changed (mute, devices, screen): the local participant looks different. */
  changed: undefined;
  /** The camera or microphone being sent changed (published, switched, hot-plugged, stopped). */
  devices: ActiveDevices;
  /** Something the user should know that did not stop the call (a device gone, a switch refused). */
  warning: string;
}

/** What the outgoing media needs from the room session. */
export interface OutgoingRoom {
  /** Every current member link, open or not. */
  links(): Iterable<MemberLink>;
  /** Whether the session is (still) in the room: a capture may outlast it. */
  inRoom(): boolean;
  log(message: string, detail?: unknown): void;
}

export class OutgoingMedia extends Emitter<OutgoingMediaEvents> {
  private camera: MediaStream | null = null;
  /** The screen we share, if any; its id is `media.screen`. */
  private screen: MediaStream | null = null;
  private media: MediaState = { ...silentMedia };
  private preset: QualityPreset;
  private devices: DeviceChoice;
  /** Watches the devices in use while publishing, to fall back when one is unplugged. */
  private hotPlug: HotPlugWatcher | null = null;

  constructor(
    private readonly room: OutgoingRoom,
    quality: QualityPresetName,
    devices: DeviceChoice,
  ) {
    super();
    this.preset = qualityPresets[quality];
    this.devices = devices;
  }

  /** What we tell the room we send (in hello and media-state). */
  get state(): MediaState {
    return { ...this.media };
  }

  get cameraStream(): MediaStream | null {
    return this.camera;
  }

  get screenStream(): MediaStream | null {
    return this.screen;
  }

  get quality(): QualityPresetName {
    return this.preset.name;
  }

  get activeDevices(): ActiveDevices {
    const idOf = (track: MediaStreamTrack | undefined): string | null =>
      track ? (track.getSettings().deviceId ?? null) : null;
    return {
      camera: idOf(this.camera?.getVideoTracks()[0]),
      microphone: idOf(this.camera?.getAudioTracks()[0]),
    };
  }

  /** Switches the latency/quality preset for everything sent and received from now on. */
  setQuality(name: QualityPresetName): void {
    this.preset = qualityPresets[name];
    this.room.log(`quality preset: ${name}`);
    this.shareQuality();
  }

  /** Shares the preset's upload budget out over the current links (again, as people come and go). */
  shareQuality(): void {
    const links = [...this.room.links()];
    const send = sendQualityFor(this.preset, Math.max(1, links.length));
    for (const link of links) link.media.setQuality(send, this.preset.jitterBufferTargetMs);
  }

  /** Brings a link that has just opened (or come back as a new session) up to date. */
  sendTo(link: MemberLink): void {
    if (this.media.publishing && this.camera) link.media.setOutgoing(this.camera);
    if (this.screen) link.media.setOutgoingScreen(this.screen);
  }

  // ---- camera and mic -----------------------------------------------------------

  /** Starts sending camera and mic (or `stream`) on every link. */
  async publish(stream?: MediaStream): Promise<void> {
    if (this.media.publishing) return;
    let captured = stream;
    if (!captured) {
      const { stream: fresh, warnings } = await captureChosenDevices(this.preset.capture, this.devices);
      captured = fresh;
      for (const warning of warnings) this.emit('warning', warning);
    }
    if (!this.room.inRoom()) {
      stopStream(captured);
      throw new HuddleError('not-joined', 'The session ended before publishing started.');
    }
    this.camera = captured;
    this.media = { ...this.media, publishing: true };
    this.applyMutes();
    this.broadcast();
    for (const link of this.room.links()) if (link.isOpen) link.media.setOutgoing(captured);
    this.watchDevices(captured);
    this.emit('publishing', true);
    this.emit('changed', undefined);
  }

  /** Stops sending and releases the camera and mic. */
  unpublish(): void {
    if (!this.media.publishing) return;
    this.media = { ...this.media, publishing: false };
    this.broadcast();
    for (const link of this.room.links()) link.media.setOutgoing(null);
    this.stopWatchingDevices();
    stopStream(this.camera);
    this.camera = null;
    this.emit('publishing', false);
    this.emit('changed', undefined);
  }

  setAudioMuted(muted: boolean): void {
    this.media = { ...this.media, audioMuted: muted };
    this.applyMutes();
    this.broadcast();
    this.emit('changed', undefined);
  }

  setVideoMuted(muted: boolean): void {
    this.media = { ...this.media, videoMuted: muted };
    this.applyMutes();
    this.broadcast();
    this.emit('changed', undefined);
  }

  /**
   * Sends another camera or microphone instead of the one in use, to every
   * member, without renegotiating. The old device keeps running if the new
   * one cannot be opened (with a warning saying why). While not publishing,
   * the choice is kept for the next publish(). Resolves whether it switched.
   */
  async switchDevice(kind: InputKind, deviceId: string | null): Promise<boolean> {
    const previousLabel = this.camera?.getTracks().find((track) => track.kind === trackKindOf(kind))?.label;
    const failure = await this.replaceInput(kind, deviceId);
    if (failure) this.emit('warning', previousLabel ? `${failure} Still using ${previousLabel}.` : failure);
    return failure === null;
  }

  /** Captures `deviceId` and puts its track in place of the one of its kind; the reason if it could not. */
  private async replaceInput(kind: InputKind, deviceId: string | null): Promise<string | null> {
    const remember = (): void => {
      this.devices = { ...this.devices, [kind === 'camera' ? 'cameraId' : 'microphoneId']: deviceId };
    };
    const stream = this.camera;
    if (!stream || !this.media.publishing) {
      remember();
      return null;
    }
    let next: MediaStreamTrack;
    try {
      next = await captureTrack(kind, this.preset.capture, deviceId);
    } catch (error) {
      return describeError(error);
    }
    if (this.camera !== stream) {
      // Unpublished or left while the device was opening.
      next.stop();
      return null;
    }
    remember();
    const previous = stream.getTracks().find((track) => track.kind === next.kind);
    next.enabled = previous?.enabled ?? !(kind === 'camera' ? this.media.videoMuted : this.media.audioMuted);
    // Swapped in the stream first: a link opening from now on sends the new track.
    if (previous) {
      this.hotPlug?.unwatch(previous);
      stream.removeTrack(previous);
    }
    stream.addTrack(next);
    this.hotPlug?.watch(next);
    await Promise.all(
      [...this.room.links()].map(async (link) => {
        const replaced = previous
          ? await link.media.replaceTrack(previous, next).catch((error: unknown) => {
              this.room.log(`could not replace the ${kind} track to ${link.peerId}`, error);
              return false;
            })
          : false;
        // Nothing of this kind was sent on the link yet: add it (this one renegotiates).
        if (!replaced && link.isOpen) link.media.setOutgoing(stream);
      }),
    );
    previous?.stop();
    this.room.log(`now sending ${kind} ${next.label}`);
    this.emit('devices', this.activeDevices);
    this.emit('changed', undefined);
    return null;
  }

  private watchDevices(stream: MediaStream): void {
    this.hotPlug?.stop();
    this.hotPlug = new HotPlugWatcher((gone, lists) => void this.onDeviceGone(gone, lists));
    for (const track of stream.getTracks()) this.hotPlug.watch(track);
    this.emit('devices', this.activeDevices);
  }

  private stopWatchingDevices(): void {
    this.hotPlug?.stop();
    this.hotPlug = null;
    this.emit('devices', { camera: null, microphone: null });
  }

  /** A device in use was unplugged: carry on with another of its kind, the call stays up. */
  private async onDeviceGone(gone: GoneDevice, lists: DeviceLists): Promise<void> {
    if (!this.camera?.getTracks().includes(gone.track)) return;
    const name = gone.label || `Your ${gone.kind}`;
    const fallback = fallbackDevice(lists[gone.kind], gone.deviceId);
    this.room.log(
      `${name} is gone; ${fallback ? `switching to ${fallback.label}` : `no other ${gone.kind}`}`,
    );
    if (!fallback) {
      this.emit('warning', `${name} was disconnected, and there is no other ${gone.kind} to use.`);
      return;
    }
    const failure = await this.replaceInput(gone.kind, fallback.deviceId);
    this.emit(
      'warning',
      failure
        ? `${name} was disconnected, and ${fallback.label} could not be used: ${failure}`
        : `${name} was disconnected; now using ${fallback.label}.`,
    );
  }

  // ---- screen -------------------------------------------------------------------

  /**
   * Shares a screen, window or tab (or `stream`) with everyone in the room,
   * with or without the camera. The room hears the stream's id first, then
   * gets its tracks. A capture the browser ends itself (its own "stop
   * sharing") stops the share. A cancelled picker throws and changes nothing.
   */
  async startScreenShare(stream?: MediaStream): Promise<void> {
    if (this.screen) return;
    const captured = stream ?? (await captureScreen());
    // While the picker was open the session may have ended, or another share begun.
    if (!this.room.inRoom()) {
      stopStream(captured);
      throw new HuddleError('not-joined', 'The session ended before screen sharing started.');
    }
    if (this.screen) {
      if (captured !== this.screen) stopStream(captured);
      return;
    }
    this.screen = captured;
    for (const track of captured.getVideoTracks()) {
      track.addEventListener('ended', () => {
        if (this.screen === captured) this.stopScreenShare();
      });
    }
    this.media = { ...this.media, screen: captured.id };
    this.broadcast();
    for (const link of this.room.links()) if (link.isOpen) link.media.setOutgoingScreen(captured);
    this.room.log('sharing a screen');
    this.emit('changed', undefined);
  }

  /** Stops sharing the screen and releases the capture; camera and mic are untouched. */
  stopScreenShare(): void {
    const sharing = this.screen;
    if (!sharing) return;
    this.screen = null;
    this.media = { ...this.media, screen: null };
    this.broadcast();
    for (const link of this.room.links()) link.media.setOutgoingScreen(null);
    stopStream(sharing);
    this.room.log('stopped sharing the screen');
    this.emit('changed', undefined);
  }

  /** The session is over: every device and capture is released, and nothing is sent any more. */
  release(): void {
    this.stopWatchingDevices();
    stopStream(this.camera);
    this.camera = null;
    stopStream(this.screen);
    this.screen = null;
    this.media = { ...silentMedia };
  }

  private applyMutes(): void {
    this.camera?.getAudioTracks().forEach((track) => (track.enabled = !this.media.audioMuted));
    this.camera?.getVideoTracks().forEach((track) => (track.enabled = !this.media.videoMuted));
  }

  private broadcast(): void {
    for (const link of this.room.links()) link.send({ type: 'media-state', media: this.media });
  }
}
