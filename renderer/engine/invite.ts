/**
 * Invite links: a web client URL with the room id (and the PeerJS path and
 * key when they are not the defaults; a Huddle host's key is random, so its
 * links always carry it). Never the passcode: that is told separately. Pasting one into the join form fills
 * in the server and the room.
 */
import type { RendezvousServer } from './rendezvous/rendezvous-server.js';

export const DEFAULT_PEER_PATH = '/peerjs';
/** PeerJS's own default key, which stock servers use unless told otherwise. */
export const DEFAULT_PEER_KEY = 'peerjs';

export function inviteLink(webClientUrl: string, roomId: string, server: RendezvousServer): string {
  const url = new URL(webClientUrl);
  url.searchParams.set('room', roomId);
  if (server.path !== DEFAULT_PEER_PATH) url.searchParams.set('path', server.path);
  if (server.key !== DEFAULT_PEER_KEY) url.searchParams.set('key', server.key);
  return url.toString();
}

export interface ParsedInvite {
  roomId: string;
  server: RendezvousServer;
}

/** Reads an invite link; null when the text is not one. */
export function parseInvite(text: string): ParsedInvite | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  const roomId = url.searchParams.get('room');
  if (!roomId || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  const secure = url.protocol === 'https:';
  return {
    roomId,
    server: {
      host: url.hostname,
      port: url.port ? Number(url.port) : secure ? 443 : 80,
      path: url.searchParams.get('path') ?? DEFAULT_PEER_PATH,
      key: url.searchParams.get('key') ?? DEFAULT_PEER_KEY,
      secure,
    },
  };
}
