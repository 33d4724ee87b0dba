/**
 * Validation at the edge. Raw data from a data connection goes in; a typed,
 * freshly built message comes out, or a reason it was refused. Unknown fields
 * are tolerated and dropped; the input is never mutated.
 */
import {
  CHAT_HISTORY_LIMIT,
  JOIN_REJECT_CODES,
  MAX_CHAT_BYTES,
  MAX_MESSAGE_LENGTH,
  PROTOCOL_VERSION,
  type ChatEntry,
  type IceCandidate,
  type KeeperReply,
  type KeeperRequest,
  type MediaState,
  type JoinRejectCode,
  type MemberInfo,
  type PeerMessage,
  type RoomPolicy,
  type SessionDescription,
  type Unstamped,
} from './messages.js';
import type { TransferControl, TransferFrame } from './file-messages.js';
import { MAX_DISPLAY_DIMENSION } from '../media/display-size.js';
import { MAX_NAME_LENGTH } from '../names.js';
import {
  bool,
  fail,
  int,
  Invalid,
  isRecord,
  nonEmptyStr,
  record,
  str,
  type Fields,
  type Parsed,
} from './fields.js';
import { fileMessage, transferChunk, transferControl } from './validate-files.js';

export type { Parsed } from './fields.js';

function nullableStr(fields: Fields, key: string, maxLength: number): string | null {
  return fields[key] === null || fields[key] === undefined ? null : str(fields, key, maxLength);
}

function nullableInt(fields: Fields, key: string): number | null {
  return fields[key] === null || fields[key] === undefined ? null : int(fields, key, 0, 1024);
}

const MAX_PEER_ID = 256;
const MAX_ROSTER = 64;
const MAX_SDP = 60 * 1024;

function memberInfo(value: Fields): MemberInfo {
  return {
    peerId: nonEmptyStr(value, 'peerId', MAX_PEER_ID),
    name: nonEmptyStr(value, 'name', MAX_NAME_LENGTH * 2),
    order: int(value, 'order', 0, Number.MAX_SAFE_INTEGER),
  };
}

/** A MediaStream id as it appears in SDP (an msid): 1 to 64 token characters. */
const STREAM_ID = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]{1,64}$/u;

function mediaState(value: Fields): MediaState {
  const media: MediaState = {
    publishing: bool(value, 'publishing'),
    audioMuted: bool(value, 'audioMuted'),
    videoMuted: bool(value, 'videoMuted'),
  };
  // Optional: peers from before screen sharing leave it out.
  if (value.screen === null) media.screen = null;
  else if (value.screen !== undefined) {
    const screen = str(value, 'screen', 64);
    if (!STREAM_ID.test(screen)) fail('screen must be a stream id (1 to 64 token characters)');
    media.screen = screen;
  }
  return media;
}

function roomPolicy(value: Fields): RoomPolicy {
  const removed = value.removed;
  if (!Array.isArray(removed) || removed.length > MAX_ROSTER * 4) fail('removed must be a short list');
  return {
    locked: bool(value, 'locked'),
    lobby: bool(value, 'lobby'),
    removed: removed.map((item: unknown) => {
      if (typeof item !== 'string' || item.length === 0 || item.length > MAX_PEER_ID)
        fail('removed holds peer ids');
      return item;
    }),
  };
}

function description(value: Fields): SessionDescription {
  const type = value.type;
  if (type !== 'offer' && type !== 'answer') fail('description.type must be offer or answer');
  return { type, sdp: nonEmptyStr(value, 'sdp', MAX_SDP) };
}

function candidate(value: Fields): IceCandidate {
  return {
    candidate: str(value, 'candidate', 1024),
    sdpMid: nullableStr(value, 'sdpMid', 64),
    sdpMLineIndex: nullableInt(value, 'sdpMLineIndex'),
    usernameFragment: nullableStr(value, 'usernameFragment', 256),
  };
}

const MAX_FEATURES = 16;

/** Optional: members from before features leave it out; unknown features are kept, and ignored. */
function features(fields: Fields): { features?: string[] } {
  const value = fields.features;
  if (value === undefined) return {};
  if (!Array.isArray(value) || value.length > MAX_FEATURES)
    fail(`features must be a list of at most ${MAX_FEATURES}`);
  return {
    features: value.map((item: unknown) => {
      if (typeof item !== 'string' || item.length === 0 || item.length > 32)
        fail('features are short strings');
      return item;
    }),
  };
}

/** A chat message id: random letters and digits, so one can be told from another, never shown. */
const CHAT_ID = /^[A-Za-z0-9_-]{8,64}$/u;
const utf8 = new TextEncoder();

function chatId(fields: Fields): string {
  const id = str(fields, 'id', 64);
  if (!CHAT_ID.test(id)) fail('id must be 8 to 64 letters, digits, - or _');
  return id;
}

/** Exported for the sender, which refuses what a receiver would. */
export function chatTextProblem(text: string): string | null {
  if (text.trim().length === 0) return 'text must not be empty';
  // A UTF-16 unit is 1 to 3 UTF-8 bytes: the cheap test first.
  if (text.length > MAX_CHAT_BYTES || utf8.encode(text).length > MAX_CHAT_BYTES)
    return `text is longer than ${MAX_CHAT_BYTES} bytes`;
  return null;
}

function chatText(fields: Fields): string {
  const text = str(fields, 'text', MAX_CHAT_BYTES);
  const problem = chatTextProblem(text);
  if (problem) fail(problem);
  return text;
}

/** Shape only: that `name` is the one `from` encodes is the engine's check (room-chat.ts), which knows the room. */
function chatEntry(value: unknown): ChatEntry {
  if (!isRecord(value)) fail('messages must be objects');
  return {
    id: chatId(value),
    from: nonEmptyStr(value, 'from', MAX_PEER_ID),
    name: nonEmptyStr(value, 'name', MAX_NAME_LENGTH * 2),
    sentAt: int(value, 'sentAt', 0, Number.MAX_SAFE_INTEGER),
    text: chatText(value),
  };
}

/**
 * Decodes the text of one message and checks the envelope shared by all:
 * size, JSON, `v`, `type`. Only a join request may come in another version
 * than ours: the keeper reads it to say which versions it speaks.
 */
function envelope(raw: unknown): { fields: Fields; type: string } {
  if (typeof raw !== 'string') fail('message is not text');
  if (raw.length > MAX_MESSAGE_LENGTH) fail(`message is larger than ${MAX_MESSAGE_LENGTH} characters`);
  let decoded: unknown;
  try {
    decoded = JSON.parse(raw);
  } catch {
    fail('message is not JSON');
  }
  if (!isRecord(decoded)) fail('message is not an object');
  const type = decoded.type;
  const anyVersion = type === 'join-request' && Number.isInteger(decoded.v) && Number(decoded.v) >= 1;
  if (decoded.v !== PROTOCOL_VERSION && !anyVersion)
    fail(`unsupported protocol version ${JSON.stringify(decoded.v)}`);
  if (typeof type !== 'string') fail('message has no type');
  return { fields: decoded, type };
}

function parseWith<T>(raw: unknown, build: (fields: Fields, type: string) => T): Parsed<T> {
  try {
    const { fields, type } = envelope(raw);
    return { ok: true, message: build(fields, type) };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, reason: error.message };
    throw error;
  }
}

const v = PROTOCOL_VERSION;

/** What a keeper accepts from a joiner. */
export function parseKeeperRequest(raw: unknown): Parsed<KeeperRequest> {
  return parseWith(raw, (fields, type): KeeperRequest => {
    if (type === 'passcode-proof') {
      const proof = str(fields, 'proof', 64);
      if (!/^[0-9a-f]{64}$/u.test(proof)) fail('proof must be 64 hex digits');
      return { v, type, proof };
    }
    if (type !== 'join-request') fail(`unknown keeper request "${type.slice(0, 40)}"`);
    const versions = fields.versions;
    if (!Array.isArray(versions) || versions.length === 0 || versions.length > 16) {
      fail('versions must be a list of 1 to 16 numbers');
    }
    const checked = versions.map((item: unknown) => {
      if (typeof item !== 'number' || !Number.isInteger(item) || item < 1) fail('versions must be integers');
      return item;
    });
    return {
      v: Number(fields.v),
      type,
      versions: checked,
      name: nonEmptyStr(fields, 'name', MAX_NAME_LENGTH * 2),
      ...(fields.link === undefined ? {} : { link: bool(fields, 'link') }),
    };
  });
}

/** What a joiner accepts from a keeper. */
export function parseKeeperReply(raw: unknown): Parsed<KeeperReply> {
  return parseWith(raw, (fields, type): KeeperReply => {
    switch (type) {
      case 'join-accepted': {
        const roster = fields.roster;
        if (!Array.isArray(roster) || roster.length > MAX_ROSTER)
          fail(`roster must be a list of at most ${MAX_ROSTER}`);
        return {
          v,
          type,
          you: memberInfo(record(fields, 'you')),
          roster: roster.map((item: unknown) => {
            if (!isRecord(item)) fail('roster entries must be objects');
            return memberInfo(item);
          }),
          ...(fields.returning === undefined ? {} : { returning: bool(fields, 'returning') }),
          ...(fields.link === undefined ? {} : { link: nonEmptyStr(fields, 'link', MAX_PEER_ID) }),
        };
      }
      case 'join-rejected': {
        const code = fields.code;
        if (!JOIN_REJECT_CODES.includes(code as JoinRejectCode)) fail('unknown rejection code');
        return { v, type, code: code as JoinRejectCode, reason: str(fields, 'reason', 500) };
      }
      case 'passcode-challenge': {
        const nonce = nonEmptyStr(fields, 'nonce', 64);
        if (!/^[A-Za-z0-9+/]+={0,2}$/u.test(nonce)) fail('nonce must be base64');
        return { v, type, nonce };
      }
      case 'join-waiting':
      case 'ask-keeper':
        return { v, type };
      default:
        return fail(`unknown keeper reply "${type.slice(0, 40)}"`);
    }
  });
}

/** What one member accepts from another on their link. */
export function parsePeerMessage(raw: unknown): Parsed<PeerMessage> {
  return parseWith(raw, (fields, type): PeerMessage => {
    switch (type) {
      case 'hello':
        return {
          ...features(fields),
          v,
          type,
          member: memberInfo(record(fields, 'member')),
          media: mediaState(record(fields, 'media')),
          session: nonEmptyStr(fields, 'session', 64),
          relayed: bool(fields, 'relayed'),
        };
      case 'member-admitted':
        return { v, type, member: memberInfo(record(fields, 'member')) };
      case 'member-dropped':
        return { v, type, peerId: nonEmptyStr(fields, 'peerId', MAX_PEER_ID) };
      case 'media-state':
        return { v, type, media: mediaState(record(fields, 'media')) };
      case 'signal': {
        const hasDescription = fields.description !== undefined;
        const hasCandidate = fields.candidate !== undefined;
        if (hasDescription === hasCandidate) fail('signal carries exactly one of description or candidate');
        return hasDescription
          ? { v, type, description: description(record(fields, 'description')) }
          : { v, type, candidate: candidate(record(fields, 'candidate')) };
      }
      case 'room-policy':
        return { v, type, policy: roomPolicy(record(fields, 'policy')) };
      case 'path':
        return { v, type, relayed: bool(fields, 'relayed') };
      case 'chat':
        return {
          v,
          type,
          id: chatId(fields),
          sentAt: int(fields, 'sentAt', 0, Number.MAX_SAFE_INTEGER),
          text: chatText(fields),
          direct: bool(fields, 'direct'),
        };
      case 'chat-history': {
        const messages = fields.messages;
        if (!Array.isArray(messages) || messages.length > CHAT_HISTORY_LIMIT)
          fail(`messages must be a list of at most ${CHAT_HISTORY_LIMIT}`);
        return { v, type, messages: messages.map((item: unknown) => chatEntry(item)) };
      }
      case 'display-size': {
        const stream = fields.stream;
        if (stream !== 'camera' && stream !== 'screen') fail('stream must be camera or screen');
        return {
          v,
          type,
          stream,
          width: int(fields, 'width', 0, MAX_DISPLAY_DIMENSION),
          height: int(fields, 'height', 0, MAX_DISPLAY_DIMENSION),
        };
      }
      case 'media-renew':
        // Only `true` means an answer; anything but a boolean is refused.
        return fields.reply !== undefined && bool(fields, 'reply') ? { v, type, reply: true } : { v, type };
      case 'removed':
      case 'ping':
        return { v, type };
      case 'bye':
        return { v, type };
      default:
        return fileMessage(fields, type, v) ?? fail(`unknown message type "${type.slice(0, 40)}"`);
    }
  });
}

/**
 * What one end of a transfer channel accepts from the other: binary frames
 * are chunks of the file, text frames are controls (file-messages.ts).
 */
export function parseTransferFrame(raw: unknown): Parsed<TransferFrame> {
  if (raw instanceof ArrayBuffer || ArrayBuffer.isView(raw)) {
    try {
      return { ok: true, message: transferChunk(raw) };
    } catch (error) {
      if (error instanceof Invalid) return { ok: false, reason: error.message };
      throw error;
    }
  }
  return parseWith(raw, (fields, type) => transferControl(fields, type, v));
}

/** Encodes a message for the wire, stamped with our protocol version. The one place messages become text. */
export function encode(
  message: Unstamped<KeeperRequest | KeeperReply | PeerMessage | TransferControl>,
): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, ...message });
}
