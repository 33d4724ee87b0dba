/**
 * The room this app advertises on the local network: the one it created by
 * hosting, while it is in it. Keyed as JSON so a watcher fires only when
 * something advertised changes (the member count, say), not on every
 * participant update.
 */
import type { HostedRoomAdvert } from '../contract/host-bridge.js';
import { PROTOCOL_VERSION } from '../engine/protocol/messages.js';

export interface HostedRoom {
  roomId: string;
  hostName: string;
  passcode: boolean;
}

/** JSON of the HostedRoomAdvert to advertise, or '' for none. */
export function roomAdvertKey(
  hosted: HostedRoom | null,
  current: { roomId: string; inRoom: boolean; members: number },
): string {
  if (!hosted || !current.inRoom || current.roomId !== hosted.roomId) return '';
  const advert: HostedRoomAdvert = { ...hosted, members: current.members, protocolVersion: PROTOCOL_VERSION };
  return JSON.stringify(advert);
}
