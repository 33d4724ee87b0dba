/**
 * Keeping the room: the member with the lowest admission order holds the
 * room's well-known id, admits joiners (RoomKeeper), and is the room's host
 * — it locks the room, keeps a lobby, removes people. When it goes, the next
 * in order takes the id over. Every member runs this part: only the keeper
 * acts on joiners and policy, but everyone applies the keeper's policy and
 * watches for its departure.
 */
import { OwnedTimers } from '../owned-timers.js';
import { stopStream } from '../media/local-media.js';
import { hasRelay } from '../media/ice-config.js';
import { HuddleError } from '../errors.js';
import { keeperPeerId, nameFromMemberPeerId } from '../names.js';
import type { MemberInfo, RoomPolicy } from '../protocol/messages.js';
import type { RendezvousPeer } from '../rendezvous/rendezvous-port.js';
import { RendezvousReconnector } from '../rendezvous/rendezvous-reconnector.js';
import { Retrier, takeoverRetry } from '../retry-policy.js';
import { decideAdmission } from './admission.js';
import { KEEPER_VANISHED_AFTER_MS, RoomDeputy } from './deputy.js';
import { RoomKeeper } from './keeper.js';
import { Lobby, type LobbyEntry } from './lobby.js';
import type { MemberLink } from './member-link.js';
import type { MemberLinks } from './member-links.js';
import type { RoomContext } from './room-context.js';
import type { RoomAccess } from './room-session-types.js';

/** An admitted member that never connects is dropped from the roster after this. */
const ARRIVAL_TIMEOUT_MS = 20_000;
/** A removed member gets this long to read why before its link goes. */
const REMOVAL_NOTICE_MS = 500;

export interface RoomHostingHooks {
  /** Who is host, or how the room admits people, changed. */
  accessChanged(): void;
  /** The people waiting in the lobby changed. */
  lobbyChanged(entries: LobbyEntry[]): void;
  /** We kept the room, and while we were away another member took its id: we are a member again. */
  steppedDown(): void;
  /** As keeper, our links were interrupted a while: ask the deputy whether the room moved on without us (false: no answer). */
  checkPlace(): Promise<boolean>;
}

/** How often a keeper with interrupted links looks whether to check its place. */
const PLACE_CHECK_INTERVAL_MS = 1000;

export class RoomHosting {
  private keeper: RoomKeeper | null = null;
  /** Whether we hold the keeper id itself (a deputy keeps the room before it does). */
  private keeperIdHeld = false;
  private keeperReconnector: RendezvousReconnector | null = null;
  private takeover: Retrier | null = null;
  private placeCheck: ReturnType<typeof setInterval> | null = null;
  private checkingPlace = false;
  /** We stepped down as keeper and wait to be admitted again: our roster is stale, so we claim nothing. */
  private standingAside = false;
  /** Cleared once the deputy answered during one spell of interrupted links; set again when they are whole. */
  private placeCheckArmed = true;
  private readonly deputy: RoomDeputy;
  private readonly lobby: Lobby;
  private readonly timers = new OwnedTimers();

  constructor(
    private readonly ctx: RoomContext,
    private readonly links: MemberLinks,
    private readonly maxMembers: number,
    private readonly hooks: RoomHostingHooks,
  ) {
    this.lobby = new Lobby((entries) => hooks.lobbyChanged(entries));
    this.deputy = new RoomDeputy(ctx, links, {
      keeper: () => this.keeper,
      holdsKeeperId: () => this.keeperIdHeld,
      mayKeep: () => !this.standingAside,
      keepRoom: (vanishedKeeper) => this.keepRoom(vanishedKeeper),
    });
  }

  get isKeeper(): boolean {
    return this.keeper !== null;
  }

  /** How the room admits people, and whether we are its host. */
  get access(): RoomAccess {
    const { policy, passcode } = this.ctx;
    return { ...policy, removed: [...policy.removed], isHost: this.isKeeper, hasPasscode: passcode !== null };
  }

  /** Whether we hold the room's keeper id itself (not only keep the room on the deputy id). */
  get holdsKeeperId(): boolean {
    return this.keeperIdHeld;
  }

  /** The keeper admitted us again after we stepped down: our roster is the room's again. */
  readmitted(): void {
    this.standingAside = false;
  }

  /** The roster or our role changed: the deputy id follows who is next in line. */
  rosterChanged(): void {
    this.deputy.update();
  }

  /**
   * Starts answering joiners: on the room's id, which `peer` holds, or (null)
   * on the deputy id while we claim the room's id from a keeper gone.
   */
  startKeeping(peer: RendezvousPeer | null): void {
    const { ctx } = this;
    this.keeper = new RoomKeeper({
      roomId: ctx.roomId,
      log: ctx.log,
      passcode: () => ctx.passcode,
      policy: () => ctx.policy,
      decide: (request, joinerPeerId) =>
        decideAdmission(request, joinerPeerId, {
          roomId: ctx.roomId,
          members: ctx.roster.members(),
          maxMembers: this.maxMembers,
        }),
      record: (member) => this.admit(member),
      rosterFor: (joinerPeerId) => ctx.roster.members().filter((member) => member.peerId !== joinerPeerId),
      isMember: (peerId) => ctx.roster.others.get(peerId) !== undefined,
      askHost: (joinerPeerId, name, cancelled) => this.lobby.wait(joinerPeerId, name, cancelled),
      unreachable: (joinerPeerId) => {
        const name = nameFromMemberPeerId(ctx.roomId, joinerPeerId) ?? 'Someone';
        const why = hasRelay(ctx.ice) ? 'not even through the relay' : 'there is no relay (TURN) server';
        ctx.warn(`${name} tried to join but could not connect: ${why}.`);
      },
      memberId: () => ctx.roster.me?.peerId ?? null,
      keepAsLink: (connection) => this.links.accept(connection),
    });
    if (peer) this.holdKeeperId(peer);
    else this.claimKeeperId();
    // A new keeper is the room's authority from now on: tell everyone how it
    // admits people, and see that everyone still joining arrives.
    for (const link of this.links.all()) this.sendRoomState(link);
    for (const participant of ctx.roster.others.all()) {
      if (participant.status === 'joining') this.expectArrival(participant.peerId);
    }
    this.hooks.accessChanged();
    ctx.changed();
  }

  /**
   * Leaving: the room's id goes back to the server now, so that by the time
   * our successor reads our bye and claims it, the server has let it go; its
   * connections stay until `close`, as some of them carry our links.
   */
  releaseRoomId(): void {
    this.keeperReconnector?.stop();
    this.keeperReconnector = null;
    this.keeper?.releaseIds();
  }

  /** Gives up the room's id (leaving, or the session closing). */
  stopKeeping(): void {
    this.takeover?.stop();
    this.takeover = null;
    this.keeperReconnector?.stop();
    this.keeperReconnector = null;
    if (this.placeCheck) clearInterval(this.placeCheck);
    this.placeCheck = null;
    this.keeper?.close();
    this.keeper = null;
    this.keeperIdHeld = false;
  }

  /** The room is someone else's to keep now (it moved on while we were away): we are a member again. */
  stepDown(): void {
    this.standingAside = true;
    this.stopKeeping();
    this.hooks.accessChanged();
    this.ctx.changed();
  }

  close(): void {
    this.stopKeeping();
    this.deputy.close();
    this.lobby.clear();
    this.timers.clear();
  }

  /** As keeper: what a member must know from us — the policy and everyone admitted. */
  sendRoomState(link: MemberLink): void {
    if (!this.keeper) return;
    link.send({ type: 'room-policy', policy: this.ctx.policy });
    for (const member of this.ctx.roster.others.infos()) {
      if (member.peerId !== link.peerId) link.send({ type: 'member-admitted', member });
    }
  }

  // ---- host controls (the keeper is the host) ---------------------------------

  setLocked(locked: boolean): void {
    this.changePolicy({ ...this.ctx.policy, locked });
  }

  setLobby(lobby: boolean): void {
    this.changePolicy({ ...this.ctx.policy, lobby });
    if (!lobby) this.lobby.clear(true);
  }

  letIn(peerId: string, letIn: boolean): void {
    this.requireHost();
    this.lobby.decide(peerId, letIn);
  }

  /** Removes a member: everyone drops its media and refuses it from now on. */
  remove(peerId: string): void {
    this.requireHost();
    if (!this.ctx.roster.others.get(peerId)) return;
    const link = this.links.get(peerId);
    link?.send({ type: 'removed' });
    this.changePolicy({ ...this.ctx.policy, removed: [...new Set([...this.ctx.policy.removed, peerId])] });
    this.timers.later(REMOVAL_NOTICE_MS, () => link?.close('removed by the host'));
  }

  /** The keeper told us its policy: apply it. */
  policyFromKeeper(policy: RoomPolicy): void {
    if (this.keeper) return;
    this.ctx.policy = policy;
    this.applyPolicy();
  }

  /** The keeper told us of a member it admitted. */
  admittedByKeeper(member: MemberInfo): void {
    if (this.ctx.policy.removed.includes(member.peerId)) return;
    this.ctx.roster.others.admit(member);
    this.links.meet(member.peerId);
  }

  /**
   * A member is gone from the room (left, removed, dropped, unreachable
   * joiner): its media stops, and as keeper we tell the room. If it was the
   * keeper, the next in order takes over.
   */
  memberGone(peerId: string): void {
    const { ctx } = this;
    const wasKeeper = ctx.roster.isKeeper(peerId);
    const gone = ctx.roster.others.remove(peerId);
    this.links.get(peerId)?.close('removed from the room');
    if (gone) [gone.stream, gone.screen].forEach(stopStream);
    // The keeper's roster is the room's: members that never had a link to
    // the one gone would otherwise keep it as "joining".
    if (gone && this.keeper) this.links.send({ type: 'member-dropped', peerId });
    ctx.changed();
    if (wasKeeper) this.takeOverIfNext();
  }

  /** The server says a member we have no link to is gone: a joiner we admitted that never arrived. */
  joinerUnreachable(peerId: string): void {
    if (this.keeper && this.ctx.roster.others.get(peerId)?.status === 'joining') this.memberGone(peerId);
  }

  private requireHost(): void {
    if (!this.keeper) throw new HuddleError('not-host', 'Only the host can do that.');
  }

  private changePolicy(policy: RoomPolicy): void {
    this.requireHost();
    this.ctx.policy = policy;
    this.links.send({ type: 'room-policy', policy });
    this.applyPolicy();
  }

  /** Drops anyone the policy removed: their link (and with it their media), their place in the room. */
  private applyPolicy(): void {
    const { ctx } = this;
    for (const peerId of ctx.policy.removed) {
      if (!ctx.roster.others.get(peerId)) {
        this.links.drop(peerId, 'removed from the room');
        continue;
      }
      const link = this.links.get(peerId);
      // The host closes its own link a moment later, after telling the member why.
      if (link && this.keeper) continue;
      if (link) link.close('removed from the room');
      else this.memberGone(peerId);
    }
    this.hooks.accessChanged();
  }

  /** As keeper: records an admission and tells the room. */
  private admit(member: MemberInfo): void {
    this.ctx.roster.others.admit(member);
    this.links.meet(member.peerId);
    for (const link of this.links.all()) {
      if (link.peerId !== member.peerId) link.send({ type: 'member-admitted', member });
    }
    this.expectArrival(member.peerId);
    this.ctx.changed();
  }

  /** As keeper: a member still "joining" with no open link after a while is dropped from the room. */
  private expectArrival(peerId: string): void {
    this.timers.later(ARRIVAL_TIMEOUT_MS, () => {
      const participant = this.ctx.roster.others.get(peerId);
      if (this.keeper && participant?.status === 'joining' && !this.links.get(peerId)?.isOpen) {
        this.ctx.log(`${participant.name} was admitted but never arrived`);
        this.memberGone(peerId);
      }
    });
  }

  /**
   * When the keeper has gone, the oldest remaining member takes its id. As
   * the deputy it keeps the room at once, on the deputy id, while it claims
   * the room's id; otherwise it keeps the room once the claim succeeds.
   */
  private takeOverIfNext(): void {
    const { ctx } = this;
    if (this.keeper || this.takeover?.running || !this.firstInLine()) return;
    if (this.deputy.holding) {
      ctx.log('keeping the room on the deputy id until its own id is free');
      this.startKeeping(null);
    } else this.claimKeeperId();
  }

  /**
   * As deputy: keep the room now. A keeper we no longer hear is dropped
   * first, and the others told before anything else we say as keeper, so
   * that they count us the keeper from then on (see deputy.ts).
   */
  private keepRoom(vanishedKeeper: string | null): RoomKeeper | null {
    if (vanishedKeeper && this.ctx.roster.isKeeper(vanishedKeeper)) {
      const name = nameFromMemberPeerId(this.ctx.roomId, vanishedKeeper) ?? 'The keeper';
      this.ctx.log(`${name} keeps the room but has not been heard for a while: keeping it in its place`);
      this.links.send({ type: 'member-dropped', peerId: vanishedKeeper });
      this.memberGone(vanishedKeeper);
    }
    if (!this.keeper && this.firstInLine()) this.startKeeping(null);
    return this.keeper;
  }

  private firstInLine(): boolean {
    const me = this.ctx.roster.me;
    return this.ctx.inRoom() && !this.standingAside && me !== null && this.ctx.roster.isKeeper(me.peerId);
  }

  /** Answers joiners on the room's id too from now on, and watches that we still keep the room. */
  private holdKeeperId(peer: RendezvousPeer): void {
    const { ctx } = this;
    this.keeper?.listen(peer);
    this.keeperIdHeld = true;
    // The room's id must come back after a server restart too, or joiners would find no one.
    this.keeperReconnector = new RendezvousReconnector(peer, {
      onLost: () => {},
      onRestored: () => {},
      // Away long enough for the server to drop us, the next member took over: it keeps the room now.
      onIdTaken: () => {
        ctx.log('another member keeps the room now: stepping down');
        this.stepDown();
        this.hooks.steppedDown();
      },
      log: (message) => ctx.log(`keeper: ${message}`),
      group: ctx.rendezvousPeers,
    });
    // Links out a while may mean our network was gone and the deputy kept the room meanwhile.
    this.placeCheck = setInterval(() => {
      if (this.links.longestInterruptionMs() < KEEPER_VANISHED_AFTER_MS) this.placeCheckArmed = true;
      else if (this.placeCheckArmed && !this.checkingPlace) {
        this.checkingPlace = true;
        void this.hooks.checkPlace().then((answered) => {
          this.checkingPlace = false;
          if (answered) this.placeCheckArmed = false;
        });
      }
    }, PLACE_CHECK_INTERVAL_MS);
  }

  /** Claims the room's id, retrying until the server has let the old keeper's hold go. */
  private claimKeeperId(): void {
    const { ctx } = this;
    if (this.takeover?.running) return;
    this.takeover = new Retrier(takeoverRetry, {
      stillWanted: () => !this.keeperIdHeld && this.firstInLine(),
      attempt: async () => {
        try {
          // The server frees the old keeper's id only when it notices the old socket close.
          const peer = await ctx.rendezvous.open(keeperPeerId(ctx.roomId), 'keeper id held', 5000);
          if (this.keeperIdHeld || !this.firstInLine()) {
            peer.destroy();
            return true;
          }
          ctx.log('took over keeping the room');
          if (this.keeper) this.holdKeeperId(peer);
          else this.startKeeping(peer);
          ctx.changed();
          return true;
        } catch (error) {
          ctx.log(
            `could not take over the room's id yet: ${error instanceof Error ? error.message : String(error)}`,
          );
          return false;
        }
      },
    });
  }
}
