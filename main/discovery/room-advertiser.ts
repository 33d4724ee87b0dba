/**
 * Advertises rooms on the local network: announces each on every link when
 * it starts or changes (its member count, say), answers queries for it, and
 * says goodbye (TTL 0) when it ends, so browsers drop it at once. A host
 * that crashes sends no goodbye; browsers drop its rooms by expiry.
 */
import { randomBytes } from 'node:crypto';
import type { MdnsLink } from './mdns-link.js';
import { advertRecords, instanceFqdn, type MdnsRecord } from './mdns-records.js';
import type { MdnsTransport } from './mdns-transport.js';
import { encodeRoomTxt, type RoomAdvert } from './txt-record.js';

/** A room and where its rendezvous server listens on this machine. */
export interface AdvertisedRoom extends RoomAdvert {
  port: number;
}

/** RFC 6762 §8.3: announce at least twice, a second apart, in case the first is lost. */
const REANNOUNCE_MS = 1000;

export class RoomAdvertiser {
  private readonly rooms = new Map<string, { room: AdvertisedRoom; txt: Buffer[] }>();
  /** Makes this advertiser's names its own, so two hosts of one room id do not collide. */
  private readonly suffix = randomBytes(2).toString('hex');
  private readonly target = `huddle-${randomBytes(4).toString('hex')}.local`;
  private readonly stopLinks: () => void;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;

  constructor(private readonly transport: MdnsTransport) {
    this.stopLinks = transport.onLink((link) => void this.announceOn(link));
    transport.acquire();
  }

  /** Starts advertising `room`, or updates it; throws if a field is out of shape. */
  set(room: AdvertisedRoom): void {
    if (this.closed) throw new Error('This advertiser was closed.');
    if (!Number.isInteger(room.port) || room.port < 1 || room.port > 65535)
      throw new Error(`Not a port: ${room.port}`);
    const txt = encodeRoomTxt(room);
    this.rooms.set(room.roomId, { room, txt });
    this.announce();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.announce();
    }, REANNOUNCE_MS);
    this.timers.add(timer);
  }

  /** Stops advertising one room, with a goodbye. */
  async remove(roomId: string): Promise<void> {
    const entry = this.rooms.get(roomId);
    if (!entry) return;
    this.rooms.delete(roomId);
    await Promise.all(
      this.transport.links().map(async (link) => {
        // The host name's A record stays valid while other rooms use it.
        const goodbye = this.records(link, [entry], 0).filter((r) => r.type !== 'A' || this.rooms.size === 0);
        await link.send(goodbye);
        link.answerWith(this.records(link));
      }),
    );
  }

  /** Goodbyes for every room, then lets go of the network. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
    await Promise.all([...this.rooms.keys()].map((roomId) => this.remove(roomId)));
    this.closed = true;
    this.stopLinks();
    await this.transport.release();
  }

  private announce(): void {
    for (const link of this.transport.links()) void this.announceOn(link);
  }

  private async announceOn(link: MdnsLink): Promise<void> {
    const records = this.records(link);
    link.answerWith(records);
    if (records.length > 0) await link.send(records);
  }

  /** The records of `entries` (all rooms by default) as sent on `link`: its own address in the A record. */
  private records(link: MdnsLink, entries = [...this.rooms.values()], ttl?: number): MdnsRecord[] {
    return entries.flatMap(({ room, txt }) =>
      advertRecords(
        {
          fqdn: instanceFqdn(room.roomId, this.suffix),
          target: this.target,
          address: link.iface.address,
          port: room.port,
          txt,
        },
        ttl,
      ),
    );
  }
}
