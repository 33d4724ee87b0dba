/**
 * The room's chat for the UI: the lines the engine keeps, how many arrived
 * while the panel was closed, and the sentence a screen reader announces
 * for the latest. The session store attaches each new RoomSession.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { describeError } from '../engine/errors.js';
import type { ChatLine } from '../engine/room/room-chat.js';
import type { RoomSession } from '../engine/room/room-session.js';

/** What a screen reader says when lines arrive: the message itself, or how many came from history. */
export function announcementFor(lines: readonly ChatLine[]): string {
  const [line] = lines;
  if (lines.length !== 1 || !line) return `${lines.length} earlier messages`;
  return line.to === null ? `${line.name}: ${line.text}` : `${line.name}, to you only: ${line.text}`;
}

export const useChatStore = defineStore('chat', () => {
  const lines = shallowRef<readonly ChatLine[]>([]);
  const open = ref(false);
  const unread = ref(0);
  const announcement = ref('');
  /** Why the last message was not sent. */
  const error = ref<string | null>(null);
  let session: RoomSession | null = null;

  function attach(next: RoomSession): void {
    session = next;
    lines.value = [];
    unread.value = 0;
    announcement.value = '';
    error.value = null;
    // The engine hands a new array on every change, so a shallow ref sees it.
    next.on('chat', (all) => {
      if (session === next) lines.value = all;
    });
    next.on('chat-arrived', (fresh) => {
      if (session !== next) return;
      if (!open.value) unread.value += fresh.length;
      announcement.value = announcementFor(fresh);
    });
  }

  /** Sends to everyone (`to` null) or one member; false, with `error` set, when it was not sent. */
  function send(text: string, to: string | null): boolean {
    if (!session) return false;
    try {
      session.sendChat(text, to);
      error.value = null;
      return true;
    } catch (cause) {
      error.value = describeError(cause);
      return false;
    }
  }

  function setOpen(value: boolean): void {
    open.value = value;
    if (value) unread.value = 0;
  }

  return { lines, open, unread, announcement, error, attach, send, setOpen };
});
