/**
 * One member's session in one room: the conference engine's entry point,
 * and the facade over its parts.
 *
 * join():   enter the room (room-entry.ts): open it, or be admitted by its
 *           keeper and dial every member (member-links.ts).
 * publish(): send camera and mic on every link; members show it unasked (auto-subscribe).
 * startScreenShare(): send a screen, window or tab as a second stream on every
 *           link, announced by its stream id so members show it as its own tile.
 * sendChat(): a text message to everyone or to one member (room-chat.ts).
 * files:    files offered to everyone or to one member, and to us (files/room-files.ts).
 * displays: what we show of each member's video; it sends us no more (display-reports.ts).
 * leave():  say bye, close links, give up our ids, release the devices.
 *
 * The parts: RoomContext (what they share), MemberLinks (the links and their
 * recovery), RoomHosting (keeping the room, host controls, succession),
 * handleRoomMessage (what each message does), OutgoingMedia (what we send),
 * RoomChat (the chat and the history late joiners get), RoomFiles (file transfers).
 * The one place that speaks PeerJS is rendezvous/peerjs-rendezvous.ts. See PROTOCOL.md
 * for the messages and their order, and CLOSING.md for what closing the session closes.
 */
import { Emitter } from '../emitter.js';
import { HuddleError } from '../errors.js';
import type { InputKind } from '../media/devices.js';
import { toRtcIceServers } from '../media/ice-config.js';
import type { QualityPresetName } from '../media/quality.js';
import { checkDisplayName, checkRoomId } from '../names.js';
import { memorySinks } from '../files/file-store.js';
import { RoomFiles } from '../files/room-files.js';
import { MEMBER_FEATURES } from '../protocol/messages.js';
import { PeerGroup } from '../rendezvous/peer-group.js';
import { PeerJsRendezvous } from '../rendezvous/peerjs-rendezvous.js';
import type { RendezvousPeer } from '../rendezvous/rendezvous-port.js';
import { RendezvousReconnector } from '../rendezvous/rendezvous-reconnector.js';
import { SessionState, workflowState, type ConnectionState, type WorkflowState } from '../session-state.js';
import { DisplayReports } from './display-reports.js';
import { MemberLinks } from './member-links.js';
import { OutgoingMedia, type ActiveDevices } from './outgoing-media.js';
import type { Participant } from './participants.js';
import { RelayPaths } from './relay-paths.js';
import { RoomChat, type ChatLine } from './room-chat.js';
import type { RoomContext } from './room-context.js';
import { enterRoom, releasedOwnId } from './room-entry.js';
import { returnToRoom } from './room-return.js';
import { RoomHosting } from './room-hosting.js';
import { handleRoomMessage } from './room-messages.js';
import { Roster } from './roster.js';
import type { RoomAccess, RoomSessionEvents, RoomSessionOptions } from './room-session-types.js';

export type { ActiveDevices } from './outgoing-media.js';
export type { RoomAccess, RoomSessionEvents, RoomSessionOptions } from './room-session-types.js';

/** The engine's one log line format: `[huddle] …`, a warning when there is detail. */
function log(message: string, detail?: unknown): void {
  if (detail === undefined) console.info(`[huddle] ${message}`);
  else console.warn(`[huddle] ${message}`, detail);
}

export class RoomSession extends Emitter<RoomSessionEvents> {
  readonly roomId: string;
  readonly displayName: string;
  private readonly ctx: RoomContext;
  private readonly connection: SessionState;
  private readonly links: MemberLinks;
  private readonly hosting: RoomHosting;
  private readonly relay: RelayPaths;
  /** What we send: camera and mic, screen, the quality preset. */
  private readonly outgoing: OutgoingMedia;
  /** The room's chat as we see it, and the history we give members who arrive later. */
  private readonly chat: RoomChat;
  /** Files we offer and are offered: `session.files.send(…)`, `.accept(key)`, `.on('changed', …)`. */
  readonly files: RoomFiles;
  /** What we show of each member's video, in device pixels (null: not shown): `.set(peerId, 'camera', size)`. */
  readonly displays: DisplayReports;
  private memberPeer: RendezvousPeer | null = null;
  private reconnector: RendezvousReconnector | null = null;
  private readonly passcodeOffered: string | null;

  constructor(options: RoomSessionOptions) {
    super();
    this.roomId = checkRoomId(options.roomId);
    this.displayName = checkDisplayName(options.displayName);
    const ice = {
      iceServers: options.iceServers ?? toRtcIceServers(options.server.iceServers),
      relayOnly: options.relayOnly ?? false,
    };
    this.passcodeOffered = options.passcode?.trim() ? options.passcode : null;
    this.connection = new SessionState(
      () => this.emit('state', this.state),
      (message) => log(message),
    );
    this.ctx = {
      roomId: this.roomId,
      displayName: this.displayName,
      ice,
      rendezvous: options.rendezvous ?? new PeerJsRendezvous(options.server, ice),
      rendezvousPeers: new PeerGroup(),
      sessionId: Math.random().toString(36).slice(2, 12),
      roster: new Roster(),
      policy: { locked: false, lobby: false, removed: [] },
      // Only a room's creator sets its passcode; a joiner keeps one only once the room asked for it.
      passcode: null,
      inRoom: () => this.isInRoom(),
      log,
      warn: (message) => this.emit('warning', message),
      changed: () => {
        this.hosting.rosterChanged();
        this.emitParticipants();
      },
    };
    this.outgoing = new OutgoingMedia(
      { links: () => this.links.all(), inRoom: () => this.isInRoom(), log: this.ctx.log },
      options.quality ?? 'balanced',
      options.devices ?? { cameraId: null, microphoneId: null },
    );
    this.outgoing.on('publishing', () => this.emit('state', this.state));
    this.outgoing.on('changed', () => this.emitParticipants());
    this.outgoing.on('devices', (devices) => this.emit('devices', devices));
    this.outgoing.on('warning', (warning) => this.emit('warning', warning));
    this.relay = new RelayPaths(this.ctx, (relayed) => this.links.send({ type: 'path', relayed }));
    this.links = new MemberLinks(
      this.ctx,
      {
        opened: (link) => {
          const me = this.ctx.roster.me;
          if (!me) return;
          link.send({
            type: 'hello',
            member: me,
            media: this.outgoing.state,
            session: this.ctx.sessionId,
            relayed: this.relay.relayed,
            features: [...MEMBER_FEATURES],
          });
          this.hosting.sendRoomState(link);
          this.outgoing.sendTo(link);
        },
        message: (link, message) =>
          handleRoomMessage(
            {
              ctx: this.ctx,
              links: this.links,
              hosting: this.hosting,
              chat: this.chat,
              files: this.files,
              displays: this.displays,
              removed: () => this.endSession('You were removed from the room by the host.'),
            },
            link,
            message,
          ),
        renewed: (link) => this.outgoing.sendTo(link),
        gone: (peerId) => {
          this.files.memberGone(peerId);
          this.displays.forget(peerId);
          if (this.isInRoom()) this.hosting.memberGone(peerId);
        },
        countChanged: () => this.outgoing.shareQuality(),
        relayed: (peerId, relayed) => this.relay.update(peerId, relayed),
        relayRefused: () => this.relay.relayRefused(),
        noPathReason: () => this.relay.noPathReason(),
        unreachable: (peerId) => this.hosting.joinerUnreachable(peerId),
        transfer: (connection) => this.files.channel(connection),
      },
      options.recoveryPolicy,
    );
    this.chat = new RoomChat(this.ctx, this.links);
    this.chat.on('changed', (lines) => this.emit('chat', lines));
    this.chat.on('arrived', (lines) => this.emit('chat-arrived', lines));
    this.files = new RoomFiles(this.ctx, this.links, options.fileSinks ?? memorySinks());
    this.displays = new DisplayReports((peerId) => this.links.get(peerId));
    this.hosting = new RoomHosting(this.ctx, this.links, options.maxMembers ?? 16, {
      accessChanged: () => this.emit('access', this.access),
      lobbyChanged: (entries) => this.emit('lobby', entries),
      steppedDown: () => void this.returnToRoom(),
      checkPlace: () => this.returnToRoom(),
    });
  }

  get state(): WorkflowState {
    return workflowState(this.connection.current, this.outgoing.state.publishing);
  }

  get connectionState(): ConnectionState {
    return this.connection.current;
  }

  get isKeeper(): boolean {
    return this.hosting.isKeeper;
  }

  get access(): RoomAccess {
    return this.hosting.access;
  }

  get quality(): QualityPresetName {
    return this.outgoing.quality;
  }

  /** Switches the latency/quality preset for everything sent and received from now on. */
  setQuality(name: QualityPresetName): void {
    this.outgoing.setQuality(name);
  }

  get sharingScreen(): boolean {
    return this.outgoing.screenStream !== null;
  }

  get activeDevices(): ActiveDevices {
    return this.outgoing.activeDevices;
  }

  /** The media connection to one member, for statistics and tests. */
  mediaConnectionTo(peerId: string): RTCPeerConnection | undefined {
    return this.links.get(peerId)?.mediaConnection;
  }

  participants(): Participant[] {
    return this.ctx.roster.participants({
      isKeeper: this.isKeeper,
      relayed: this.relay.relayed,
      media: this.outgoing.state,
      stream: this.outgoing.cameraStream,
      screen: this.outgoing.screenStream,
    });
  }

  async join(): Promise<void> {
    if (this.connection.current !== 'idle') {
      throw new HuddleError('already-joined', 'This session has already joined or is joining.');
    }
    this.connection.set('connecting');
    try {
      const entered = await enterRoom(this.ctx, {
        passcode: this.passcodeOffered,
        onMemberPeer: (peer) => this.adoptMemberPeer(peer),
        onWaiting: () => this.emit('waiting', undefined),
      });
      const { roster } = this.ctx;
      const myPeerId = this.memberPeer?.id ?? '';
      if (entered.opened) {
        roster.me = { peerId: myPeerId, name: this.displayName, order: 0 };
        this.ctx.passcode = this.passcodeOffered;
        this.hosting.startKeeping(entered.keeperPeer);
      } else {
        if (entered.challenged) this.ctx.passcode = this.passcodeOffered;
        roster.me = entered.accepted.you;
        for (const info of entered.accepted.roster) {
          if (info.peerId === myPeerId) continue;
          roster.others.admit(info);
          this.links.meet(info.peerId, entered.accepted.kept);
        }
      }
      this.connection.set('joined');
      this.ctx.changed();
    } catch (error) {
      this.closeEverything();
      if (this.connectionState === 'connecting') this.connection.set('idle');
      throw error;
    }
  }

  /** Starts sending camera and mic (or `stream`) to everyone in the room. */
  async publish(stream?: MediaStream): Promise<void> {
    this.requireJoined('publish');
    await this.outgoing.publish(stream);
  }

  /** Stops sending and releases the camera and mic. */
  unpublish(): void {
    this.outgoing.unpublish();
  }

  /** Sends another camera or microphone instead of the one in use; see OutgoingMedia.switchDevice. */
  switchDevice(kind: InputKind, deviceId: string | null): Promise<boolean> {
    return this.outgoing.switchDevice(kind, deviceId);
  }

  /** Shares a screen, window or tab (or `stream`) with everyone, as a tile of its own. */
  async startScreenShare(stream?: MediaStream): Promise<void> {
    this.requireJoined('share your screen');
    await this.outgoing.startScreenShare(stream);
  }

  /** Stops sharing the screen; camera and mic are untouched. */
  stopScreenShare(): void {
    this.outgoing.stopScreenShare();
  }

  setAudioMuted(muted: boolean): void {
    this.outgoing.setAudioMuted(muted);
  }

  setVideoMuted(muted: boolean): void {
    this.outgoing.setVideoMuted(muted);
  }

  /** Sends a chat message to everyone (`to` null) or to one member; see RoomChat.send. */
  sendChat(text: string, to: string | null): ChatLine {
    this.requireJoined('send a message');
    return this.chat.send(text, to);
  }

  // ---- host controls (the keeper is the host) ---------------------------------

  setLocked(locked: boolean): void {
    this.hosting.setLocked(locked);
  }

  setLobby(lobby: boolean): void {
    this.hosting.setLobby(lobby);
  }

  letIn(peerId: string, letIn: boolean): void {
    this.hosting.letIn(peerId, letIn);
  }

  /** Removes a member: everyone drops its media and refuses it from now on. */
  removeParticipant(peerId: string): void {
    this.hosting.remove(peerId);
  }

  leave(): void {
    const current = this.connection.current;
    if (current === 'left' || current === 'idle') return;
    // The room's id goes back before our bye, its connections (links of
    // members who joined through it) only after it: see releaseRoomId.
    this.hosting.releaseRoomId();
    this.links.send({ type: 'bye' });
    this.closeEverything();
    this.connection.set('left');
    this.emitParticipants();
  }

  private adoptMemberPeer(peer: RendezvousPeer): void {
    this.memberPeer = peer;
    this.links.use(peer);
    this.reconnector = new RendezvousReconnector(peer, {
      onLost: () => {
        if (this.connection.current === 'joined') this.connection.set('reconnecting');
      },
      onRestored: (awayMs) => {
        if (this.connection.current === 'reconnecting') this.connection.set('joined');
        // Links we could not redial meanwhile try again now; and the room may have dropped us (room-return.ts).
        this.links.retryInterrupted();
        void this.returnToRoom(awayMs);
      },
      onIdTaken: () =>
        this.endSession(
          `Your connection was away too long: someone else now uses the name '${this.displayName}' in this room.`,
        ),
      log,
      group: this.ctx.rendezvousPeers,
    });
  }

  /** Asks the keeper (a keeper: the deputy) whether the room still counts us in, after `awayMs` away. */
  private async returnToRoom(awayMs = Infinity): Promise<boolean> {
    const { ctx, links, hosting, memberPeer } = this;
    if (!memberPeer || !this.isInRoom()) return false;
    return returnToRoom({ ctx, links, hosting, memberPeer, end: (why) => this.endSession(why) }, awayMs);
  }

  private isInRoom(): boolean {
    const state = this.connection.current;
    return state === 'joined' || state === 'reconnecting';
  }

  private requireJoined(action: string): void {
    if (!this.isInRoom()) {
      throw new HuddleError('not-joined', `Join a room before you ${action}.`);
    }
  }

  /** Ends the session for a reason other than the user leaving. */
  private endSession(reason: string): void {
    this.leave();
    this.emit('ended', reason);
  }

  /** Closes everything the session holds, in the order CLOSING.md gives. */
  private closeEverything(): void {
    this.hosting.close();
    this.links.closeAll();
    this.ctx.roster.clear();
    this.reconnector?.stop();
    this.reconnector = null;
    if (this.memberPeer) releasedOwnId(this.memberPeer.id);
    this.memberPeer?.destroy();
    this.memberPeer = null;
    this.outgoing.release();
    this.chat.clear();
    this.files.clear();
    this.displays.clear();
  }

  private emitParticipants(): void {
    this.emit('participants', this.participants());
  }
}
