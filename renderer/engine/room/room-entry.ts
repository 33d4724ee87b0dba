/**
 * Entering a room: claim our name's peer id and, at the same time, the
 * room's well-known keeper id. Holding the keeper id means nobody was in the
 * room: we open it. Otherwise the keeper admits us (askToJoin) and hands us
 * the roster. The server's one-holder-per-id rule makes names unique.
 */
import { HuddleError } from '../errors.js';
import { hasRelay } from '../media/ice-config.js';
import { keeperPeerId, memberPeerId } from '../names.js';
import type { JoinAccepted } from '../protocol/messages.js';
import type { RendezvousPeer } from '../rendezvous/rendezvous-port.js';
import { askToJoin } from './ask-to-join.js';
import type { RoomContext } from './room-context.js';

export type Entered =
  /** Nobody held the room's id: we are its first member, and keep it with `keeperPeer`. */
  | { opened: true; keeperPeer: RendezvousPeer }
  /** The keeper let us in; `challenged` when the room asked for its passcode. */
  | { opened: false; accepted: JoinAccepted; challenged: boolean };

export interface EntryOptions {
  passcode: string | null;
  /** Our member peer is registered: members may dial it from now on, so wire it at once. */
  onMemberPeer(peer: RendezvousPeer): void;
  /** The keeper put us in its lobby. */
  onWaiting(): void;
}

/** How often a keeper that vanished between our claim and our request is tried again. */
const ATTEMPTS = 3;
/**
 * A server frees an id when it has processed the closing of its holder's
 * socket, a moment after the holder let it go. Our own name's id given up
 * that recently (a join refused, then tried again at once) is not someone
 * else's: it is asked for again for this long before "taken" is believed.
 */
const OWN_RELEASE_GRACE_MS = 3000;
const OWN_RELEASE_RETRY_MS = 200;
/** Ids this page gave up, and when. */
const releasedHere = new Map<string, number>();

/** Records that this page gave up `id` (its session closed). */
export function releasedOwnId(id: string): void {
  releasedHere.set(id, performance.now());
}

/** Opens our member id, asking again while the server may still be letting go of our own previous hold. */
async function openOwnId(ctx: RoomContext, id: string, taken: string): Promise<RendezvousPeer> {
  for (;;) {
    try {
      return await ctx.rendezvous.open(id, taken);
    } catch (error) {
      const releasedAt = releasedHere.get(id);
      const ours = releasedAt !== undefined && performance.now() - releasedAt < OWN_RELEASE_GRACE_MS;
      if (!(error instanceof HuddleError) || error.code !== 'name-taken' || !ours) throw error;
      await new Promise((resolve) => setTimeout(resolve, OWN_RELEASE_RETRY_MS));
    }
  }
}

export async function enterRoom(ctx: RoomContext, options: EntryOptions): Promise<Entered> {
  const myId = memberPeerId(ctx.roomId, ctx.displayName);
  const taken = `The name '${ctx.displayName}' is already taken in this room.`;
  let memberPeer: RendezvousPeer | null = null;
  for (let attempt = 1; ; attempt++) {
    const opening: Promise<RendezvousPeer> = memberPeer
      ? Promise.resolve(memberPeer)
      : openOwnId(ctx, myId, taken);
    const [member, keeper] = await Promise.allSettled([
      opening,
      ctx.rendezvous.open(keeperPeerId(ctx.roomId), 'keeper id held'),
    ]);
    if (member.status === 'rejected') {
      if (keeper.status === 'fulfilled') keeper.value.destroy();
      throw member.reason;
    }
    const peer = member.value;
    if (!memberPeer) options.onMemberPeer(peer);
    memberPeer = peer;
    if (keeper.status === 'fulfilled') return { opened: true, keeperPeer: keeper.value };
    const keeperError: unknown = keeper.reason;
    if (!(keeperError instanceof HuddleError) || keeperError.code !== 'name-taken') throw keeperError;
    try {
      let challenged = false;
      const accepted = await askToJoin({
        memberPeer: peer,
        keeperId: keeperPeerId(ctx.roomId),
        roomId: ctx.roomId,
        name: ctx.displayName,
        passcode: options.passcode,
        onWaiting: options.onWaiting,
        onChallenged: () => (challenged = true),
        relayConfigured: hasRelay(ctx.ice),
      });
      return { opened: false, accepted, challenged };
    } catch (error) {
      // The keeper may have left between our claim and our request: try again.
      if (error instanceof HuddleError && error.code === 'room-unreachable' && attempt < ATTEMPTS) continue;
      throw error;
    }
  }
}
