/**
 * Coming back after a long time away. While a member's network was gone,
 * the room may have moved on: the server drops a silent peer (after 15 s on
 * Huddle's own host, 60 s on a stock one), the others then find it gone and
 * drop it, and if it kept the room another member takes the room's id.
 * Links alone cannot undo that: the others refuse a member they no longer
 * count in.
 *
 * So once our rendezvous connection is back after a while away, or the
 * room's id turned out to be someone else's now, we ask the keeper to admit
 * us again — the same request a joiner sends, under the same name. A member
 * the room still counts keeps its place, and the keeper's word of its
 * return makes the others redial it at once. One the room dropped is
 * admitted afresh: its links are made anew from the roster the keeper gives.
 */
import { HuddleError } from '../errors.js';
import { keeperPeerId } from '../names.js';
import { hasRelay } from '../media/ice-config.js';
import type { JoinAccepted } from '../protocol/messages.js';
import type { RendezvousPeer } from '../rendezvous/rendezvous-port.js';
import { askToJoin } from './ask-to-join.js';
import type { MemberLinks } from './member-links.js';
import type { RoomContext } from './room-context.js';
import type { RoomHosting } from './room-hosting.js';

/** Away from the server at least this long, a member checks that the room still counts it in. */
export const RETURN_CHECK_AFTER_MS = 5000;

/** Refusals that mean the room will not have us back: the session ends with the keeper's reason. */
const FINAL_REFUSALS = new Set(['removed', 'room-locked', 'wrong-passcode', 'join-rejected', 'name-taken']);

export interface RoomReturn {
  ctx: RoomContext;
  links: MemberLinks;
  hosting: RoomHosting;
  memberPeer: RendezvousPeer;
  /** The room will not have us back. */
  end(reason: string): void;
}

/**
 * After `awayMs` without the rendezvous server (Infinity: we know the room
 * moved on), asks the keeper to admit us again and brings the roster and
 * links in line with its answer. A dead socket is often noticed only once
 * the network is back, so our links' silence says how long we were away too.
 */
export async function returnToRoom(room: RoomReturn, awayMs = Infinity): Promise<void> {
  const { ctx } = room;
  if (!ctx.inRoom() || room.hosting.isKeeper) return;
  if (Math.max(awayMs, room.links.longestInterruptionMs()) < RETURN_CHECK_AFTER_MS) return;
  ctx.log('back after a while away: asking the keeper whether the room still counts us in');
  let accepted: JoinAccepted;
  try {
    accepted = await askToJoin({
      memberPeer: room.memberPeer,
      keeperId: keeperPeerId(ctx.roomId),
      roomId: ctx.roomId,
      name: ctx.displayName,
      passcode: ctx.passcode,
      onWaiting: () => ctx.log('the keeper put our return in its lobby'),
      onChallenged: () => {},
      relayConfigured: hasRelay(ctx.ice),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof HuddleError && FINAL_REFUSALS.has(error.code)) room.end(message);
    // The keeper not answering (gone too, or unreachable): links go on recovering, and
    // a member taking over keeping the room is told of us by our links.
    else ctx.log(`could not check our place in the room: ${message}`);
    return;
  }
  if (!ctx.inRoom() || room.hosting.isKeeper) return;
  rejoin(room, accepted);
}

/** The keeper's answer: the roster as it is now, and our place in it. */
function rejoin(room: RoomReturn, accepted: JoinAccepted): void {
  const { ctx, links, hosting } = room;
  const { roster } = ctx;
  const dropped = !accepted.returning || !roster.me || roster.me.order !== accepted.you.order;
  if (dropped) {
    // Every link was made under our old place, and the others have closed theirs.
    ctx.log('the room had dropped us while we were away: joining it afresh');
    links.reset();
    roster.others.clear();
  }
  roster.me = accepted.you;
  const present = new Set(accepted.roster.map((member) => member.peerId));
  for (const other of roster.others.infos()) {
    if (!present.has(other.peerId)) hosting.memberGone(other.peerId);
  }
  for (const member of accepted.roster) {
    if (member.peerId === accepted.you.peerId) continue;
    roster.others.admit(member);
    links.meet(member.peerId);
  }
  ctx.changed();
}
