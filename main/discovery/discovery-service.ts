/**
 * Discovery as the desktop app uses it: pages that watch the list of rooms
 * on the network, and the one room this app hosts, advertised with its
 * server's port, path and key. Plain Node, with the page's sending passed
 * in, so it is tested without Electron; electron-main.ts only wires IPC here.
 *
 * The network is used only while someone needs it: browsing while a page
 * shows the list, advertising while a room is hosted.
 */
import type { RoomListing } from '../../renderer/contract/host-bridge.js';
import { MdnsTransport } from './mdns-transport.js';
import { RoomAdvertiser } from './room-advertiser.js';
import { RoomBrowser } from './room-browser.js';
import { checkHostedRoom } from './txt-record.js';

/** Where this app's rendezvous server listens, while it hosts. */
export interface HostedServerPort {
  port: number;
  path: string;
  key: string;
  /** The host certificate's SHA-256 fingerprint, once hosting serves HTTPS. */
  fingerprint?: string | null;
}

export interface DiscoveryServiceOptions {
  /** The running host's server, or null when this app does not host. */
  hostedServer: () => HostedServerPort | null;
  transport?: MdnsTransport;
}

export interface DiscoveryService {
  /** Sends `pageId` the listing now and on every change, until unwatch. */
  watch(pageId: number, send: (listing: RoomListing) => void): void;
  unwatch(pageId: number): Promise<void>;
  /** Advertises the page's hosted room (untrusted input), or stops with null; rejects a malformed room. */
  advertise(room: unknown): Promise<void>;
  close(): Promise<void>;
}

export function createDiscoveryService(options: DiscoveryServiceOptions): DiscoveryService {
  const transport = options.transport ?? new MdnsTransport();
  const watchers = new Map<number, (listing: RoomListing) => void>();
  let browser: RoomBrowser | null = null;
  let advertiser: RoomAdvertiser | null = null;
  let advertisedRoomId: string | null = null;

  const broadcast = (listing: RoomListing): void => {
    for (const send of watchers.values()) send(listing);
  };

  async function stopAdvertising(): Promise<void> {
    const current = advertiser;
    advertiser = null;
    advertisedRoomId = null;
    await current?.close();
  }

  return {
    watch(pageId, send) {
      watchers.set(pageId, send);
      if (!browser) {
        browser = new RoomBrowser(transport, broadcast);
        browser.start();
      } else {
        send(browser.listing());
      }
    },
    async unwatch(pageId) {
      watchers.delete(pageId);
      if (watchers.size > 0 || !browser) return;
      const stopping = browser;
      browser = null;
      await stopping.stop();
    },
    async advertise(value) {
      if (value === null) return stopAdvertising();
      const room = checkHostedRoom(value);
      if (!room) throw new Error('Refused: not a room that can be advertised.');
      const server = options.hostedServer();
      if (!server) throw new Error('This app is not hosting, so it has no room to advertise.');
      // One hosted room at a time: a new one replaces the last, with a goodbye for it.
      if (advertisedRoomId !== null && advertisedRoomId !== room.roomId)
        await advertiser?.remove(advertisedRoomId);
      advertiser ??= new RoomAdvertiser(transport);
      advertiser.set({
        ...room,
        port: server.port,
        path: server.path,
        key: server.key,
        fingerprint: server.fingerprint ?? null,
      });
      advertisedRoomId = room.roomId;
    },
    async close() {
      watchers.clear();
      const stopping = browser;
      browser = null;
      await Promise.all([stopping?.stop(), stopAdvertising()]);
    },
  };
}
