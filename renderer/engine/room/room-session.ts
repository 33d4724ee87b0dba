/**
 * One member's session in one room: the conference engine's entry point.
 *
 * join():   claim our name's peer id and, at the same time, try the room's
 *           well-known keeper id. Holding it means we are first and keep the
 *           room; otherwise the keeper admits us and hands us the roster, and
 *           we dial every member (the newer member always dials).
 * publish(): send camera and mic on every member link; each member receives
 *           and shows it without asking (auto-subscribe).
 * startScreenShare(): send a screen, window or tab as a second stream on every
 *           link, announced by its stream id so members show it as its own tile.
 * leave():  say bye, close links, give up our ids, release the devices.
 *
 * This file owns the room: ids, admission, member links and their recovery.
 * What we send (camera, mic, screen, devices, quality) is OutgoingMedia's.
 * See PROTOCOL.md for the messages and their order.
 */
import type { DataConnection, Peer } from 'peerjs';
import type { RendezvousServer } from '../../bridge/host-bridge.js';
import { Emitter } from '../emitter.js';
import { HuddleError } from '../errors.js';
import { hasRelay, toRtcIceServers, type IceSettings } from '../media/ice-config.js';
import type { DeviceChoice, InputKind } from '../media/devices.js';
import { stopStream } from '../media/local-media.js';
import type { QualityPresetName } from '../media/quality.js';
import {
  checkDisplayName,
  checkRoomId,
  isMemberPeerIdOf,
  keeperPeerId,
  memberPeerId,
  nameFromMemberPeerId,
} from '../names.js';
import { PROTOCOL_VERSION, type MemberInfo, type RoomPolicy } from '../protocol/messages.js';
import { SessionState, workflowState, type ConnectionState, type WorkflowState } from '../session-state.js';
import { decideAdmission } from './admission.js';
import { askToJoin } from './ask-to-join.js';
import { RoomKeeper } from './keeper.js';
import { Lobby, type LobbyEntry } from './lobby.js';
import { PendingConnections } from './pending-connections.js';
import { defaultRecoveryPolicy, isProbe, PROBE, runRecovery, type RecoveryPolicy } from './link-recovery.js';
import { MemberLink, type RoomMessage } from './member-link.js';
import { OutgoingMedia, type ActiveDevices } from './outgoing-media.js';
import { expectedKeeper, RemoteParticipants, type Participant } from './participants.js';
import { createPeer, openPeer, type PeerFactory } from './rendezvous.js';
import { RendezvousReconnector } from './rendezvous-reconnector.js';

export interface RoomSessionOptions {
  roomId: string;
  displayName: string;
  server: RendezvousServer;
  /** STUN/TURN servers; by default those the rendezvous server's host hands out. */
  iceServers?: RTCIceServer[];
  /** Connect through the relay only (hides this member's IP addresses from peers). */
  relayOnly?: boolean;
  /** The room's passcode: set by whoever creates the room, proven by everyone joining it. */
  passcode?: string;
  maxMembers?: number;
  peerFactory?: PeerFactory;
  recoveryPolicy?: RecoveryPolicy;
  /** Latency versus quality; 'balanced' unless said otherwise. */
  quality?: QualityPresetName;
  /** The camera and microphone to publish from; the system defaults unless said otherwise. */
  devices?: DeviceChoice;
}

export type { ActiveDevices } from './outgoing-media.js';

/** How the room admits people, and whether this member may change it. */
export interface RoomAccess extends RoomPolicy {
  isHost: boolean;
  hasPasscode: boolean;
}

export interface RoomSessionEvents {
  /** The workflow state changed (idle, connecting, joined, publishing, reconnecting, left). */
  state: WorkflowState;
  /** Someone joined, left, or changed what they send; carries everyone, local member first. */
  participants: Participant[];
  /** Something went wrong that did not end the session. */
  warning: string;
  /** The room's admission policy changed (lock, lobby, removals, who is host). */
  access: RoomAccess;
  /** As host: the people waiting in the lobby. */
  lobby: LobbyEntry[];
  /** The session ended without the user leaving (removed by the host). */
  ended: string;
  /** Joining: the keeper put us in its lobby. */
  waiting: undefined;
  /** The camera or microphone being sent changed (published, switched, hot-plugged, stopped). */
  devices: ActiveDevices;
}

/** An admitted member that never connects is dropped from the roster after this. */
const ARRIVAL_TIMEOUT_MS = 20_000;
/** How long one attempt to bring a member link back gets before the next. */
const RECOVERY_ATTEMPT_MS = 3000;
/** A member link must carry a hello within this time of being made. */
const HELLO_TIMEOUT_MS = 15_000;
/** A connection from a peer we were not told was admitted waits this long for the word. */
const ADMISSION_WAIT_MS = 10_000;

export class RoomSession extends Emitter<RoomSessionEvents> {
  readonly roomId: string;
  readonly displayName: string;
  private readonly server: RendezvousServer;
  private readonly ice: IceSettings;
  private readonly maxMembers: number;
  private readonly peerFactory: PeerFactory;
  private readonly connection: SessionState;
  private readonly remote = new RemoteParticipants();
  private readonly links = new Map<string, MemberLink>();
  private me: MemberInfo | null = null;
  private memberPeer: Peer | null = null;
  private keeper: RoomKeeper | null = null;
  private keeperReconnector: RendezvousReconnector | null = null;
  private reconnector: RendezvousReconnector | null = null;
  /** What we send: camera and mic, screen, the quality preset. */
  private readonly outgoing: OutgoingMedia;
  private claimingKeeper = false;
  /** Random per session, told in every hello: lets a member tell a blip from a restart. */
  private readonly sessionId = Math.random().toString(36).slice(2, 12);
  /** Whether our own media path to any member goes through a relay; told to the room. */
  private relayed = false;
  private readonly relayedLinks = new Set<string>();
  /** A TURN server answered 401 on some connection: our relay credentials are wrong. */
  private relayRefused = false;
  private readonly recoveryPolicy: RecoveryPolicy;
  private passcode: string | null;
  private readonly passcodeOffered: string | null;
  private policy: RoomPolicy = { locked: false, lobby: false, removed: [] };
  private readonly lobby = new Lobby((entries) => this.emit('lobby', entries));
  private readonly pending = new PendingConnections(ADMISSION_WAIT_MS, (connection, reason) => {
    this.log(`refused a connection from ${connection.peer}: ${reason}`);
    connection.close();
  });
  /** Set while tearing down, so links closing on our own account are not taken for members leaving. */
  private closing = false;

  constructor(options: RoomSessionOptions) {
    super();
    this.roomId = checkRoomId(options.roomId);
    this.displayName = checkDisplayName(options.displayName);
    this.server = options.server;
    this.ice = {
      iceServers: options.iceServers ?? toRtcIceServers(options.server.iceServers),
      relayOnly: options.relayOnly ?? false,
    };
    this.maxMembers = options.maxMembers ?? 16;
    this.peerFactory = options.peerFactory ?? createPeer;
    this.recoveryPolicy = options.recoveryPolicy ?? defaultRecoveryPolicy;
    this.outgoing = new OutgoingMedia(
      {
        links: () => this.links.values(),
        inRoom: () => this.isInRoom(),
        log: (message, detail) => this.log(message, detail),
      },
      options.quality ?? 'balanced',
      options.devices ?? { cameraId: null, microphoneId: null },
    );
    this.outgoing.on('publishing', () => this.emit('state', this.state));
    this.outgoing.on('changed', () => this.emitParticipants());
    this.outgoing.on('devices', (devices) => this.emit('devices', devices));
    this.outgoing.on('warning', (warning) => this.emit('warning', warning));
    this.passcodeOffered = options.passcode?.trim() ? options.passcode : null;
    // Only a room's creator sets its passcode; a joiner keeps one only once the room asked for it.
    this.passcode = null;
    this.connection = new SessionState(
      () => this.emit('state', this.state),
      (message) => this.log(message),
    );
  }

  get state(): WorkflowState {
    return workflowState(this.connection.current, this.outgoing.state.publishing);
  }

  get connectionState(): ConnectionState {
    return this.connection.current;
  }

  get isKeeper(): boolean {
    return this.keeper !== null;
  }

  get access(): RoomAccess {
    return {
      ...this.policy,
      removed: [...this.policy.removed],
      isHost: this.isKeeper,
      hasPasscode: this.passcode !== null,
    };
  }

  get quality(): QualityPresetName {
    return this.outgoing.quality;
  }

  /** Switches the latency/quality preset for everything sent and received from now on. */
  setQuality(name: QualityPresetName): void {
    this.outgoing.setQuality(name);
  }

  get localMediaStream(): MediaStream | null {
    return this.outgoing.cameraStream;
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
    const local: Participant[] = this.me
      ? [
          {
            ...this.me,
            isLocal: true,
            isKeeper: this.isKeeper,
            status: 'connected',
            relayed: this.relayed,
            problem: null,
            media: this.outgoing.state,
            stream: this.outgoing.cameraStream,
            screen: this.outgoing.screenStream,
          },
        ]
      : [];
    const keeperId = expectedKeeper([...(this.me ? [this.me] : []), ...this.remote.infos()])?.peerId;
    const others = this.remote
      .all()
      .map((participant) => ({ ...participant, isKeeper: participant.peerId === keeperId }))
      .sort((a, b) => a.order - b.order);
    return [...local, ...others];
  }

  async join(): Promise<void> {
    if (this.connection.current !== 'idle') {
      throw new HuddleError('already-joined', 'This session has already joined or is joining.');
    }
    this.connection.set('connecting');
    try {
      await this.enterRoom();
      this.connection.set('joined');
      this.emitParticipants();
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

  leave(): void {
    const current = this.connection.current;
    if (current === 'left' || current === 'idle') return;
    // Give up the room's id before saying bye, so that by the time our
    // successor hears it and claims the id, the server has let it go.
    this.stopKeeping();
    for (const link of this.links.values()) link.send({ v: PROTOCOL_VERSION, type: 'bye' });
    this.closeEverything();
    this.connection.set('left');
    this.emitParticipants();
  }

  // ---- joining --------------------------------------------------------------

  private async enterRoom(): Promise<void> {
    const myId = memberPeerId(this.roomId, this.displayName);
    const peerOptions = { server: this.server, ice: this.ice };
    const taken = `The name '${this.displayName}' is already taken in this room.`;
    for (let attempt = 1; ; attempt++) {
      const [member, keeper] = await Promise.allSettled([
        this.memberPeer
          ? Promise.resolve(this.memberPeer)
          : openPeer(myId, peerOptions, taken, this.peerFactory),
        openPeer(keeperPeerId(this.roomId), peerOptions, 'keeper id held', this.peerFactory),
      ]);
      if (member.status === 'rejected') {
        if (keeper.status === 'fulfilled') keeper.value.destroy();
        throw member.reason;
      }
      if (!this.memberPeer) this.adoptMemberPeer(member.value);
      if (keeper.status === 'fulfilled') {
        // Nobody held the room's id: we are its first member and keep it.
        this.me = { peerId: myId, name: this.displayName, order: 0 };
        this.passcode = this.passcodeOffered;
        this.startKeeping(keeper.value);
        return;
      }
      const keeperError: unknown = keeper.reason;
      if (!(keeperError instanceof HuddleError) || keeperError.code !== 'name-taken') throw keeperError;
      try {
        let challenged = false;
        const accepted = await askToJoin({
          memberPeer: member.value,
          keeperId: keeperPeerId(this.roomId),
          roomId: this.roomId,
          name: this.displayName,
          passcode: this.passcodeOffered,
          onWaiting: () => this.emit('waiting', undefined),
          onChallenged: () => (challenged = true),
          relayConfigured: hasRelay(this.ice),
        });
        if (challenged) this.passcode = this.passcodeOffered;
        this.me = accepted.you;
        for (const info of accepted.roster) {
          if (info.peerId === myId) continue;
          this.remote.admit(info);
          this.dial(info.peerId);
        }
        return;
      } catch (error) {
        // The keeper may have left between our claim and our request: try again.
        if (error instanceof HuddleError && error.code === 'room-unreachable' && attempt < 3) continue;
        throw error;
      }
    }
  }

  private adoptMemberPeer(peer: Peer): void {
    this.memberPeer = peer;
    peer.on('connection', (connection) => this.accept(connection));
    peer.on('call', (call) => {
      this.log(`refused a media call from ${call.peer}: media comes only over member links`);
      call.close();
    });
    peer.on('error', (error) => {
      const unreachable = error.type === 'peer-unavailable' && /peer (\S+)$/u.exec(error.message)?.[1];
      if (unreachable) this.onPeerGone(unreachable);
      else this.log(`rendezvous: ${error.type} ${error.message}`);
    });
    this.reconnector = new RendezvousReconnector(peer, {
      onLost: () => {
        if (this.connection.current === 'joined') this.connection.set('reconnecting');
      },
      onRestored: () => {
        if (this.connection.current === 'reconnecting') this.connection.set('joined');
      },
      log: (message) => this.log(message),
    });
  }

  // ---- keeping the room -------------------------------------------------------

  private startKeeping(peer: Peer): void {
    // The room's id must come back after a server restart too, or joiners would find no one.
    this.keeperReconnector = new RendezvousReconnector(peer, {
      onLost: () => {},
      onRestored: () => {},
      log: (message) => this.log(`keeper: ${message}`),
    });
    this.keeper = new RoomKeeper(peer, {
      roomId: this.roomId,
      log: (message, detail) => this.log(message, detail),
      passcode: () => this.passcode,
      policy: () => this.policy,
      decide: (request, joinerPeerId) =>
        decideAdmission(request, joinerPeerId, {
          roomId: this.roomId,
          members: this.allMembers(),
          maxMembers: this.maxMembers,
        }),
      record: (member) => this.onAdmitted(member),
      rosterFor: (joinerPeerId) => this.allMembers().filter((member) => member.peerId !== joinerPeerId),
      askHost: (joinerPeerId, name, cancelled) => this.lobby.wait(joinerPeerId, name, cancelled),
      unreachable: (joinerPeerId) => {
        const name = nameFromMemberPeerId(this.roomId, joinerPeerId) ?? 'Someone';
        const why = hasRelay(this.ice) ? 'not even through the relay' : 'there is no relay (TURN) server';
        this.emit('warning', `${name} tried to join but could not connect: ${why}.`);
      },
    });
    // A new keeper is the room's authority from now on: tell everyone how it
    // admits people, and see that everyone still joining arrives.
    for (const link of this.links.values()) this.sendRoomState(link);
    for (const participant of this.remote.all()) {
      if (participant.status === 'joining') this.expectArrival(participant.peerId);
    }
    this.emitAccess();
    this.emitParticipants();
  }

  /** As keeper: what a member must know from us — the policy and everyone admitted. */
  private sendRoomState(link: MemberLink): void {
    if (!this.keeper) return;
    link.send({ v: PROTOCOL_VERSION, type: 'room-policy', policy: this.policy });
    for (const member of this.remote.infos()) {
      if (member.peerId !== link.peerId) link.send({ v: PROTOCOL_VERSION, type: 'member-admitted', member });
    }
  }

  // ---- host controls (the keeper is the host) ---------------------------------

  setLocked(locked: boolean): void {
    this.changePolicy({ ...this.policy, locked });
  }

  setLobby(lobby: boolean): void {
    this.changePolicy({ ...this.policy, lobby });
    if (!lobby) this.lobby.clear(true);
  }

  letIn(peerId: string, letIn: boolean): void {
    this.requireHost();
    this.lobby.decide(peerId, letIn);
  }

  /** Removes a member: everyone drops its media and refuses it from now on. */
  removeParticipant(peerId: string): void {
    this.requireHost();
    if (!this.remote.get(peerId)) return;
    const link = this.links.get(peerId);
    link?.send({ v: PROTOCOL_VERSION, type: 'removed' });
    this.changePolicy({ ...this.policy, removed: [...new Set([...this.policy.removed, peerId])] });
    // Give the removed member a moment to read why before the link goes.
    setTimeout(() => link?.close('removed by the host'), 500);
  }

  private requireHost(): void {
    if (!this.keeper) throw new HuddleError('not-host', 'Only the host can do that.');
  }

  private changePolicy(policy: RoomPolicy): void {
    this.requireHost();
    this.policy = policy;
    for (const link of this.links.values()) link.send({ v: PROTOCOL_VERSION, type: 'room-policy', policy });
    this.applyPolicy();
  }

  /** Drops anyone the policy removed: their link (and with it their media), their place in the room. */
  private applyPolicy(): void {
    for (const peerId of this.policy.removed) {
      this.pending.drop(peerId, 'removed from the room');
      if (!this.remote.get(peerId)) continue;
      const link = this.links.get(peerId);
      // The host closes its own link a moment later, after telling the member why.
      if (link && this.keeper) continue;
      if (link) link.close('removed from the room');
      else this.removeMember(peerId);
    }
    this.emitAccess();
  }

  private onAdmitted(member: MemberInfo): void {
    this.remote.admit(member);
    this.releasePending(member.peerId);
    for (const link of this.links.values()) {
      if (link.peerId !== member.peerId) link.send({ v: PROTOCOL_VERSION, type: 'member-admitted', member });
    }
    this.expectArrival(member.peerId);
    this.emitParticipants();
  }

  /** As keeper: a member still "joining" with no open link after a while is dropped from the room. */
  private expectArrival(peerId: string): void {
    setTimeout(() => {
      const participant = this.remote.get(peerId);
      if (this.keeper && participant?.status === 'joining' && !this.links.get(peerId)?.isOpen) {
        this.log(`${participant.name} was admitted but never arrived`);
        this.removeMember(peerId);
      }
    }, ARRIVAL_TIMEOUT_MS);
  }

  /** When the keeper has gone, the oldest remaining member takes its id. */
  private async takeOverKeeperIfOldest(): Promise<void> {
    if (this.keeper || this.claimingKeeper || !this.me) return;
    if (expectedKeeper(this.allMembers())?.peerId !== this.me.peerId) return;
    this.claimingKeeper = true;
    const options = { server: this.server, ice: this.ice, timeoutMs: 5000 };
    // The server frees the old keeper's id only when it notices the old socket close.
    for (let delay = 100; this.isInRoom(); delay = Math.min(delay * 2, 4000)) {
      try {
        const peer = await openPeer(keeperPeerId(this.roomId), options, 'keeper id held', this.peerFactory);
        if (!this.isInRoom()) {
          peer.destroy();
          break;
        }
        this.log('took over keeping the room');
        this.startKeeping(peer);
        break;
      } catch (error) {
        this.log(
          `could not take over the room's id yet: ${error instanceof Error ? error.message : String(error)}`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
    this.claimingKeeper = false;
  }

  // ---- member links -----------------------------------------------------------

  private dial(peerId: string): void {
    const connection = this.memberPeer?.connect(peerId, { serialization: 'raw', reliable: true });
    if (connection) this.attach(connection, this.isPoliteTo(peerId, true));
  }

  /**
   * The newer member of a pair (the higher order) is the polite side of
   * negotiation and the one that dials again after an interruption. Both
   * sides work this out from the same orders, so they always agree, even
   * when the older member is the one that dialed (it restarted and came
   * back under its old order).
   */
  private isPoliteTo(peerId: string, dialed: boolean): boolean {
    const theirs = this.remote.get(peerId)?.order;
    if (!this.me || theirs === undefined) return dialed;
    return this.me.order > theirs;
  }

  /**
   * Only admitted members get a link: media and room messages from anyone
   * else never reach the page (the onPeerConnect of the Flash original).
   */
  private accept(connection: DataConnection): void {
    const peerId = connection.peer;
    const refuse = (reason: string): void => {
      this.log(`refused a connection from ${peerId}: ${reason}`);
      connection.close();
    };
    if (!isMemberPeerIdOf(this.roomId, peerId) || peerId === this.me?.peerId) {
      refuse('not a member id of this room');
    } else if (isProbe(connection.metadata)) {
      // Only asked whether we are still here; arriving was the answer. It also
      // says the member lost our link: if we are its dialer, dial now.
      connection.close();
      this.links.get(peerId)?.memberLostLink();
    } else if (this.policy.removed.includes(peerId)) {
      refuse('removed from the room');
    } else if (this.links.get(peerId)) {
      // The member dialed again: its side of our link died. Same link, new channel.
      this.log(`${peerId} reconnected its link`);
      this.links.get(peerId)?.reattach(connection);
    } else if (this.remote.get(peerId)) {
      this.attach(connection, this.isPoliteTo(peerId, false));
    } else {
      this.pending.hold(connection);
    }
  }

  private releasePending(peerId: string): void {
    const held = this.pending.release(peerId);
    if (!held) return;
    const link = this.attach(held.connection, this.isPoliteTo(peerId, false));
    for (const data of held.buffered) link.receive(data);
  }

  private attach(connection: DataConnection, polite: boolean): MemberLink {
    const peerId = connection.peer;
    this.links.get(peerId)?.close('replaced by a newer connection');
    const link = new MemberLink({
      connection,
      polite,
      ice: this.ice,
      log: (message, detail) => this.log(message, detail),
    });
    this.links.set(peerId, link);
    this.outgoing.shareQuality();
    link.on('open', () => {
      this.log(`link to ${peerId} open`);
      if (!this.me) return;
      link.send({
        v: PROTOCOL_VERSION,
        type: 'hello',
        member: this.me,
        media: this.outgoing.state,
        session: this.sessionId,
        relayed: this.relayed,
      });
      this.sendRoomState(link);
      this.outgoing.sendTo(link);
    });
    link.on('message', (message) => this.onPeerMessage(link, message));
    // A link is for members: one that never introduces itself is closed.
    setTimeout(() => {
      if (this.links.get(peerId) === link && this.remote.get(peerId)?.status === 'joining') {
        link.close('it never said hello');
      }
    }, HELLO_TIMEOUT_MS);
    link.on('media-connection', (state) => this.log(`media to ${peerId}: ${state}`));
    link.on('relayed', (relayed) => this.onLinkPath(peerId, relayed));
    link.on('relay-refused', () => {
      this.relayRefused = true;
      this.emit('warning', 'The relay server refused our credentials.');
    });
    link.on('interrupted', (reason) => this.onLinkInterrupted(link, reason));
    link.on('remote-stream', (stream) => {
      this.remote.update(peerId, { stream });
      this.emitParticipants();
    });
    link.on('remote-screen', (screen) => {
      this.remote.update(peerId, { screen });
      this.emitParticipants();
    });
    link.on('closed', ({ reason }) => {
      if (this.closing || this.links.get(peerId) !== link) return;
      this.links.delete(peerId);
      this.outgoing.shareQuality();
      this.onLinkPath(peerId, false);
      this.log(`link to ${peerId} closed: ${reason}`);
      this.removeMember(peerId);
    });
    return link;
  }

  private onPeerMessage(link: MemberLink, message: RoomMessage): void {
    const peerId = link.peerId;
    switch (message.type) {
      case 'hello': {
        const { member } = message;
        if (member.peerId !== peerId || memberPeerId(this.roomId, member.name) !== peerId) {
          this.log(`closing link to ${peerId}: its hello names someone else`);
          link.close('hello did not match the connection');
          return;
        }
        if (link.helloReceived(message.session) === 'restarted') {
          // It restarted (crashed and came back): nothing of the old media is valid.
          this.log(`${peerId} came back as a new session; starting its media afresh`);
          this.outgoing.sendTo(link);
        }
        link.setRemoteScreen(message.media.screen ?? null);
        const known = this.remote.get(peerId);
        this.remote.admit(known ? { ...member, order: known.order } : member);
        this.remote.update(peerId, {
          status: 'connected',
          media: message.media,
          relayed: message.relayed,
          problem: null,
        });
        break;
      }
      case 'member-admitted':
        if (!this.isFromKeeper(peerId) || message.member.peerId === this.me?.peerId) return;
        if (this.policy.removed.includes(message.member.peerId)) return;
        this.remote.admit(message.member);
        this.releasePending(message.member.peerId);
        break;
      case 'room-policy':
        if (!this.isFromKeeper(peerId) || this.keeper) return;
        this.policy = message.policy;
        this.applyPolicy();
        break;
      case 'removed':
        if (!this.isFromKeeper(peerId)) return;
        this.endSession('You were removed from the room by the host.');
        return;
      case 'member-dropped':
        if (!this.isFromKeeper(peerId) || this.links.get(message.peerId)?.isOpen) return;
        this.removeMember(message.peerId);
        return;
      case 'media-state':
        this.remote.update(peerId, { media: message.media });
        if (!message.media.publishing) link.dropIncoming();
        link.setRemoteScreen(message.media.screen ?? null);
        break;
      case 'path':
        this.remote.update(peerId, { relayed: message.relayed });
        break;
      case 'bye':
        link.close('left the room');
        return;
    }
    this.emitParticipants();
  }

  /**
   * The server could not deliver to `peerId`: it is gone. A link that never
   * opened will not now; a member that never arrived will not either.
   */
  private onPeerGone(peerId: string): void {
    this.pending.drop(peerId, 'the peer is gone');
    const link = this.links.get(peerId);
    if (link && !link.isOpen) link.close('the peer is gone');
    else if (!link && this.keeper && this.remote.get(peerId)?.status === 'joining') this.removeMember(peerId);
  }

  /**
   * A member link lost its channel without a bye. The member is shown as
   * reconnecting; the dialer dials again under the recovery policy, the
   * other side waits for it; if the policy gives up, the member is gone.
   */
  private onLinkInterrupted(link: MemberLink, reason: string): void {
    const peerId = link.peerId;
    const name = this.remote.get(peerId)?.name ?? peerId;
    this.log(`link to ${peerId} interrupted: ${reason}`);
    this.remote.update(peerId, { status: 'reconnecting' });
    this.emitParticipants();
    runRecovery({
      policy: this.recoveryPolicy,
      attemptMs: RECOVERY_ATTEMPT_MS,
      stillDown: () => this.links.get(peerId) === link && link.isInterrupted && this.isInRoom(),
      attempt: () => {
        // The dialer brings the link back. The other side only checks that the
        // member still exists: the server answers "unavailable" for a member
        // that is gone (crashed, closed), and then it is removed at once.
        if (link.polite) {
          const connection = this.memberPeer?.connect(peerId, { serialization: 'raw', reliable: true });
          if (connection) link.reattach(connection);
        } else {
          const probe = this.memberPeer?.connect(peerId, { serialization: 'raw', metadata: PROBE });
          setTimeout(() => probe?.close(), RECOVERY_ATTEMPT_MS);
        }
      },
      giveUp: () => {
        // The pair has failed, not the member: it stays listed, marked with why,
        // until the room drops it or it comes back and dials again.
        const why = this.relayRefused
          ? 'the relay refused our credentials'
          : hasRelay(this.ice)
            ? 'not even through the relay'
            : 'no relay available';
        const problem = `Can't reach ${name}: ${why}.`;
        this.emit('warning', problem);
        this.links.delete(peerId);
        this.outgoing.shareQuality();
        link.close(`could not reconnect (${why})`);
        this.remote.update(peerId, { status: 'unreachable', problem, stream: null, screen: null });
        this.emitParticipants();
      },
    });
  }

  /** Our own path to one member changed; the room is told when our overall state flips. */
  private onLinkPath(peerId: string, relayed: boolean): void {
    if (relayed) this.relayedLinks.add(peerId);
    else this.relayedLinks.delete(peerId);
    const now = this.relayedLinks.size > 0;
    if (now === this.relayed) return;
    this.relayed = now;
    this.log(now ? 'connected through a relay' : 'connected directly');
    for (const link of this.links.values()) link.send({ v: PROTOCOL_VERSION, type: 'path', relayed: now });
    this.emitParticipants();
  }

  private isFromKeeper(peerId: string): boolean {
    return expectedKeeper(this.allMembers())?.peerId === peerId;
  }

  private removeMember(peerId: string): void {
    const wasKeeper = this.isFromKeeper(peerId);
    const gone = this.remote.remove(peerId);
    this.links.get(peerId)?.close('removed from the room');
    if (gone) [gone.stream, gone.screen].forEach(stopStream);
    // The keeper's roster is the room's: members that never had a link to
    // the one gone would otherwise keep it as "joining".
    if (gone && this.keeper) {
      for (const link of this.links.values())
        link.send({ v: PROTOCOL_VERSION, type: 'member-dropped', peerId });
    }
    this.emitParticipants();
    if (wasKeeper) void this.takeOverKeeperIfOldest();
  }

  // ---- helpers -------------------------------------------------------------------

  private allMembers(): MemberInfo[] {
    return [...(this.me ? [this.me] : []), ...this.remote.infos()];
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

  private closeEverything(): void {
    this.closing = true;
    this.pending.clear();
    this.lobby.clear();
    for (const link of [...this.links.values()]) link.close('session closed');
    this.links.clear();
    this.remote.clear();
    this.stopKeeping();
    this.reconnector?.stop();
    this.reconnector = null;
    this.memberPeer?.destroy();
    this.memberPeer = null;
    this.outgoing.release();
    this.closing = false;
  }

  private stopKeeping(): void {
    this.keeperReconnector?.stop();
    this.keeperReconnector = null;
    this.keeper?.close();
    this.keeper = null;
  }

  private emitAccess(): void {
    this.emit('access', this.access);
  }

  private emitParticipants(): void {
    this.emit('participants', this.participants());
  }

  private log(message: string, detail?: unknown): void {
    if (detail === undefined) console.info(`[huddle] ${message}`);
    else console.warn(`[huddle] ${message}`, detail);
  }
}
