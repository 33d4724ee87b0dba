/**
 * Huddle's room protocol: every message that crosses a PeerJS data connection.
 * The prose spec with examples is PROTOCOL.md beside this file; validate.ts
 * checks each message where it enters. Both sides import these types.
 */

/** The protocol version this build speaks. Every message carries it as `v`. */
export const PROTOCOL_VERSION = 1;
/** Versions this build can speak, offered by a joiner in `join-request`. */
export const SUPPORTED_VERSIONS: readonly number[] = [1];
/** Largest encoded message accepted from a peer, in UTF-16 code units of its JSON text. */
export const MAX_MESSAGE_LENGTH = 64 * 1024;

/** One admitted member as the room knows it. */
export interface MemberInfo {
  /** PeerJS id, derived from room id and normalised name (see names.ts). */
  peerId: string;
  /** Display name as the member typed it. */
  name: string;
  /** Admission order; the lowest order present keeps the room. */
  order: number;
}

/** What a member is sending right now. */
export interface MediaState {
  publishing: boolean;
  audioMuted: boolean;
  videoMuted: boolean;
}

export interface SessionDescription {
  type: 'offer' | 'answer';
  sdp: string;
}

export interface IceCandidate {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
  usernameFragment: string | null;
}

// ---- joiner -> keeper -------------------------------------------------------

/** A joiner asks the keeper to be admitted under the name its peer id encodes. */
export interface JoinRequest {
  v: number;
  type: 'join-request';
  versions: number[];
  name: string;
}

export type KeeperRequest = JoinRequest;

// ---- keeper -> joiner -------------------------------------------------------

export interface JoinAccepted {
  v: number;
  type: 'join-accepted';
  you: MemberInfo;
  /** Everyone admitted before the joiner, keeper included. */
  roster: MemberInfo[];
}

export type JoinRejectCode = 'name-taken' | 'name-invalid' | 'version-unsupported' | 'room-full';

export interface JoinRejected {
  v: number;
  type: 'join-rejected';
  code: JoinRejectCode;
  reason: string;
}

export type KeeperReply = JoinAccepted | JoinRejected;

// ---- member <-> member ------------------------------------------------------

/** First message each way on a member link. */
export interface Hello {
  v: number;
  type: 'hello';
  member: MemberInfo;
  media: MediaState;
}

/** The keeper tells existing members whom it has just admitted. */
export interface MemberAdmitted {
  v: number;
  type: 'member-admitted';
  member: MemberInfo;
}

/** The keeper tells members that an admitted joiner never arrived. */
export interface MemberDropped {
  v: number;
  type: 'member-dropped';
  peerId: string;
}

export interface MediaStateChanged {
  v: number;
  type: 'media-state';
  media: MediaState;
}

/** Offer/answer and trickled candidates for the link's media connection. */
export interface Signal {
  v: number;
  type: 'signal';
  description?: SessionDescription;
  candidate?: IceCandidate;
}

/** Sent before a member closes the link on purpose. */
export interface Bye {
  v: number;
  type: 'bye';
}

export type PeerMessage = Hello | MemberAdmitted | MemberDropped | MediaStateChanged | Signal | Bye;

export type AnyMessage = KeeperRequest | KeeperReply | PeerMessage;
