import { describe, expect, it, vi } from 'vitest';
import { BROWSERS_CANNOT_BROWSE, createBrowserBridge } from '../../../renderer/bridge/browser-bridge.js';
import { createElectronBridge } from '../../../renderer/bridge/electron-bridge.js';
import type { DiscoveredRoom, PreloadApi, RoomListing } from '../../../renderer/contract/host-bridge.js';
import { parseRoomListing } from '../../../renderer/bridge/room-listing.js';

const room: DiscoveredRoom = {
  key: 'huddle maple-comet-4821 ab12._huddle._tcp.local@10.0.0.9',
  roomId: 'maple-comet-4821',
  hostName: '<b>Ada</b>',
  members: 2,
  passcode: true,
  protocolVersion: 1,
  fingerprint: null,
  server: { host: '10.0.0.9', port: 8765, path: '/peerjs', key: 'k', secure: false },
};

describe('network room listings in the page', () => {
  it('takes a well-formed listing, dropping unknown fields', () => {
    expect(parseRoomListing({ available: true, rooms: [{ ...room, extra: 1 }] })).toEqual({
      available: true,
      rooms: [room],
    });
    expect(parseRoomListing({ available: false, reason: 'UDP port 5353 is taken' })).toEqual({
      available: false,
      reason: 'UDP port 5353 is taken',
    });
  });

  it('refuses a malformed one whole', () => {
    for (const value of [
      null,
      { available: 'yes', rooms: [] },
      { available: false },
      { available: true, rooms: 'none' },
      { available: true, rooms: [room, { ...room, members: -1 }] },
      { available: true, rooms: [{ ...room, hostName: 'x'.repeat(1000) }] },
      { available: true, rooms: [{ ...room, server: { ...room.server, port: '8765' } }] },
      { available: true, rooms: Array.from({ length: 201 }, () => room) },
    ]) {
      expect(parseRoomListing(value)).toBeNull();
    }
  });

  it('reaches the page from the desktop app only when well-formed', () => {
    let send: (listing: unknown) => void = () => {};
    const stop = vi.fn();
    const api = {
      watchRooms: vi.fn((listener: (listing: unknown) => void) => {
        send = listener;
        return stop;
      }),
    } as unknown as PreloadApi;
    const seen: RoomListing[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const unwatch = createElectronBridge(api).watchRooms((listing) => seen.push(listing));
    send({ available: true, rooms: [room] });
    send({ available: true, rooms: [{ ...room, passcode: 'maybe' }] });
    expect(seen).toEqual([{ available: true, rooms: [room] }]);
    expect(warn).toHaveBeenCalledOnce();
    unwatch();
    expect(stop).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('is unavailable in a browser, which cannot send mDNS', async () => {
    const seen: RoomListing[] = [];
    const bridge = createBrowserBridge(() => ({}) as Storage);
    bridge.watchRooms((listing) => seen.push(listing));
    expect(seen).toEqual([{ available: false, reason: BROWSERS_CANNOT_BROWSE }]);
    await expect(bridge.advertiseRoom(null)).resolves.toBeUndefined();
  });
});
