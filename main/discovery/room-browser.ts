/**
 * The live list of rooms on the network: asks for `_huddle._tcp` on every
 * link now and every couple of seconds, reads each response (mdns-records.ts,
 * txt-record.ts), and calls back with the whole list whenever it, or whether
 * discovery works at all, changes.
 *
 * New rooms show up as soon as their announcement or the answer to the first
 * query arrives. A room whose host quits goes with its goodbye; one whose host
 * crashed goes after `expireAfterMs` without an answer: with a query every
 * 2 s and a 7 s expiry, two lost answers in a row are forgiven and a dead
 * room is gone within 8 s. mDNS's own caching (TTLs of two minutes) would be
 * far too slow for a list people click on. This is more often than RFC 6762
 * §5.2's backing-off queries: a 50-byte query and one answer per room every
 * 2 s, and only while a join view shows the list.
 */
import type { RemoteInfo } from 'node:dgram';
import type { DiscoveredRoom, RoomListing } from '../../renderer/contract/host-bridge.js';
import type { MdnsLink } from './mdns-link.js';
import { readResponse, SERVICE_NAME } from './mdns-records.js';
import type { MdnsTransport } from './mdns-transport.js';
import { onSubnet } from './network-interfaces.js';
import { RoomList, roomKey } from './room-list.js';
import { parseRoomTxt } from './txt-record.js';

export interface RoomBrowserOptions {
  queryEveryMs?: number;
  expireAfterMs?: number;
  /** How often expiry is checked. */
  tickMs?: number;
  now?: () => number;
}

export class RoomBrowser {
  private readonly list: RoomList;
  private readonly queryEveryMs: number;
  private readonly tickMs: number;
  private readonly now: () => number;
  private readonly unsubscribe: Array<() => void> = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastQuery = 0;
  private lastSent = '';

  constructor(
    private readonly transport: MdnsTransport,
    private readonly listener: (listing: RoomListing) => void,
    options: RoomBrowserOptions = {},
  ) {
    this.list = new RoomList({ expireAfterMs: options.expireAfterMs ?? 7000 });
    this.queryEveryMs = options.queryEveryMs ?? 2000;
    this.tickMs = options.tickMs ?? 500;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    this.unsubscribe.push(
      this.transport.onPacket((packet, from, link) => this.read(packet, from, link)),
      this.transport.onStatus(() => this.emit()),
    );
    this.transport.acquire();
    // A link opened later is asked at once, so rooms there need not wait for the next round.
    this.unsubscribe.push(this.transport.onLink((link) => link.query(SERVICE_NAME, 'PTR')));
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.query();
    this.emit();
  }

  async stop(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe.splice(0).forEach((stop) => stop());
    this.list.clear();
    await this.transport.release();
  }

  listing(): RoomListing {
    const status = this.transport.status();
    return status.available ? { available: true, rooms: this.list.rooms() } : status;
  }

  private tick(): void {
    if (this.now() - this.lastQuery >= this.queryEveryMs) this.query();
    if (this.list.expire(this.now())) this.emit();
  }

  private query(): void {
    this.lastQuery = this.now();
    for (const link of this.transport.links()) link.query(SERVICE_NAME, 'PTR');
  }

  private read(packet: unknown, from: RemoteInfo, link: MdnsLink): void {
    // Every link's socket receives every link's packets: each keeps its own subnet's.
    if (from.family !== 'IPv4' || !onSubnet(from.address, link.iface)) return;
    const { seen, gone } = readResponse(packet);
    let changed = false;
    for (const fqdn of gone) changed = this.list.forget(fqdn, from.address) || changed;
    for (const sighting of seen) {
      const advert = parseRoomTxt(sighting.txt);
      if (!advert) {
        // Not (or no longer) a room this build can show.
        changed = this.list.forget(sighting.fqdn, from.address) || changed;
        continue;
      }
      const room: DiscoveredRoom = {
        key: roomKey(sighting.fqdn, from.address),
        roomId: advert.roomId,
        hostName: advert.hostName,
        members: advert.members,
        passcode: advert.passcode,
        protocolVersion: advert.protocolVersion,
        fingerprint: advert.fingerprint,
        server: {
          host: from.address,
          port: sighting.port,
          path: advert.path,
          key: advert.key,
          // A host that gives its certificate's fingerprint serves HTTPS.
          secure: advert.fingerprint !== null,
        },
      };
      changed = this.list.see(room, this.now()) || changed;
    }
    if (changed) this.emit();
  }

  /** Calls back with the listing when it differs from the last one sent. */
  private emit(): void {
    if (!this.timer) return;
    const listing = this.listing();
    const text = JSON.stringify(listing);
    if (text === this.lastSent) return;
    this.lastSent = text;
    this.listener(listing);
  }
}
