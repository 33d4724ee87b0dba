/**
 * The rooms currently on the network, as the browser has seen them. Pure:
 * the caller passes the time, so expiry is tested without waiting.
 *
 * A room stays while responses keep naming it, leaves at once on a goodbye,
 * and leaves by itself once nothing has named it for `expireAfterMs` (its
 * host crashed, or its network went away: no goodbye comes then).
 */
import type { DiscoveredRoom } from '../../renderer/contract/host-bridge.js';

export interface RoomListOptions {
  expireAfterMs: number;
  /** More rooms than a LAN has; past it, new ones are ignored until others leave. */
  maxRooms?: number;
}

export class RoomList {
  private readonly entries = new Map<string, { room: DiscoveredRoom; lastSeen: number }>();
  private readonly expireAfterMs: number;
  private readonly maxRooms: number;

  constructor(options: RoomListOptions) {
    this.expireAfterMs = options.expireAfterMs;
    this.maxRooms = options.maxRooms ?? 200;
  }

  /** Records a sighting; true when the list changed (a new room, or a changed one). */
  see(room: DiscoveredRoom, now: number): boolean {
    const entry = this.entries.get(room.key);
    if (!entry && this.entries.size >= this.maxRooms) return false;
    this.entries.set(room.key, { room, lastSeen: now });
    return !entry || JSON.stringify(entry.room) !== JSON.stringify(room);
  }

  /** Removes the room of this DNS-SD instance name from this address (its goodbye); true when it was listed. */
  forget(fqdn: string, address: string): boolean {
    return this.entries.delete(roomKey(fqdn, address));
  }

  /** Drops rooms not seen for too long; true when any went. */
  expire(now: number): boolean {
    let changed = false;
    for (const [key, entry] of this.entries) {
      if (now - entry.lastSeen > this.expireAfterMs) changed = this.entries.delete(key) || changed;
    }
    return changed;
  }

  clear(): void {
    this.entries.clear();
  }

  /** By host name, then room id: a stable order for the page. */
  rooms(): DiscoveredRoom[] {
    return [...this.entries.values()]
      .map((entry) => entry.room)
      .sort(
        (a, b) =>
          a.hostName.localeCompare(b.hostName) ||
          a.roomId.localeCompare(b.roomId) ||
          a.key.localeCompare(b.key),
      );
  }
}

/** One advertisement as seen from one address (a host on two subnets is listed once per subnet). */
export function roomKey(fqdn: string, address: string): string {
  return `${fqdn.toLowerCase()}@${address}`;
}
