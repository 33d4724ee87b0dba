/**
 * Adapts the conference engine to the UI: one RoomSession at a time, its
 * workflow state and participants as reactive state, and the actions the
 * controls call. Media streams are kept out of deep reactivity.
 */
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, watch } from 'vue';
import { pickBridge } from '../bridge/index.js';
import { pinForJoin } from '../contract/certificate-fingerprint.js';
import type {
  AppLinkDelivery,
  HostedRoomAdvert,
  HostedServer,
  HostInfo,
  IceServer,
  RendezvousServer,
} from '../contract/host-bridge.js';
import { toRtcIceServers } from '../engine/media/ice-config.js';
import type { QualityPresetName } from '../engine/media/quality.js';
import type { DeviceKind } from '../engine/media/devices.js';
import type { DisplaySize, StreamKind } from '../engine/media/display-size.js';
import { describeError } from '../engine/errors.js';
import { markJoinStep } from '../engine/join-marks.js';
import { inviteLink } from '../engine/invite.js';
import { stopStream } from '../engine/media/local-media.js';
import { generateRoomId } from '../engine/names.js';
import type { LobbyEntry } from '../engine/room/lobby.js';
import type { Participant } from '../engine/room/participants.js';
import { RoomSession, type ActiveDevices, type RoomAccess } from '../engine/room/room-session.js';
import type { WorkflowState } from '../engine/session-state.js';
import { useChatStore } from './chat.js';
import { createRefusalMemory, describeRefusal } from './certificate-refusals.js';
import { useFilesStore } from './files.js';
import { receivedFileSinks } from './received-files.js';
import { roomAdvertKey, type HostedRoom } from './room-advert.js';
import { useSettingsStore } from './settings.js';

export interface JoinRequestForm {
  name: string;
  roomId: string;
  server: RendezvousServer;
  /** Publish right after joining, with this stream if given (the preview, or its capture under way). */
  publishOnJoin: boolean;
  stream: MediaStream | Promise<MediaStream | null> | null;
  /** From an HTTPS invite: the host's certificate fingerprint, which the desktop app then pins. */
  certificateFingerprint?: string | null;
  /** The room's passcode: sets it when creating a room, proves it when joining one. */
  passcode: string;
  /** STUN/TURN servers typed by the user; otherwise those the server's host hands out. */
  iceServers?: IceServer[];
  /** Connect through the relay only, hiding this member's IP addresses. */
  relayOnly?: boolean;
}

export const useSessionStore = defineStore('session', () => {
  const bridge = pickBridge();
  const hostInfo = ref<HostInfo | null>(null);
  /** The server this app started by hosting, if any. */
  const hosting = shallowRef<HostedServer | null>(null);
  const state = ref<WorkflowState>('idle');
  const participants = shallowRef<Participant[]>([]);
  const roomId = ref('');
  const server = shallowRef<RendezvousServer | null>(null);
  const error = ref<string | null>(null);
  const warning = ref<string | null>(null);
  /** Why the session ended without the user leaving (e.g. removed by the host). */
  const notice = ref<string | null>(null);
  const access = shallowRef<RoomAccess | null>(null);
  const lobby = shallowRef<LobbyEntry[]>([]);
  const waitingInLobby = ref(false);
  const settings = useSettingsStore();
  const chat = useChatStore();
  const files = useFilesStore();
  // Opened now, not on Join; a join does not wait for it either (file offers do: see RoomFiles).
  const fileSinks = receivedFileSinks(bridge.downloads, (where) => (files.receivedIn = where));
  const quality = computed(() => settings.settings.quality);
  /** The camera and mic being sent right now (they can differ from the choice after an unplug). */
  const activeDevices = shallowRef<ActiveDevices>({ camera: null, microphone: null });
  let session: RoomSession | null = null;
  /** A `huddle://` link the app was opened with, for the join form to fill itself in from. */
  const linkToOpen = ref<string | null>(null);

  /** A link from the system: to the join form, or its refusal to the user. */
  function openAppLink(delivery: AppLinkDelivery): void {
    if ('error' in delivery) {
      const message = `A Huddle link could not be opened: ${delivery.error}.`;
      // In a room the join form's error line is not on screen; the room's warning line is.
      if (inRoom.value) warning.value = message;
      else error.value = message;
      return;
    }
    error.value = null;
    linkToOpen.value = delivery.link;
  }

  /** The waiting link, once; null when there is none. */
  function takeLinkToOpen(): string | null {
    const link = linkToOpen.value;
    linkToOpen.value = null;
    return link;
  }

  const inRoom = computed(() => ['joined', 'publishing', 'reconnecting'].includes(state.value));

  /** The desktop app refused a pinned host's certificate: said in place of the join's vaguer failure. */
  const refusals = createRefusalMemory();
  bridge.onCertificateRefused?.((refusal) => {
    refusals.remember(refusal);
    const message = describeRefusal(refusal, server.value);
    if (inRoom.value) warning.value = message;
    else error.value = message;
  });

  const publishing = computed(() => state.value === 'publishing');
  const local = computed(() => participants.value.find((participant) => participant.isLocal) ?? null);
  const sharingScreen = computed(() => !!local.value?.screen);
  /** The LAN server whose guests can be invited: ours if we host, else the page's own. */
  const lanServer = computed(() => hosting.value ?? hostInfo.value?.hosted ?? null);
  const invites = computed(() => {
    const lan = lanServer.value;
    if (!lan || !roomId.value || !server.value) return [];
    // A host bound to loopback has no LAN address; the page's own address still invites this machine.
    const pages = lan.lanUrls.length
      ? lan.lanUrls
      : bridge.kind === 'browser'
        ? [new URL('./', location.href).href]
        : [];
    // Over HTTPS the invite carries the certificate's fingerprint, for the
    // guest to compare (and for an app joining through it to pin).
    return pages.map((url) => inviteLink(url, roomId.value, lan.server, lan.certificateFingerprint ?? null));
  });
  /** The LAN host's certificate fingerprint while in a room (null over plain HTTP). */
  const certificateFingerprint = computed(() =>
    roomId.value ? (lanServer.value?.certificateFingerprint ?? null) : null,
  );

  /** The room this app created by hosting: advertised on the LAN while this app is in it. */
  const hostedRoom = shallowRef<HostedRoom | null>(null);
  const advertKey = computed(() =>
    roomAdvertKey(hostedRoom.value, {
      roomId: roomId.value,
      inRoom: inRoom.value,
      members: participants.value.length,
    }),
  );
  watch(advertKey, (key) => {
    bridge
      .advertiseRoom(key ? (JSON.parse(key) as HostedRoomAdvert) : null)
      .catch((cause: unknown) =>
        console.warn('[huddle] the room could not be advertised on the network', cause),
      );
  });

  /**
   * What the app can host. A failure is shown, not dropped: in the desktop app
   * it means the main process refused this page (every other call would be
   * refused too), and its message, unwrapped by the bridge, says why.
   */
  async function loadHostInfo(): Promise<void> {
    try {
      hostInfo.value = await bridge.getHostInfo();
      markJoinStep('host-info');
    } catch (cause) {
      error.value = `The app could not say what it can host: ${describeError(cause)}`;
    }
  }

  async function join(form: JoinRequestForm): Promise<boolean> {
    markJoinStep('join-submitted');
    error.value = null;
    warning.value = null;
    notice.value = null;
    waitingInLobby.value = false;
    // Busy from the click on: an invite's certificate is trusted before the session starts.
    state.value = 'connecting';
    const notJoined = (message: string): false => {
      error.value = message;
      state.value = 'idle';
      return false;
    };
    const pin = pinForJoin(form.server, form.certificateFingerprint);
    if (pin && bridge.trustCertificate) {
      try {
        await bridge.trustCertificate(pin);
      } catch (cause) {
        return notJoined(`The invite's certificate fingerprint was not accepted: ${describeError(cause)}`);
      }
    }
    let next: RoomSession;
    try {
      next = new RoomSession({
        roomId: form.roomId,
        displayName: form.name,
        server: form.server,
        passcode: form.passcode,
        quality: quality.value,
        devices: { cameraId: settings.settings.cameraId, microphoneId: settings.settings.microphoneId },
        relayOnly: form.relayOnly ?? false,
        ...(form.iceServers?.length ? { iceServers: toRtcIceServers(form.iceServers) } : {}),
        fileSinks,
      });
    } catch (cause) {
      return notJoined(describeError(cause));
    }
    session = next;
    markJoinStep('session-created');
    chat.attach(next);
    files.attach(next);
    next.on('state', (value) => (state.value = value));
    next.on('participants', (list) => {
      participants.value = list.map((participant) => ({
        ...participant,
        stream: participant.stream && markRaw(participant.stream),
        screen: participant.screen && markRaw(participant.screen),
      }));
    });
    next.on('warning', (message) => (warning.value = message));
    next.on('access', (value) => (access.value = value));
    next.on('lobby', (entries) => (lobby.value = entries));
    next.on('waiting', () => (waitingInLobby.value = true));
    next.on('devices', (devices) => (activeDevices.value = devices));
    next.on('ended', (reason) => {
      notice.value = reason;
      if (session === next) session = null;
      participants.value = [];
    });
    roomId.value = next.roomId;
    server.value = form.server;
    try {
      await next.join();
      markJoinStep('joined');
      access.value = next.access;
      refusals.forget(form.server);
    } catch (cause) {
      if (session === next) session = null;
      state.value = 'idle';
      const refused = refusals.find(form.server);
      error.value = refused ? describeRefusal(refused, form.server) : describeError(cause);
      return false;
    } finally {
      waitingInLobby.value = false;
    }
    if (form.publishOnJoin) {
      await publish((await form.stream) ?? undefined);
      markJoinStep('published');
    } else stopStream(await form.stream);
    return true;
  }

  /** Hosts a room; `relay` asks the desktop app to run its TURN relay beside the host too. */
  type HostForm = Omit<JoinRequestForm, 'roomId' | 'server'> & { relay?: boolean };
  async function host(form: HostForm): Promise<boolean> {
    error.value = null;
    try {
      hosting.value = await bridge.startHosting({ relay: form.relay ?? false });
    } catch (cause) {
      error.value = `Could not start hosting: ${describeError(cause)}`;
      return false;
    }
    const room = generateRoomId();
    hostedRoom.value = { roomId: room, hostName: form.name, passcode: form.passcode !== '' };
    return join({ ...form, roomId: room, server: hosting.value.server });
  }

  async function publish(stream?: MediaStream): Promise<void> {
    if (!session) return;
    try {
      await session.publish(stream);
    } catch (cause) {
      stopStream(stream);
      warning.value = describeError(cause);
    }
  }

  function unpublish(): void {
    session?.unpublish();
  }

  /** Opens the browser's (or the desktop app's) picker; a cancelled or failed pick is told as a warning. */
  async function startScreenShare(): Promise<void> {
    if (!session) return;
    try {
      await session.startScreenShare();
    } catch (cause) {
      warning.value = describeError(cause);
    }
  }

  function stopScreenShare(): void {
    session?.stopScreenShare();
  }

  function toggleAudio(): void {
    if (session && local.value) session.setAudioMuted(!local.value.media.audioMuted);
  }

  function toggleVideo(): void {
    if (session && local.value) session.setVideoMuted(!local.value.media.videoMuted);
  }

  /** Host controls; the engine refuses them from anyone but the host. */
  function hostAction(action: (current: RoomSession) => void): void {
    if (!session) return;
    try {
      action(session);
    } catch (cause) {
      warning.value = describeError(cause);
    }
  }
  const setLocked = (locked: boolean): void => hostAction((current) => current.setLocked(locked));
  const setLobby = (on: boolean): void => hostAction((current) => current.setLobby(on));
  const letIn = (peerId: string, allow: boolean): void =>
    hostAction((current) => current.letIn(peerId, allow));
  const removeParticipant = (peerId: string): void =>
    hostAction((current) => current.removeParticipant(peerId));

  function setQuality(name: QualityPresetName): void {
    settings.update({ quality: name });
    session?.setQuality(name);
  }

  /**
   * The user picked a device. A camera or mic in use is switched at once; the
   * choice is remembered unless the device could not be opened.
   */
  async function chooseDevice(kind: DeviceKind, deviceId: string | null): Promise<void> {
    if (kind !== 'speaker' && session && !(await session.switchDevice(kind, deviceId))) return;
    settings.update(
      kind === 'camera'
        ? { cameraId: deviceId }
        : kind === 'microphone'
          ? { microphoneId: deviceId }
          : { speakerId: deviceId },
    );
  }

  /** How big the UI shows a member's camera or screen (device pixels; null: not shown): it sends no more. */
  function reportDisplaySize(peerId: string, stream: StreamKind, size: DisplaySize | null): void {
    session?.displays.set(peerId, stream, size);
  }

  /** The engine's session while there is one, for what reads it directly (statistics). */
  function roomSession(): RoomSession | null {
    return session;
  }

  function leave(): void {
    session?.leave();
    session = null;
    participants.value = [];
  }

  return {
    bridge,
    hostInfo,
    hosting,
    state,
    participants,
    roomId,
    server,
    error,
    warning,
    notice,
    access,
    lobby,
    waitingInLobby,
    quality,
    activeDevices,
    inRoom,
    publishing,
    sharingScreen,
    local,
    invites,
    certificateFingerprint,
    linkToOpen,
    openAppLink,
    takeLinkToOpen,
    loadHostInfo,
    join,
    host,
    publish,
    unpublish,
    startScreenShare,
    stopScreenShare,
    toggleAudio,
    toggleVideo,
    setQuality,
    chooseDevice,
    setLocked,
    setLobby,
    letIn,
    removeParticipant,
    reportDisplaySize,
    roomSession,
    leave,
  };
});
