/**
 * The room's chat as this member sees it: what was said to everyone and
 * what was said to or by us alone, in the order it reached us.
 *
 * Nobody stores the room's conversation but its members. Each keeps the
 * room messages it has seen and, after a member's hello on a link, gives it
 * the last CHAT_HISTORY_LIMIT of them (`chat-history`): a late joiner sees
 * what was said, and a link back from an interruption gets what reached us
 * since it broke.
 * Copies from several members are recognised by sender and id and shown
 * once. Direct messages are never kept for others and never passed on. When
 * the last member leaves, the conversation is gone.
 *
 * Only members whose hello lists the `chat` feature are sent anything:
 * those of earlier builds see no chat, and never a message type they do not
 * know.
 */
import { Emitter } from '../emitter.js';
import { HuddleError } from '../errors.js';
import { memberPeerId } from '../names.js';
import {
  CHAT_HISTORY_LIMIT,
  MAX_MESSAGE_LENGTH,
  type ChatEntry,
  type ChatHistory,
  type ChatText,
  type PeerMessage,
  type Unstamped,
} from '../protocol/messages.js';
import { chatTextProblem } from '../protocol/validate.js';
import { SILENCE_LIMIT_MS } from './link-channel.js';
import type { RoomContext } from './room-context.js';

/** The hello feature that says a member's build has chat. */
export const CHAT_FEATURE = 'chat';
/**
 * Lines kept for this member's own panel: more than the history it passes
 * on, so nobody loses the start of a long meeting, but bounded, so a busy
 * room cannot grow the page without end.
 */
export const CHAT_LINES_SHOWN = 1000;
/**
 * After a blip, lines that reached us this long before the link was marked
 * interrupted are sent again too: a channel is found dead only after its
 * silence limit, and what went out meanwhile may have died with it.
 */
const CATCH_UP_MARGIN_MS = 2 * SILENCE_LIMIT_MS;
/** A history message's entries stay this far under the message size limit (the envelope's room). */
const HISTORY_CHUNK_BUDGET = MAX_MESSAGE_LENGTH - 256;

/** One line of the chat as shown. */
export interface ChatLine extends ChatEntry {
  /** Null for a message to everyone; for a direct message, the peer id of its recipient. */
  to: string | null;
  /** We sent it (in this session, or in an earlier one under the same name, as history says). */
  mine: boolean;
}

/** What the chat needs of a member link. */
export interface ChatLink {
  readonly peerId: string;
  readonly isOpen: boolean;
  /** Whether the member's hello listed this feature. */
  offers(feature: string): boolean;
  send(message: Unstamped<PeerMessage>): void;
}

export interface ChatLinks {
  get(peerId: string): ChatLink | undefined;
  all(): Iterable<ChatLink>;
}

export interface RoomChatEvents {
  /** The lines changed: every line, oldest first. */
  changed: readonly ChatLine[];
  /** Lines from others that we had not seen (one live message, or the new part of a history). */
  arrived: readonly ChatLine[];
}

/** 128 random bits as hex: ids collide only by design, which dedupe then hides. */
function newMessageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const keyOf = (entry: Pick<ChatEntry, 'from' | 'id'>): string => `${entry.from} ${entry.id}`;

/** Splits entries into lists that each encode well within the message size limit. */
export function historyChunks(entries: readonly ChatEntry[]): ChatEntry[][] {
  const chunks: ChatEntry[][] = [];
  let chunk: ChatEntry[] = [];
  let size = 0;
  for (const entry of entries) {
    const length = JSON.stringify(entry).length + 1;
    if (chunk.length > 0 && size + length > HISTORY_CHUNK_BUDGET) {
      chunks.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(entry);
    size += length;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

export class RoomChat extends Emitter<RoomChatEvents> {
  private lines: ChatLine[] = [];
  /** Every line shown, by sender and id: when it reached us (Date.now()). Also how copies are recognised. */
  private readonly arrivedAt = new Map<string, number>();

  constructor(
    private readonly ctx: Pick<RoomContext, 'roomId' | 'roster' | 'log'>,
    private readonly links: ChatLinks,
  ) {
    super();
  }

  get messages(): readonly ChatLine[] {
    return this.lines;
  }

  /**
   * Sends `text` to everyone (`to` null) or to one member. Refused with a
   * HuddleError, and not shown, when it is too long or empty, or when the
   * one member cannot get it now. A message to everyone reaches members
   * whose link is interrupted later, with the history their hello brings.
   */
  send(text: string, to: string | null): ChatLine {
    const me = this.ctx.roster.me;
    if (!me) throw new HuddleError('not-joined', 'Join a room before you send a message.');
    const problem = chatTextProblem(text);
    if (problem) throw new HuddleError('chat-invalid', `The message was not sent: its ${problem}.`);
    const message: Unstamped<ChatText> = {
      type: 'chat',
      id: newMessageId(),
      sentAt: Date.now(),
      text,
      direct: to !== null,
    };
    if (to === null) {
      for (const link of this.links.all()) if (link.offers(CHAT_FEATURE)) link.send(message);
    } else {
      const link = this.links.get(to);
      const name = this.ctx.roster.others.get(to)?.name ?? 'That member';
      // Nothing would ever bring a direct message that is not delivered now.
      if (!link) throw new HuddleError('chat-unreachable', `${name} is not in the room.`);
      if (!link.offers(CHAT_FEATURE))
        throw new HuddleError('chat-unreachable', `${name}'s app is older and has no chat.`);
      if (!link.isOpen)
        throw new HuddleError('chat-unreachable', `${name} is reconnecting: the message was not sent.`);
      link.send(message);
    }
    const line: ChatLine = {
      id: message.id,
      from: me.peerId,
      name: me.name,
      sentAt: message.sentAt,
      text,
      to,
      mine: true,
    };
    this.add([line], 'end');
    return line;
  }

  /** A chat message or history from the member at the other end of `link`. */
  received(peerId: string, message: ChatText | ChatHistory): void {
    const me = this.ctx.roster.me;
    const sender = this.ctx.roster.others.get(peerId);
    if (!me || !sender) return;
    if (message.type === 'chat') {
      const { id, sentAt, text } = message;
      this.add(
        [
          {
            id,
            from: peerId,
            name: sender.name,
            sentAt,
            text,
            to: message.direct ? me.peerId : null,
            mine: false,
          },
        ],
        'end',
      );
      return;
    }
    const lines: ChatLine[] = [];
    for (const entry of message.messages) {
      // As in a hello: the name must be the one the sender's peer id encodes.
      if (memberPeerId(this.ctx.roomId, entry.name) !== entry.from) {
        this.ctx.log(`dropped a history message from ${peerId}: its sender's name and id disagree`);
        continue;
      }
      lines.push({ ...entry, to: null, mine: entry.from === me.peerId });
    }
    this.add(lines, 'by-time');
  }

  /**
   * The member's hello arrived on `link`: if it can chat, give it the
   * room's recent messages. `since` (a member back from an interruption
   * that began then) limits them to what it may have missed: sending all
   * again on every blip would put up to 200 long messages ahead of the
   * heartbeat on a link that has just shown it is weak.
   */
  helloFrom(link: ChatLink, since: number | null): void {
    if (!link.offers(CHAT_FEATURE)) return;
    const cutoff = since === null ? -Infinity : since - CATCH_UP_MARGIN_MS;
    const entries = this.lines
      .filter((line) => line.to === null)
      .slice(-CHAT_HISTORY_LIMIT)
      .filter((line) => (this.arrivedAt.get(keyOf(line)) ?? 0) >= cutoff)
      .map(({ id, from, name, sentAt, text }): ChatEntry => ({ id, from, name, sentAt, text }));
    for (const messages of historyChunks(entries)) link.send({ type: 'chat-history', messages });
  }

  /** The session closed: what was said is gone from here. */
  clear(): void {
    this.lines = [];
    this.arrivedAt.clear();
    this.emit('changed', this.lines);
  }

  /**
   * Adds the lines not seen before. A live line goes at the end; lines from
   * a history go where their send time puts them among what we have,
   * without moving any line already shown.
   */
  private add(candidates: readonly ChatLine[], where: 'end' | 'by-time'): void {
    const fresh: ChatLine[] = [];
    const lines = [...this.lines];
    for (const line of candidates) {
      // Checked one by one: a history may hold the same line twice.
      if (this.arrivedAt.has(keyOf(line))) continue;
      this.arrivedAt.set(keyOf(line), Date.now());
      fresh.push(line);
      const later = where === 'end' ? -1 : lines.findIndex((shown) => shown.sentAt > line.sentAt);
      if (later === -1) lines.push(line);
      else lines.splice(later, 0, line);
    }
    if (fresh.length === 0) return;
    // Forget the oldest beyond what is shown; their ids go too, so the set stays bounded.
    for (const dropped of lines.splice(0, Math.max(0, lines.length - CHAT_LINES_SHOWN)))
      this.arrivedAt.delete(keyOf(dropped));
    this.lines = lines;
    this.emit('changed', lines);
    const arrived = fresh.filter((line) => !line.mine && lines.includes(line));
    if (arrived.length > 0) this.emit('arrived', arrived);
  }
}
