/**
 * The joiner's side of admission: connect to the room's well-known id (the
 * keeper's, or the deputy's), send a join request, answer a passcode
 * challenge if there is one, wait in the lobby if there is one, and get the
 * answer. A deputy that still hears the keeper answers `ask-keeper`.
 */
import { passcodeProof } from '../access/passcode.js';
import { HuddleError, type HuddleErrorCode } from '../errors.js';
import type { PeerChannel, RendezvousPeer } from '../rendezvous/rendezvous-port.js';
import {
  SUPPORTED_VERSIONS,
  type AskKeeper,
  type JoinAccepted,
  type JoinRejectCode,
} from '../protocol/messages.js';
import { encode, parseKeeperReply } from '../protocol/validate.js';

const ANSWER_TIMEOUT_MS = 15_000;
/** Waiting in a lobby is a person's decision, not a network round trip. */
const LOBBY_TIMEOUT_MS = 10 * 60_000;
/** Messages a kept link may carry before the link takes it (in practice none: it is taken at once). */
const KEPT_BUFFER_LIMIT = 400;

export interface JoinAttempt {
  memberPeer: RendezvousPeer;
  /** The room's keeper id, or its deputy id. */
  keeperId: string;
  roomId: string;
  name: string;
  passcode: string | null;
  /** Called when the keeper puts us in its lobby. */
  onWaiting: () => void;
  /** Called when the room asks for its passcode. */
  onChallenged: () => void;
  /** Whether a TURN relay is configured, to say why a connection failed. */
  relayConfigured: boolean;
  /** How long to wait for an answer (15 s unless said). */
  answerTimeoutMs?: number;
  /** Aborting gives up the attempt: its connection closes and it rejects. */
  signal?: AbortSignal;
  /** Each step of the conversation, for the page's log: a join that hangs says where. */
  log?: (message: string) => void;
  /**
   * Offer this connection as our member link to whoever admits us, saving
   * the link a connection set-up of its own: for a first join (a member back
   * from a while away has its links).
   */
  offerLink?: boolean;
}

/**
 * The connection we asked to join on, kept by the member that admitted us as
 * its link to us (`JoinAccepted.link`), and what came on it since.
 */
export interface KeptLink {
  /** The admitting member's own peer id (the connection went to the room's id). */
  peerId: string;
  channel: PeerChannel;
  /** What arrived after the admission, in order, for the link to read first. */
  received: unknown[];
}

/** The room let us in (`kept`: on a connection it kept as a link). */
export type Admitted = JoinAccepted & { kept?: KeptLink };

/** The room let us in, or (from a deputy) told us to ask its keeper. */
export type JoinAnswer = Admitted | AskKeeper;

const errorCodes: Record<JoinRejectCode, HuddleErrorCode> = {
  'name-taken': 'name-taken',
  'name-invalid': 'name-invalid',
  'version-unsupported': 'version-unsupported',
  'room-full': 'join-rejected',
  'wrong-passcode': 'wrong-passcode',
  'room-locked': 'room-locked',
  removed: 'removed',
  denied: 'join-rejected',
};

/** The room gave no answer at all: nobody holds its id, or whoever does never replied. */
export function roomUnreachable(roomId: string): HuddleError {
  return new HuddleError(
    'room-unreachable',
    `Room '${roomId}' did not answer. Check the room id and try again.`,
  );
}

export function askToJoin(attempt: JoinAttempt): Promise<JoinAnswer> {
  const { memberPeer, keeperId, roomId, name, passcode } = attempt;
  const log = attempt.log ?? (() => {});
  return new Promise((resolve, reject) => {
    // Not registered with the server right now (reconnecting): nothing can reach the room.
    if (memberPeer.disconnected) {
      reject(new HuddleError('server-unreachable', 'Not connected to the rendezvous server right now.'));
      return;
    }
    const connection = memberPeer.connect(keeperId);
    let opened = false;
    // No answer in time: if the connection never even opened, say so rather than blame the room.
    let timer = setTimeout(
      () => finish(opened ? unreachable() : connection.answered ? noPath() : notAnswering()),
      attempt.answerTimeoutMs ?? ANSWER_TIMEOUT_MS,
    );
    const finish = (outcome: JoinAnswer | HuddleError): void => {
      clearTimeout(timer);
      const kept = !(outcome instanceof HuddleError) && 'kept' in outcome;
      log(
        `${keeperId}: ${outcome instanceof HuddleError ? `${outcome.code}: ${outcome.message}` : outcome.type}` +
          (kept ? ': this connection is now our link to it' : ''),
      );
      memberPeer.off('unavailable', onUnavailable);
      attempt.signal?.removeEventListener('abort', onAbort);
      if (!kept) connection.close();
      if (outcome instanceof HuddleError) reject(outcome);
      else resolve(outcome);
    };
    /** The admitting member kept the connection as its link: hold what comes until the link takes it. */
    const keep = (accepted: JoinAccepted, peerId: string): Admitted => {
      const received: unknown[] = [];
      connection.removeAllListeners();
      connection.on('data', (data) => {
        if (received.length < KEPT_BUFFER_LIMIT) received.push(data);
        else connection.close();
      });
      return { ...accepted, kept: { peerId, channel: connection, received } };
    };
    /** A kept link must be to a member of the roster we were given, not to ourselves. */
    const keptBy = (accepted: JoinAccepted): string | null =>
      attempt.offerLink &&
      accepted.link !== undefined &&
      accepted.link !== memberPeer.id &&
      accepted.roster.some((member) => member.peerId === accepted.link)
        ? accepted.link
        : null;
    const unreachable = (): HuddleError => roomUnreachable(roomId);
    // The server holds the room's id but nobody answers on it: its keeper's
    // network is gone (a closed laptop), and the server has not noticed yet.
    const notAnswering = (): HuddleError =>
      new HuddleError(
        'room-not-answering',
        `Room '${roomId}' is not answering: whoever keeps it may have lost their network. Try again in a minute.`,
      );
    // Nobody holds the keeper's id (any more).
    const onUnavailable = (peerId: string): void => {
      if (peerId === keeperId) finish(unreachable());
    };
    memberPeer.on('unavailable', onUnavailable);
    const onAbort = (): void => finish(unreachable());
    attempt.signal?.addEventListener('abort', onAbort);
    // A TURN server answering 401 means our relay credentials are wrong: say so, it is fixable.
    let relayRefused = false;
    connection.onRelayRefused(() => (relayRefused = true));
    const noPath = (): HuddleError =>
      new HuddleError(
        'connection-failed',
        relayRefused
          ? `Could not connect to room '${roomId}': no direct path, and the relay refused our credentials.`
          : attempt.relayConfigured
            ? `Could not connect to room '${roomId}': no direct path, and the relay could not be reached either.`
            : `Could not connect to room '${roomId}': no direct path, and no relay (TURN) server is configured.`,
      );
    // ICE found no path to the keeper at all (UDP blocked, no relay, or the relay unreachable).
    connection.on('error', () => finish(noPath()));
    connection.on('open', () => {
      opened = true;
      log(`${keeperId}: connected; sending our join request`);
      connection.send(
        encode({
          type: 'join-request',
          versions: [...SUPPORTED_VERSIONS],
          name,
          ...(attempt.offerLink ? { link: true } : {}),
        }),
      );
    });
    connection.on('data', (data) => {
      const parsed = parseKeeperReply(data);
      if (!parsed.ok) {
        console.warn(`[huddle] dropped a reply from the keeper: ${parsed.reason}`);
        return;
      }
      const reply = parsed.message;
      switch (reply.type) {
        case 'join-accepted': {
          const linkPeer = keptBy(reply);
          finish(linkPeer ? keep(reply, linkPeer) : reply);
          return;
        }
        case 'ask-keeper':
          finish(reply);
          return;
        case 'join-rejected':
          finish(new HuddleError(errorCodes[reply.code], reply.reason));
          return;
        case 'join-waiting':
          log(`${keeperId}: waiting in the lobby`);
          clearTimeout(timer);
          timer = setTimeout(() => finish(unreachable()), LOBBY_TIMEOUT_MS);
          attempt.onWaiting();
          return;
        case 'passcode-challenge':
          log(`${keeperId}: asked for the passcode`);
          attempt.onChallenged();
          if (passcode === null || passcode === '') {
            finish(new HuddleError('wrong-passcode', `Room ${roomId} needs a passcode.`));
            return;
          }
          void passcodeProof(passcode, reply.nonce, roomId, memberPeer.id).then((proof) =>
            connection.send(encode({ type: 'passcode-proof', proof })),
          );
          return;
      }
    });
  });
}
