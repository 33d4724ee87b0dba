/**
 * The keeper's decision on one join request, as a pure function so every
 * rule is unit-tested. The name's uniqueness is already guaranteed by the
 * rendezvous server (the peer id encodes it); this checks that the request
 * matches the id it came from and that the room has space.
 */
import { checkDisplayName, memberPeerId, normaliseName } from '../names.js';
import {
  SUPPORTED_VERSIONS,
  type JoinRejected,
  type MemberInfo,
  type Unstamped,
} from '../protocol/messages.js';
import type { JoinRequest } from '../protocol/messages.js';

export type Admission = { admitted: MemberInfo } | { rejected: Unstamped<JoinRejected> };

export interface AdmissionContext {
  roomId: string;
  /** Everyone admitted so far, keeper included. */
  members: readonly MemberInfo[];
  maxMembers: number;
}

function reject(code: JoinRejected['code'], reason: string): Admission {
  return { rejected: { type: 'join-rejected', code, reason } };
}

export function decideAdmission(
  request: JoinRequest,
  joinerPeerId: string,
  context: AdmissionContext,
): Admission {
  if (!request.versions.some((version) => SUPPORTED_VERSIONS.includes(version))) {
    return reject(
      'version-unsupported',
      `This room speaks protocol version ${SUPPORTED_VERSIONS.join(', ')}; your app speaks ${request.versions.join(', ')}. Update the older app.`,
    );
  }
  let name: string;
  try {
    name = checkDisplayName(request.name);
  } catch (error) {
    return reject('name-invalid', error instanceof Error ? error.message : 'Invalid name.');
  }
  if (memberPeerId(context.roomId, name) !== joinerPeerId) {
    return reject('name-invalid', 'The name does not match the connection it was sent from.');
  }
  const normalised = normaliseName(name);
  const others = context.members.filter((member) => member.peerId !== joinerPeerId);
  if (others.some((member) => normaliseName(member.name) === normalised)) {
    return reject('name-taken', `The name '${name}' is already taken in this room.`);
  }
  if (others.length >= context.maxMembers) {
    return reject('room-full', `This room is full (${context.maxMembers} people).`);
  }
  const order = context.members.reduce((highest, member) => Math.max(highest, member.order), -1) + 1;
  const previous = context.members.find((member) => member.peerId === joinerPeerId);
  // A member admitted before (and reconnecting) keeps its place in the order.
  return { admitted: { peerId: joinerPeerId, name, order: previous?.order ?? order } };
}
