/**
 * Entering a room: claim our name's peer id and, at the same time, the
 * room's two well-known ids, the keeper's and the deputy's. Holding both
 * means nobody was in the room: we open it (the deputy's answer is awaited
 * only when the keeper's id turned out free). Otherwise the keeper admits us
 * (askToJoin) and hands us the roster — or its deputy does, when the keeper
 * does not answer or has just left (see deputy.ts). The server's
 * one-holder-per-id rule makes names unique.
 */
import { HuddleError } from '../errors.js';
import { markJoinStep } from '../join-marks.js';
import { hasRelay } from '../media/ice-config.js';
import { deputyPeerId, keeperPeerId, memberPeerId } from '../names.js';
import type { RendezvousPeer } from '../rendezvous/rendezvous-port.js';
import {
  askToJoin,
  roomUnreachable,
  type Admitted,
  type JoinAnswer,
  type JoinAttempt,
} from './ask-to-join.js';
import type { RoomContext } from './room-context.js';

export type Entered =
  /** Nobody held the room's id: we are its first member, and keep it with `keeperPeer`. */
  | { opened: true; keeperPeer: RendezvousPeer }
  /** The keeper let us in; `challenged` when the room asked for its passcode. */
  | { opened: false; accepted: Admitted; challenged: boolean };

export interface EntryOptions {
  passcode: string | null;
  /** Our member peer is registered: members may dial it from now on, so wire it at once. */
  onMemberPeer(peer: RendezvousPeer): void;
  /** The keeper put us in its lobby. */
  onWaiting(): void;
}

/** How often a room whose keeper changed hands while we asked is tried again. */
const ATTEMPTS = 8;
const RETRY_PAUSE_MS = 250;
/** A keeper silent this long is not the only one asked: its deputy is asked too. */
const DEPUTY_AFTER_MS = 1500;
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
    // Our id is handed over the moment it opens, not once the keeper's and
    // the deputy's ids have answered too: a server hands a newly registered
    // id the dials that waited for it (a member redialing us after our page
    // crashed) right away, and one with nobody listening is lost, leaving
    // the dialer a link that opened but never speaks (10 s before it redials).
    const opening: Promise<RendezvousPeer> = memberPeer
      ? Promise.resolve(memberPeer)
      : openOwnId(ctx, myId, taken).then((peer) => {
          options.onMemberPeer(peer);
          return peer;
        });
    // The deputy id is only ever a question here: whoever is next in line claims it.
    const deputyAnswer = settled(ctx.rendezvous.open(deputyPeerId(ctx.roomId), 'deputy id held'));
    void deputyAnswer.then((answer) => {
      if (answer.status === 'fulfilled') answer.value.destroy();
    });
    const [member, keeper] = await Promise.allSettled([
      opening,
      ctx.rendezvous.open(keeperPeerId(ctx.roomId), 'keeper id held'),
    ]);
    // Its answer matters only when the room's id is free (below): with the
    // room's id held, the keeper is asked without waiting for it.
    const deputy = keeper.status === 'fulfilled' ? await deputyAnswer : null;
    markJoinStep('rendezvous-open');
    ctx.log(
      `join attempt ${attempt}: our id ${member.status === 'fulfilled' ? 'claimed' : 'refused'}; room id ${
        keeper.status === 'fulfilled' ? 'free' : 'held'
      }; deputy id ${deputy === null ? 'not waited for' : deputy.status === 'fulfilled' ? 'free' : 'held'}`,
    );
    if (member.status === 'rejected') {
      if (keeper.status === 'fulfilled') keeper.value.destroy();
      throw member.reason;
    }
    const peer = member.value;
    memberPeer = peer;
    const deputyHeld = deputy?.status === 'rejected' && isTaken(deputy.reason);
    if (keeper.status === 'fulfilled' && !deputyHeld) return { opened: true, keeperPeer: keeper.value };
    if (keeper.status === 'rejected' && !isTaken(keeper.reason)) throw keeper.reason;
    let challenged = false;
    const base = {
      memberPeer: peer,
      roomId: ctx.roomId,
      name: ctx.displayName,
      passcode: options.passcode,
      onWaiting: options.onWaiting,
      onChallenged: () => (challenged = true),
      relayConfigured: hasRelay(ctx.ice),
      log: (message: string) => ctx.log(`join: ${message}`),
      offerLink: true,
    };
    const askingDeputy = keeper.status === 'fulfilled';
    try {
      let answer: JoinAnswer;
      if (keeper.status === 'fulfilled') {
        // The room's id was free but its deputy is there: the keeper has just
        // left, and its successor has not claimed the id yet. Join the room
        // through the deputy rather than open a second one under the same id.
        keeper.value.destroy();
        answer = await askToJoin({ ...base, keeperId: deputyPeerId(ctx.roomId) });
      } else answer = await askKeeperThenDeputy(base, ctx.roomId);
      if (answer.type === 'join-accepted') {
        markJoinStep('admitted');
        return { opened: false, accepted: answer, challenged };
      }
      // The deputy still hears a keeper (one leaving right now): ask again.
      if (attempt >= ATTEMPTS) throw roomUnreachable(ctx.roomId);
    } catch (error) {
      // The keeper may have left between our claim and our request: try again.
      // So too when the room's id was free and its deputy did not answer: the
      // deputy's network went with the keeper's leaving, and its id is freed
      // (or the room's id claimed) once the server notices.
      const retry =
        attempt < ATTEMPTS &&
        error instanceof HuddleError &&
        (error.code === 'room-unreachable' || (askingDeputy && isNoAnswer(error)));
      if (!retry) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
  }
}

/** `promise`'s outcome, as Promise.allSettled reports it, without ever rejecting. */
function settled<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  return Promise.allSettled([promise]).then(([outcome]) => outcome!);
}

function isTaken(error: unknown): boolean {
  return error instanceof HuddleError && error.code === 'name-taken';
}

/** A keeper that did not answer at all (as opposed to answering no). */
function isNoAnswer(error: unknown): boolean {
  return (
    error instanceof HuddleError && (error.code === 'room-not-answering' || error.code === 'room-unreachable')
  );
}

/**
 * Asks the keeper; if it has not answered within DEPUTY_AFTER_MS, asks the
 * room's deputy as well, which admits us if it no longer hears the keeper
 * either (the keeper's network vanished). The first admission wins; the
 * keeper's own refusal is final; a deputy's "ask the keeper" leaves the
 * keeper's answer to come.
 */
function askKeeperThenDeputy(base: Omit<JoinAttempt, 'keeperId'>, roomId: string): Promise<Admitted> {
  const keeperAsk = new AbortController();
  const deputyAsk = new AbortController();
  return new Promise((resolve, reject) => {
    let settled = false;
    let keeperFailure: unknown = null;
    let deputyAsked = false;
    let deputyDone = false;
    const deputyTimer = setTimeout(askDeputy, DEPUTY_AFTER_MS);
    const settle = (outcome: Admitted | { failed: unknown }): void => {
      // Both admitted us: the second one's kept link is not needed.
      if (settled) {
        if ('kept' in outcome) outcome.kept?.channel.close();
        return;
      }
      settled = true;
      clearTimeout(deputyTimer);
      keeperAsk.abort();
      deputyAsk.abort();
      if ('failed' in outcome) reject(outcome.failed);
      else resolve(outcome);
    };
    const keeperFailed = (error: unknown): void => {
      keeperFailure = error;
      if (!isNoAnswer(error) || deputyDone) settle({ failed: error });
      else if (!deputyAsked) askDeputy();
    };
    askToJoin({ ...base, keeperId: keeperPeerId(roomId), signal: keeperAsk.signal }).then(
      (answer) => (answer.type === 'join-accepted' ? settle(answer) : keeperFailed(roomUnreachable(roomId))),
      keeperFailed,
    );
    function askDeputy(): void {
      if (deputyAsked || settled) return;
      deputyAsked = true;
      clearTimeout(deputyTimer);
      const deputyOver = (): void => {
        deputyDone = true;
        if (keeperFailure !== null) settle({ failed: keeperFailure });
      };
      askToJoin({ ...base, keeperId: deputyPeerId(roomId), signal: deputyAsk.signal }).then(
        (answer) => (answer.type === 'join-accepted' ? settle(answer) : deputyOver()),
        deputyOver,
      );
    }
  });
}
