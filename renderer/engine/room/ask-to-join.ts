/**
 * The joiner's side of admission: connect to the room's well-known id, send
 * one join request, wait for the keeper's answer.
 */
import type { Peer, PeerError } from 'peerjs';
import { HuddleError } from '../errors.js';
import { PROTOCOL_VERSION, SUPPORTED_VERSIONS, type JoinAccepted } from '../protocol/messages.js';
import { encode, parseKeeperReply } from '../protocol/validate.js';

const ANSWER_TIMEOUT_MS = 10_000;

export function askToJoin(
  memberPeer: Peer,
  keeperId: string,
  roomId: string,
  name: string,
): Promise<JoinAccepted> {
  return new Promise((resolve, reject) => {
    const connection = memberPeer.connect(keeperId, { serialization: 'raw', reliable: true });
    const finish = (outcome: JoinAccepted | HuddleError): void => {
      clearTimeout(timer);
      memberPeer.off('error', onPeerError);
      connection.close();
      if (outcome instanceof HuddleError) reject(outcome);
      else resolve(outcome);
    };
    const unreachable = (): HuddleError =>
      new HuddleError(
        'room-unreachable',
        `Room '${roomId}' did not answer. Check the room id and try again.`,
      );
    const timer = setTimeout(() => finish(unreachable()), ANSWER_TIMEOUT_MS);
    // PeerJS reports an absent peer on the Peer, not on the connection.
    const onPeerError = (error: PeerError<string>): void => {
      if (error.type === 'peer-unavailable' && error.message.includes(keeperId)) finish(unreachable());
    };
    memberPeer.on('error', onPeerError);
    connection.on('open', () => {
      connection.send(
        encode({ v: PROTOCOL_VERSION, type: 'join-request', versions: [...SUPPORTED_VERSIONS], name }),
      );
    });
    connection.on('data', (data: unknown) => {
      const parsed = parseKeeperReply(data);
      if (!parsed.ok) {
        console.warn(`[huddle] dropped a reply from the keeper: ${parsed.reason}`);
        return;
      }
      const reply = parsed.message;
      if (reply.type === 'join-accepted') {
        finish(reply);
        return;
      }
      const code =
        reply.code === 'name-taken'
          ? 'name-taken'
          : reply.code === 'version-unsupported'
            ? 'version-unsupported'
            : 'join-rejected';
      finish(new HuddleError(code, reply.reason));
    });
  });
}
