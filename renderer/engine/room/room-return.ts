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
 *
 * A keeper asks the room's deputy instead: if the deputy kept the room while
 * we were away (see deputy.ts), it admits us afresh and we step down; if it
 * still heard us all along, it says so and we go on keeping.
 */
import { HuddleError } from '../errors.js';
import { deputyPeerId, keeperPeerId } from '../names.js';
import { hasRelay } from '../media/ice-config.js';
import type { JoinAccepted } from '../protocol/messages.js';
import type { RendezvousPeer } from '../rendezvous/rendezvous-port.js';
import { askToJoin, type JoinAnswer, type JoinAttempt } from './ask-to-join.js';
import { KEEPER_VANISHED_AFTER_MS } from './deputy.js';
import type { MemberLinks } from './member-links.js';
import type { RoomContext } from './room-context.js';
import type { RoomHosting } from './room-hosting.js';

/** Away from the server at least this long, a member checks that the room still counts it in. */
export const RETURN_CHECK_AFTER_MS = 5000;
/** A keeper that does not answer is asked this many times in all, this far apart. */
export const RETURN_CHECK_ATTEMPTS = 4;
export const RETURN_CHECK_RETRY_MS = 5000;

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
export async function returnToRoom(room: RoomReturn, awayMs = Infinity): Promise<boolean> {
  const { ctx } = room;
  if (!ctx.inRoom()) return false;
  const away = Math.max(awayMs, room.links.longestInterruptionMs());
  if (room.hosting.isKeeper) {
    return room.hosting.holdsKeeperId && away >= KEEPER_VANISHED_AFTER_MS && checkStillKeeping(room);
  }
  if (away < RETURN_CHECK_AFTER_MS) return false;
  for (let attempt = 1; ; attempt++) {
    ctx.log('back after a while away: asking the keeper whether the room still counts us in');
    let answer: JoinAnswer;
    try {
      answer = await askToJoin(requestAgain(room, keeperPeerId(ctx.roomId), 'keeper'));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof HuddleError && FINAL_REFUSALS.has(error.code)) {
        room.end(message);
        return false;
      }
      // The keeper not answering: busy, or away too. If the room dropped us,
      // the others refuse our links for good, so we ask again; meanwhile a
      // member taking over keeping the room is told of us by our links.
      ctx.log(`could not check our place in the room: ${message}`);
      if (attempt >= RETURN_CHECK_ATTEMPTS) return false;
      await new Promise((resolve) => setTimeout(resolve, RETURN_CHECK_RETRY_MS));
      if (!ctx.inRoom() || room.hosting.isKeeper) return false;
      continue;
    }
    if (!ctx.inRoom() || room.hosting.isKeeper || answer.type !== 'join-accepted') return true;
    rejoin(room, answer);
    return true;
  }
}

/** How long a keeper waits for the deputy's word on its place. */
const PLACE_ANSWER_MS = 4000;

/** As keeper back from a while away: did the deputy keep the room meanwhile? False when it did not answer. */
async function checkStillKeeping(room: RoomReturn): Promise<boolean> {
  const { ctx } = room;
  let answer: JoinAnswer;
  try {
    answer = await askToJoin({
      ...requestAgain(room, deputyPeerId(ctx.roomId), 'deputy'),
      answerTimeoutMs: PLACE_ANSWER_MS,
    });
  } catch (error) {
    // No deputy (a room of one), or none reachable yet: we still keep the room.
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof HuddleError && FINAL_REFUSALS.has(error.code)) room.end(message);
    return false;
  }
  if (answer.type === 'ask-keeper') ctx.log('the deputy still hears us: we keep the room');
  if (answer.type !== 'join-accepted' || !ctx.inRoom() || !room.hosting.isKeeper) return true;
  ctx.log('the deputy kept the room while we were away: stepping down and joining it');
  room.hosting.stepDown();
  rejoin(room, answer);
  return true;
}

/** Our join request, sent again under our name to the keeper's or the deputy's id. */
function requestAgain(room: RoomReturn, id: string, who: 'keeper' | 'deputy'): JoinAttempt {
  const { ctx } = room;
  return {
    memberPeer: room.memberPeer,
    keeperId: id,
    roomId: ctx.roomId,
    name: ctx.displayName,
    passcode: ctx.passcode,
    onWaiting: () => ctx.log(`the ${who} put our return in its lobby`),
    onChallenged: () => {},
    relayConfigured: hasRelay(ctx.ice),
    log: (message) => ctx.log(`return: ${message}`),
  };
}

/** The keeper's answer: the roster as it is now, and our place in it. */
function rejoin(room: RoomReturn, accepted: JoinAccepted): void {
  const { ctx, links, hosting } = room;
  const { roster } = ctx;
  hosting.readmitted();
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
