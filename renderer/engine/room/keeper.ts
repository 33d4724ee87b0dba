/**
 * The room's keeper: a member that also holds the room's well-known peer id
 * and answers join requests on it. One conversation per joiner:
 *
 *   join-request ─► checks (name, version, space, lock, removal)
 *                ─► passcode-challenge / passcode-proof   (if the room has a passcode)
 *                ─► join-waiting … host decides           (if the room has a lobby)
 *                ─► join-accepted or join-rejected
 *                ─► (accepted, if the joiner offered it) the connection becomes our link to it
 *
 * It keeps no roster of its own: the session that owns it decides and
 * records each admission from its view of the room.
 */
import { OwnedTimers } from '../owned-timers.js';
import {
  FailureWindow,
  newChallenge,
  passcodeDelayMs,
  passcodeProof,
  proofsEqual,
} from '../access/passcode.js';
import { isMemberPeerIdOf } from '../names.js';
import type { PeerChannel, RendezvousPeer } from '../rendezvous/rendezvous-port.js';
import {
  type JoinRejected,
  type JoinRequest,
  type KeeperReply,
  type MemberInfo,
  type RoomPolicy,
  type Unstamped,
} from '../protocol/messages.js';
import { encode, parseKeeperRequest } from '../protocol/validate.js';
import type { Admission } from './admission.js';

export interface KeeperHooks {
  roomId: string;
  passcode(): string | null;
  policy(): RoomPolicy;
  /** Decides on a request from the room's current state, without recording anything. */
  decide(request: JoinRequest, joinerPeerId: string): Admission;
  /** Records an admitted member and tells the room. */
  record(member: MemberInfo): void;
  /** Everyone admitted before `joinerPeerId`, keeper included. */
  rosterFor(joinerPeerId: string): MemberInfo[];
  /** Whether the room counts this peer in already (a member back after a while away asks again). */
  isMember(peerId: string): boolean;
  /** With a lobby: asks the host; resolves true to let the joiner in. */
  askHost(joinerPeerId: string, name: string, cancelled: Promise<void>): Promise<boolean>;
  log(message: string, detail?: unknown): void;
  /** A joiner's connection to the keeper failed before it could ask anything. */
  unreachable(joinerPeerId: string): void;
  /** Our own member id: the member a kept connection links the joiner to (null: keep none). */
  memberId(): string | null;
  /** Takes an admitted joiner's connection as our member link to it (its request offered that). */
  keepAsLink(connection: PeerChannel): void;
}

/** A joiner that has not finished within this time is disconnected (a lobby wait excepted). */
const STEP_TIMEOUT_MS = 15_000;
/** An answer is left this long to be read before its connection closes (the deputy's too). */
export const ANSWER_LINGER_MS = 2000;

function rejection(code: JoinRejected['code'], reason: string): Unstamped<JoinRejected> {
  return { type: 'join-rejected', code, reason };
}

export class RoomKeeper {
  private readonly connections = new Set<PeerChannel>();
  private readonly failures = new FailureWindow();
  /** Every timer of every conversation, cleared when the keeper closes. */
  private readonly timers = new OwnedTimers();

  /** The well-known ids we answer on: the keeper id, and the deputy id while we act for a vanished keeper. */
  private readonly peers = new Set<RendezvousPeer>();

  constructor(private readonly hooks: KeeperHooks) {}

  /** Answers joiners on `peer` (the room's keeper id) from now on; closing the keeper lets it go. */
  listen(peer: RendezvousPeer): void {
    this.peers.add(peer);
    peer.on('connection', (connection) => void this.accept(connection));
    peer.on('call-refused', (peerId) =>
      this.hooks.log(`refused a media call to the room's id from ${peerId}`),
    );
  }

  /**
   * Gives our well-known ids back to the server at once, keeping their
   * connections: members who joined through the room's id have their links
   * on them, and what we still say (a bye) goes over those. `close` follows.
   */
  releaseIds(): void {
    for (const peer of this.peers) peer.disconnect();
  }

  close(): void {
    this.timers.clear();
    for (const connection of this.connections) connection.close();
    this.connections.clear();
    for (const peer of this.peers) peer.destroy();
    this.peers.clear();
  }

  /**
   * One joiner's conversation. `received` holds what the joiner already sent
   * on the connection before it was handed to us (a deputy read the request
   * before deciding to keep the room). `linkable`: the connection may become
   * the joiner's link to us; not one that came on the deputy id, which we
   * let go once the room's own id is ours. Resolves once we are done with
   * the connection: closed, or kept as a link (never, if the keeper closes).
   */
  accept(connection: PeerChannel, received: readonly string[] = [], linkable = true): Promise<void> {
    if (!isMemberPeerIdOf(this.hooks.roomId, connection.peer)) {
      this.hooks.log(`refused a keeper connection from ${connection.peer}: not a member id of this room`);
      connection.close();
      return Promise.resolve();
    }
    this.connections.add(connection);
    const incoming: string[] = [...received];
    let wake: (() => void) | null = null;
    let closed = false;
    const closedSignal = new Promise<void>((resolve) => connection.on('close', () => resolve()));
    void closedSignal.then(() => {
      closed = true;
      this.connections.delete(connection);
      wake?.();
    });
    connection.on('data', (data) => {
      if (typeof data === 'string' && incoming.length < 4) incoming.push(data);
      wake?.();
    });
    connection.on('error', (error) => this.hooks.log(`keeper connection error: ${error.message}`));
    // A joiner whose connection never opens found no network path to us.
    const cancelOpenCheck = this.timers.later(STEP_TIMEOUT_MS, () => {
      if (!closed && !connection.open) {
        this.hooks.unreachable(connection.peer);
        connection.close();
      }
    });
    connection.on('open', cancelOpenCheck);

    /** The next valid request from the joiner, or null on close or timeout. */
    const next = async (): Promise<ReturnType<typeof parseKeeperRequest> | null> => {
      const deadline = Date.now() + STEP_TIMEOUT_MS;
      while (!closed && Date.now() < deadline) {
        const raw = incoming.shift();
        if (raw !== undefined) return parseKeeperRequest(raw);
        let cancel = (): void => {};
        await new Promise<void>((resolve) => {
          wake = resolve;
          cancel = this.timers.later(deadline - Date.now(), resolve);
        });
        cancel();
        wake = null;
      }
      return null;
    };
    const send = (reply: Unstamped<KeeperReply>): void => {
      if (!closed) connection.send(encode(reply));
    };
    let kept = false;
    /** Right after the answer that says so: the connection is the joiner's link now, not ours. */
    const keep = linkable
      ? (): void => {
          kept = true;
          cancelOpenCheck();
          this.connections.delete(connection);
          connection.removeAllListeners();
          this.hooks.keepAsLink(connection);
        }
      : null;
    return new Promise((done) => {
      void this.converse(connection.peer, next, send, closedSignal, keep)
        .catch((error: unknown) => this.hooks.log('keeper conversation failed', error))
        .finally(() => {
          cancelOpenCheck();
          if (kept) return done();
          // Leave the joiner time to read the answer before the channel goes.
          this.timers.later(ANSWER_LINGER_MS, () => {
            connection.close();
            done();
          });
        });
    });
  }

  private async converse(
    joinerPeerId: string,
    next: () => Promise<ReturnType<typeof parseKeeperRequest> | null>,
    send: (reply: Unstamped<KeeperReply>) => void,
    closed: Promise<void>,
    keep: (() => void) | null,
  ): Promise<void> {
    const first = await next();
    if (!first) return;
    if (!first.ok || first.message.type !== 'join-request') {
      this.hooks.log(
        `dropped a keeper request from ${joinerPeerId}: ${first.ok ? 'expected join-request' : first.reason}`,
      );
      return;
    }
    const request = first.message;
    this.hooks.log(`join request from ${joinerPeerId} as '${request.name}'`);
    const refusal = this.policyRefusal(joinerPeerId) ?? this.decisionRefusal(request, joinerPeerId);
    if (refusal) return this.refuse(send, joinerPeerId, refusal);

    const passcode = this.hooks.passcode();
    if (passcode !== null) {
      const delay = passcodeDelayMs(this.failures.recent());
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      const challenge = newChallenge();
      send({ type: 'passcode-challenge', nonce: challenge });
      const answer = await next();
      if (!answer) return;
      const expected = await passcodeProof(passcode, challenge, this.hooks.roomId, joinerPeerId);
      if (
        !answer.ok ||
        answer.message.type !== 'passcode-proof' ||
        !proofsEqual(answer.message.proof, expected)
      ) {
        this.failures.record();
        return this.refuse(
          send,
          joinerPeerId,
          rejection('wrong-passcode', `Wrong passcode for room ${this.hooks.roomId}.`),
        );
      }
    }

    // A member the room still counts in is not kept waiting in the lobby.
    if (this.hooks.policy().lobby && !this.hooks.isMember(joinerPeerId)) {
      send({ type: 'join-waiting' });
      const letIn = await this.hooks.askHost(joinerPeerId, request.name, closed);
      if (!letIn) return this.refuse(send, joinerPeerId, rejection('denied', 'The host did not let you in.'));
    }

    // The room may have changed while the joiner proved or waited: decide again.
    const returning = this.hooks.isMember(joinerPeerId);
    const decision = this.hooks.decide(request, joinerPeerId);
    const late = this.policyRefusal(joinerPeerId);
    if (late) return this.refuse(send, joinerPeerId, late);
    if ('rejected' in decision) return this.refuse(send, joinerPeerId, decision.rejected);
    this.hooks.record(decision.admitted);
    // A joiner that offered it gets its link to us on this very connection,
    // without one more connection set-up before its first frame of video.
    const link = request.link === true && keep ? this.hooks.memberId() : null;
    send({
      type: 'join-accepted',
      you: decision.admitted,
      roster: this.hooks.rosterFor(joinerPeerId),
      returning,
      ...(link ? { link } : {}),
    });
    if (link) keep?.();
  }

  private policyRefusal(joinerPeerId: string): Unstamped<JoinRejected> | null {
    const policy = this.hooks.policy();
    if (policy.removed.includes(joinerPeerId))
      return rejection('removed', 'You were removed from this room.');
    // Locking keeps newcomers out, not members back after a while away.
    if (policy.locked && !this.hooks.isMember(joinerPeerId))
      return rejection('room-locked', `Room ${this.hooks.roomId} is locked.`);
    return null;
  }

  private decisionRefusal(request: JoinRequest, joinerPeerId: string): Unstamped<JoinRejected> | null {
    const decision = this.hooks.decide(request, joinerPeerId);
    return 'rejected' in decision ? decision.rejected : null;
  }

  private refuse(
    send: (reply: Unstamped<KeeperReply>) => void,
    joinerPeerId: string,
    reply: Unstamped<JoinRejected>,
  ): void {
    this.hooks.log(`refused ${joinerPeerId}: ${reply.reason}`);
    send(reply);
  }
}
