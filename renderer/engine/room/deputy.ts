/**
 * The room's deputy: the member next in line to keep the room also holds a
 * second well-known id, `huddle-<room>-deputy`.
 *
 * It is there for what the keeper id alone cannot do. A keeper whose network
 * vanishes (a laptop lid shut) keeps its id on a stock server until the
 * server's alive timeout, 60–90 s, and every joiner meanwhile would be left
 * unanswered. A joiner the keeper does not answer asks the deputy too; the
 * deputy, if it does not hear the keeper either, keeps the room in its place
 * at once — it tells the others the keeper is gone, admits the joiner, and
 * claims the keeper id in the background for when the server lets it go. If
 * it still hears the keeper, it answers `ask-keeper`.
 *
 * It also closes the split-room window: a joiner that finds the keeper id
 * free asks the deputy id before it opens a new room (room-entry.ts), so a
 * joiner arriving between a keeper's leaving and its successor's claim joins
 * the successor instead of starting a second room under the same id.
 */
import { OwnedTimers } from '../owned-timers.js';
import { deputyPeerId, isMemberPeerIdOf } from '../names.js';
import { encode, parseKeeperRequest } from '../protocol/validate.js';
import type { PeerChannel, RendezvousPeer } from '../rendezvous/rendezvous-port.js';
import { RendezvousReconnector } from '../rendezvous/rendezvous-reconnector.js';
import { Retrier, takeoverRetry } from '../retry-policy.js';
import { ANSWER_LINGER_MS, type RoomKeeper } from './keeper.js';
import type { MemberLinks } from './member-links.js';
import type { RoomContext } from './room-context.js';

/**
 * The keeper counts as vanished once its link has carried nothing for this
 * long (and the link itself judged it interrupted): a second more than the
 * link's own silence limit, so a keeper that only blinked is not deposed.
 * A keeper away this long checks with the deputy when it is back.
 */
export const KEEPER_VANISHED_AFTER_MS = 3000;
/** Heard from within this, the keeper is alive. */
const KEEPER_HEARD_MS = 1000;
/** However the link reads, a deputy decides within this. */
const DECIDE_LIMIT_MS = 8000;
const DECIDE_POLL_MS = 100;
/** A caller that sent nothing is let go after this. */
const REQUEST_TIMEOUT_MS = 15_000;
/**
 * A deputy id no longer ours is held at most this long for the joiners
 * still being answered on it: a keeper's conversation takes 17 s at most
 * (a passcode aside), and whoever is next in line waits meanwhile.
 */
const RETIRE_LIMIT_MS = 20_000;

export interface DeputyHooks {
  /** Our keeper, when we keep the room (by its id, or by the deputy id until its own is ours). */
  keeper(): RoomKeeper | null;
  /** Whether we hold the room's keeper id itself. */
  holdsKeeperId(): boolean;
  /** False while our roster is not the room's (we stepped down and wait to be admitted again). */
  mayKeep(): boolean;
  /** Keep the room now, after dropping `vanishedKeeper` (a keeper we no longer hear), if any. */
  keepRoom(vanishedKeeper: string | null): RoomKeeper | null;
}

export class RoomDeputy {
  private peer: RendezvousPeer | null = null;
  private reconnector: RendezvousReconnector | null = null;
  private claim: Retrier | null = null;
  /** Joiners who dialed the deputy id and are not decided on yet. */
  private readonly callers = new Set<PeerChannel>();
  /** Joiners on the deputy id whom our keeper is answering. */
  private readonly handedOver = new Set<PeerChannel>();
  /** Cancels the limit on holding an id no longer ours (see retire), while one runs. */
  private retiring: (() => void) | null = null;
  private readonly timers = new OwnedTimers();

  constructor(
    private readonly ctx: RoomContext,
    private readonly links: MemberLinks,
    private readonly hooks: DeputyHooks,
  ) {}

  /** Whether we hold the deputy id now. */
  get holding(): boolean {
    return this.peer !== null;
  }

  /** The roster or our role changed: hold the deputy id exactly while it is ours to hold. */
  update(): void {
    const wanted = this.wanted();
    if (wanted) this.stopRetiring();
    if (wanted && !this.peer && !this.claim?.running) this.startClaim();
    if (!wanted && this.peer) this.retire();
  }

  close(): void {
    this.claim?.stop();
    this.claim = null;
    this.release();
    this.timers.clear();
  }

  /**
   * Ours when we are next in line after the keeper; and when we are first
   * in line ourselves but do not hold the keeper id yet (we keep the room on
   * the deputy id meanwhile, and joiners must still find us).
   */
  private wanted(): boolean {
    const { roster } = this.ctx;
    const me = roster.me;
    if (!this.ctx.inRoom() || !me || !this.hooks.mayKeep()) return false;
    const inLine = roster.members().sort((a, b) => a.order - b.order);
    if (inLine[0]?.peerId === me.peerId) return !this.hooks.holdsKeeperId();
    return inLine[1]?.peerId === me.peerId;
  }

  private startClaim(): void {
    const { ctx } = this;
    this.claim = new Retrier(takeoverRetry, {
      stillWanted: () => !this.peer && this.wanted(),
      attempt: async () => {
        let peer: RendezvousPeer;
        try {
          // A deputy that just left may still hold the id until the server processes its close.
          peer = await ctx.rendezvous.open(deputyPeerId(ctx.roomId), 'deputy id held', 5000);
        } catch (error) {
          ctx.log(
            `could not take the deputy id yet: ${error instanceof Error ? error.message : String(error)}`,
          );
          return false;
        }
        if (this.peer || !this.wanted()) peer.destroy();
        else this.adopt(peer);
        return true;
      },
    });
  }

  private adopt(peer: RendezvousPeer): void {
    const { ctx } = this;
    this.peer = peer;
    ctx.log('holding the deputy id: next in line to keep the room');
    peer.on('connection', (connection) => this.answer(connection));
    this.reconnector = new RendezvousReconnector(peer, {
      onLost: () => {},
      onRestored: () => {},
      // Away long enough for the server to give the id to whoever is next in line now.
      onIdTaken: () => {
        this.release();
        this.update();
      },
      log: (message) => ctx.log(`deputy: ${message}`),
      group: ctx.rendezvousPeers,
    });
  }

  /**
   * The id is no longer ours to hold: it goes once every joiner on it has
   * its answer. Dropped sooner, a connection still opening would die with
   * the peer without a word to its joiner, who would wait out its whole
   * answer time and fail (seen as a keeper left and its deputy took over).
   */
  private retire(): void {
    if (this.callers.size === 0 && this.handedOver.size === 0) {
      this.release();
      return;
    }
    if (this.retiring) return;
    this.ctx.log('letting the deputy id go once the joiners on it have their answers');
    this.retiring = this.timers.later(RETIRE_LIMIT_MS, () => this.release());
  }

  private stopRetiring(): void {
    this.retiring?.();
    this.retiring = null;
  }

  /** A joiner on the deputy id was answered or let go: a retiring id may go now. */
  private settled(connection: PeerChannel): void {
    this.callers.delete(connection);
    this.handedOver.delete(connection);
    if (this.retiring) this.retire();
  }

  /** Our keeper answers this joiner; the id is held until it has. */
  private handOver(keeper: RoomKeeper, connection: PeerChannel, received: readonly string[]): void {
    this.callers.delete(connection);
    this.handedOver.add(connection);
    void keeper.accept(connection, received, false).finally(() => this.settled(connection));
  }

  private release(): void {
    this.stopRetiring();
    this.reconnector?.stop();
    this.reconnector = null;
    for (const caller of this.callers) caller.close();
    this.callers.clear();
    this.handedOver.clear();
    this.peer?.destroy();
    this.peer = null;
  }

  /** Someone dialed the deputy id: a joiner the keeper did not answer, or the keeper checking on the room. */
  private answer(connection: PeerChannel): void {
    const keeper = this.hooks.keeper();
    // Never kept as a link: the deputy id is let go once the room's own id is ours.
    if (keeper) {
      this.handOver(keeper, connection, []);
      return;
    }
    if (!isMemberPeerIdOf(this.ctx.roomId, connection.peer)) {
      this.ctx.log(`refused a deputy connection from ${connection.peer}: not a member id of this room`);
      connection.close();
      return;
    }
    this.callers.add(connection);
    const received: string[] = [];
    connection.on('close', () => this.settled(connection));
    connection.on('data', (data) => {
      if (typeof data !== 'string' || received.length >= 4) return;
      received.push(data);
      if (received.length === 1) void this.decide(connection, received);
    });
    this.timers.later(REQUEST_TIMEOUT_MS, () => {
      if (received.length > 0) return;
      connection.close();
      this.settled(connection);
    });
  }

  /** Hands the caller to our keeper if the room is ours to keep now, or tells it to ask the keeper. */
  private async decide(connection: PeerChannel, received: string[]): Promise<void> {
    const parsed = parseKeeperRequest(received[0]);
    if (!parsed.ok || parsed.message.type !== 'join-request') {
      this.ctx.log(
        `dropped a deputy request from ${connection.peer}: ${parsed.ok ? 'expected join-request' : parsed.reason}`,
      );
      connection.close();
      return;
    }
    const keeperId = this.ctx.roster.keeper()?.peerId ?? null;
    const mine = keeperId === this.ctx.roster.me?.peerId;
    // The keeper itself asking is alive: it checks whether the room moved on while it was away.
    const vanished = !mine && connection.peer !== keeperId && (await this.keeperVanished(keeperId));
    if (!this.peer || !this.callers.has(connection)) return;
    const keeper =
      this.hooks.keeper() ??
      (mine || vanished ? this.hooks.keepRoom(vanished && keeperId !== null ? keeperId : null) : null);
    if (keeper) {
      connection.removeAllListeners();
      this.handOver(keeper, connection, received);
      return;
    }
    connection.send(encode({ type: 'ask-keeper' }));
    this.timers.later(ANSWER_LINGER_MS, () => {
      connection.close();
      this.settled(connection);
    });
  }

  /**
   * Watches our link to the keeper until it tells: heard from lately means
   * alive; silent for KEEPER_VANISHED_AFTER_MS, and judged interrupted by
   * the link itself (which allows for our own page stalling), means gone.
   */
  private async keeperVanished(keeperId: string | null): Promise<boolean> {
    const started = performance.now();
    while (performance.now() - started < DECIDE_LIMIT_MS && this.peer) {
      const link = keeperId === null ? undefined : this.links.get(keeperId);
      if (!link) return true;
      if (link.isOpen && link.silenceMs < KEEPER_HEARD_MS) return false;
      if (!link.isOpen && link.silenceMs >= KEEPER_VANISHED_AFTER_MS) return true;
      await new Promise<void>((resolve) => this.timers.later(DECIDE_POLL_MS, resolve));
    }
    return false;
  }
}
