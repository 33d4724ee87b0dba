/**
 * Huddle's room protocol: every message that crosses a PeerJS data connection.
 * The prose spec with examples is PROTOCOL.md beside this file; validate.ts
 * checks each message where it enters. Both sides import these types. The
 * file-transfer messages are in file-messages.ts.
 */
import { FILES_FEATURE, type FileMessage } from './file-messages.js';

/** The protocol version this build speaks. Every message carries it as `v`. */
export const PROTOCOL_VERSION = 1;
/** Versions this build can speak, offered by a joiner in `join-request`. */
export const SUPPORTED_VERSIONS: readonly number[] = [1];
/** What this build can do beyond version 1's first release, told in every hello (see Hello.features). */
export const MEMBER_FEATURES: readonly string[] = ['media-renew', 'chat', FILES_FEATURE, 'display-size'];
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
  /**
   * The MediaStream id of the screen this member shares (the receiver sees it
   * as the incoming track's stream id), or null/absent when not sharing.
   * Absent from peers older than screen sharing.
   */
  screen?: string | null;
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
  /**
   * The joiner can take this connection as its member link to whoever admits
   * it (see `JoinAccepted.link`). Absent from older joiners.
   */
  link?: boolean;
}

/** The joiner's answer to a passcode challenge: HMAC-SHA-256 of the challenge, keyed by the passcode (hex). */
export interface PasscodeProof {
  v: number;
  type: 'passcode-proof';
  proof: string;
}

export type KeeperRequest = JoinRequest | PasscodeProof;

// ---- keeper -> joiner -------------------------------------------------------

export interface JoinAccepted {
  v: number;
  type: 'join-accepted';
  you: MemberInfo;
  /** Everyone admitted before the joiner, keeper included. */
  roster: MemberInfo[];
  /**
   * The room counted the joiner in already: a member back after a while
   * away keeps its place and its links. Absent (older keepers) or false: it
   * is in afresh.
   */
  returning?: boolean;
  /**
   * The admitting member kept this connection as its member link to the
   * joiner, and is the member with this peer id: its hello follows on it.
   * Only to a joiner whose request said `link`; absent, the connection closes
   * and the joiner dials everyone in the roster.
   */
  link?: string;
}

export type JoinRejectCode =
  | 'name-taken'
  | 'name-invalid'
  | 'version-unsupported'
  | 'room-full'
  | 'wrong-passcode'
  | 'room-locked'
  | 'removed'
  | 'denied';

export const JOIN_REJECT_CODES: readonly JoinRejectCode[] = [
  'name-taken',
  'name-invalid',
  'version-unsupported',
  'room-full',
  'wrong-passcode',
  'room-locked',
  'removed',
  'denied',
];

export interface JoinRejected {
  v: number;
  type: 'join-rejected';
  code: JoinRejectCode;
  reason: string;
}

/** The room has a passcode: prove you know it without sending it. */
export interface PasscodeChallenge {
  v: number;
  type: 'passcode-challenge';
  /** Random bytes, base64; the proof covers them, the room id and the joiner's peer id. */
  nonce: string;
}

/** The room has a lobby: wait until the host lets you in (or not). */
export interface JoinWaiting {
  v: number;
  type: 'join-waiting';
}

/**
 * From the room's deputy: the keeper is alive (we hear it), so ask the
 * keeper. Sent to a joiner that asked the deputy, and to a keeper checking
 * whether the room moved on without it.
 */
export interface AskKeeper {
  v: number;
  type: 'ask-keeper';
}

export type KeeperReply = JoinAccepted | JoinRejected | PasscodeChallenge | JoinWaiting | AskKeeper;

// ---- member <-> member ------------------------------------------------------

/** First message each way on a member link. */
export interface Hello {
  v: number;
  type: 'hello';
  member: MemberInfo;
  media: MediaState;
  /** Random per session: a member that comes back with another one restarted and needs fresh media. */
  session: string;
  relayed: boolean;
  /**
   * What this member's build can do beyond version 1's first release, so
   * members of different builds still meet: `media-renew`, `chat`, `files`,
   * `display-size`. Absent from
   * older members.
   */
  features?: string[];
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

/** How the room admits people; the keeper tells every member, so a successor keeps it. */
export interface RoomPolicy {
  locked: boolean;
  lobby: boolean;
  /** Peer ids the host removed; refused by the keeper and by every member. */
  removed: string[];
}

export interface RoomPolicyChanged {
  v: number;
  type: 'room-policy';
  policy: RoomPolicy;
}

/** The keeper tells a member it has been removed from the room. */
export interface Removed {
  v: number;
  type: 'removed';
}

/** A member's own path to the room changed: through a TURN relay, or direct. */
export interface PathChanged {
  v: number;
  type: 'path';
  relayed: boolean;
}

/** Sent every couple of seconds on an idle link, so each side knows the other is still there. */
export interface Ping {
  v: number;
  type: 'ping';
}

/**
 * Asks the member to replace its media connection with a fresh one (the
 * self-healing guard's second repair), or, with `reply`, answers such a
 * request once done. The flag keeps a late answer from being read as a new
 * request (which the asker would answer, and so on for ever); earlier builds
 * answer without it and ignore it.
 */
export interface MediaRenew {
  v: number;
  type: 'media-renew';
  reply?: true;
}

/**
 * The size at which the receiver shows the member's camera or screen, in
 * device pixels rounded up to steps (media/display-size.ts); 0 by 0 when it
 * does not show it at all. The member sends that link no more than this
 * (media/send-encoding.ts). Sent only to members whose hello lists
 * `display-size`; a member that never hears one sends full size.
 */
export interface DisplaySizeReport {
  v: number;
  type: 'display-size';
  stream: 'camera' | 'screen';
  width: number;
  height: number;
}

/** Longest chat text, in UTF-8 bytes. */
export const MAX_CHAT_BYTES = 4096;
/** Room messages (not direct ones) a member keeps and gives to members who arrive later. */
export const CHAT_HISTORY_LIMIT = 200;

/**
 * A chat message from the member at the other end of the link: to everyone,
 * or to the receiver alone (`direct`). The link says who sent it, so it
 * carries no sender. Sent only to members whose hello lists `chat`.
 */
export interface ChatText {
  v: number;
  type: 'chat';
  /** Chosen at random by the sender: copies of one message (from history) are recognised by it. */
  id: string;
  /** The sender's clock, milliseconds since 1970. */
  sentAt: number;
  /** 1 to MAX_CHAT_BYTES UTF-8 bytes; shown as text, never as markup. */
  text: string;
  /** To the receiver only: never kept in the room's history, never passed on. */
  direct: boolean;
}

/** One room message as members keep it and pass it on to those who arrive later. */
export interface ChatEntry {
  id: string;
  /** The sender's peer id, and its name when it sent (the name must derive to the id). */
  from: string;
  name: string;
  sentAt: number;
  text: string;
}

/**
 * Recent room messages, sent to a member whose hello lists `chat`, after
 * its hello: a late joiner sees what was said, and a link back from an
 * interruption gets what it missed. Direct messages are never in it. Long
 * histories come as several of these, each within MAX_MESSAGE_LENGTH.
 */
export interface ChatHistory {
  v: number;
  type: 'chat-history';
  messages: ChatEntry[];
}

/** Sent before a member closes the link on purpose. */
export interface Bye {
  v: number;
  type: 'bye';
}

export type PeerMessage =
  | Hello
  | MemberAdmitted
  | MemberDropped
  | MediaStateChanged
  | Signal
  | RoomPolicyChanged
  | Removed
  | Ping
  | PathChanged
  | MediaRenew
  | DisplaySizeReport
  | ChatText
  | ChatHistory
  | FileMessage
  | Bye;

export type AnyMessage = KeeperRequest | KeeperReply | PeerMessage;

/**
 * A message as its sender writes it: everything but `v`, which `encode`
 * stamps on every message, in one place.
 */
export type Unstamped<T> = T extends unknown ? Omit<T, 'v'> : never;
