/**
 * The room's file transfers for the UI: every transfer the engine reports,
 * a download address for each received file, what a screen reader
 * announces when a file is offered, and why the last send was refused. The
 * session store attaches each new RoomSession.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { describeError } from '../engine/errors.js';
import { blobSource } from '../engine/files/file-store.js';
import type { TransferView } from '../engine/files/transfer-types.js';
import type { RoomSession } from '../engine/room/room-session.js';
import type { ReceivedIn } from './received-files.js';

export const useFilesStore = defineStore('files', () => {
  const transfers = shallowRef<readonly TransferView[]>([]);
  /** Object URLs of received files, by transfer key: made once, revoked when the transfer goes. */
  const downloads = shallowRef<ReadonlyMap<string, string>>(new Map());
  const open = ref(false);
  const announcement = ref('');
  const error = ref<string | null>(null);
  /**
   * Where received files go as they arrive: the downloads folder (the desktop
   * app), the browser's storage for the site, or (a browser without it) memory.
   */
  const receivedIn = ref<ReceivedIn>('memory');
  let session: RoomSession | null = null;

  function attach(next: RoomSession): void {
    session = next;
    update([]);
    announcement.value = '';
    error.value = null;
    next.files.on('changed', (all) => {
      if (session === next) update(all);
    });
    next.files.on('offered', (view) => {
      if (session !== next) return;
      open.value = true;
      announcement.value =
        view.state === 'offered'
          ? `${view.peerName} offers you a file: ${view.name}`
          : `${view.peerName} offered a file you cannot take: ${view.problem ?? ''}`;
    });
  }

  /** Keeps a download address for every received file still listed, and only for those. */
  function update(all: readonly TransferView[]): void {
    const kept = new Map<string, string>();
    for (const view of all) {
      if (!view.file) continue;
      kept.set(view.key, downloads.value.get(view.key) ?? URL.createObjectURL(view.file));
    }
    for (const [key, url] of downloads.value) if (!kept.has(key)) URL.revokeObjectURL(url);
    downloads.value = kept;
    transfers.value = all;
  }

  /** Offers files to everyone (`to` null) or one member; false, with `error` set, when nothing was offered. */
  function send(files: readonly File[], to: string | null): boolean {
    if (!session || files.length === 0) return false;
    try {
      session.files.send(
        files.map((file) => blobSource(file)),
        to,
      );
      error.value = null;
      open.value = true;
      return true;
    } catch (cause) {
      error.value = describeError(cause);
      return false;
    }
  }

  const act = (action: 'accept' | 'decline' | 'cancel' | 'dismiss') => (key: string) =>
    session?.files[action](key);

  return {
    transfers,
    downloads,
    open,
    announcement,
    error,
    receivedIn,
    attach,
    send,
    accept: act('accept'),
    decline: act('decline'),
    cancel: act('cancel'),
    dismiss: act('dismiss'),
  };
});
