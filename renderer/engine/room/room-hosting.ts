/**
 * Keeping the room: the member with the lowest admission order holds the
 * room's well-known id, admits joiners (RoomKeeper), and is the room's host
 * — it locks the room, keeps a lobby, removes people. When it goes, the next
 * in order takes the id over. Every member runs this part: only the keeper
 * acts on joiners and policy, but everyone applies the keeper's policy and
 * watches for its departure.
 */
import { stopStream } from '../media/local-media.js';
import { hasRelay } from '../media/ice-config.js';
import { HuddleError } from '../errors.js';
import { keeperPeerId, nameFromMemberPeerId } from '../names.js';
import type { MemberInfo, RoomPolicy } from '../protocol/messages.js';
import type { RendezvousPeer } from '../rendezvous/rendezvous-port.js';
import { RendezvousReconnector } from '../rendezvous/rendezvous-reconnector.js';
import { Retrier, takeoverRetry } from '../retry-policy.js';
import { decideAdmission } from './admission.js';
import { RoomKeeper } from './keeper.js';
import { Lobby, type LobbyEntry } from './lobby.js';
import type { MemberLink } from './member-link.js';
import type { MemberLinks } from './member-links.js';
import type { RoomContext } from './room-context.js';

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
}

export class RoomHosting {
  private keeper: RoomKeeper | null = null;
  private keeperReconnector: RendezvousReconnector | null = null;
  private takeover: Retrier | null = null;
  private readonly lobby: Lobby;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly ctx: RoomContext,
    private readonly links: MemberLinks,
    private readonly maxMembers: number,
    private readonly hooks: RoomHostingHooks,
  ) {
    this.lobby = new Lobby((entries) => hooks.lobbyChanged(entries));
  }

  get isKeeper(): boolean {
    return this.keeper !== null;
  }

  /** Starts answering joiners on the room's id, which `peer` holds. */
  startKeeping(peer: RendezvousPeer): void {
    const { ctx } = this;
    // The room's id must come back after a server restart too, or joiners would find no one.
    this.keeperReconnector = new RendezvousReconnector(peer, {
      onLost: () => {},
      onRestored: () => {},
      // Away long enough for the server to drop us, the next member took over: it keeps the room now.
      onIdTaken: () => {
        ctx.log('another member keeps the room now: stepping down');
        this.stopKeeping();
        this.hooks.accessChanged();
        ctx.changed();
        this.hooks.steppedDown();
      },
      log: (message) => ctx.log(`keeper: ${message}`),
    });
    this.keeper = new RoomKeeper(peer, {
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
    });
    // A new keeper is the room's authority from now on: tell everyone how it
    // admits people, and see that everyone still joining arrives.
    for (const link of this.links.all()) this.sendRoomState(link);
    for (const participant of ctx.roster.others.all()) {
      if (participant.status === 'joining') this.expectArrival(participant.peerId);
    }
    this.hooks.accessChanged();
    ctx.changed();
  }

  /** Gives up the room's id (leaving, or the session closing). */
  stopKeeping(): void {
    this.takeover?.stop();
    this.takeover = null;
    this.keeperReconnector?.stop();
    this.keeperReconnector = null;
    this.keeper?.close();
    this.keeper = null;
  }

  close(): void {
    this.stopKeeping();
    this.lobby.clear();
    for (const timer of this.timers) clearTimeout(timer);
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
    this.later(REMOVAL_NOTICE_MS, () => link?.close('removed by the host'));
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
    this.later(ARRIVAL_TIMEOUT_MS, () => {
      const participant = this.ctx.roster.others.get(peerId);
      if (this.keeper && participant?.status === 'joining' && !this.links.get(peerId)?.isOpen) {
        this.ctx.log(`${participant.name} was admitted but never arrived`);
        this.memberGone(peerId);
      }
    });
  }

  /** When the keeper has gone, the oldest remaining member takes its id. */
  private takeOverIfNext(): void {
    const { ctx } = this;
    if (this.keeper || this.takeover?.running || !ctx.roster.me) return;
    if (!ctx.roster.isKeeper(ctx.roster.me.peerId)) return;
    this.takeover = new Retrier(takeoverRetry, {
      stillWanted: () => ctx.inRoom() && !this.keeper,
      attempt: async () => {
        try {
          // The server frees the old keeper's id only when it notices the old socket close.
          const peer = await ctx.rendezvous.open(keeperPeerId(ctx.roomId), 'keeper id held', 5000);
          if (!ctx.inRoom() || this.keeper) {
            peer.destroy();
            return true;
          }
          ctx.log('took over keeping the room');
          this.startKeeping(peer);
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

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }
}
