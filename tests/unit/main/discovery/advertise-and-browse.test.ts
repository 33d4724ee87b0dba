import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RoomListing } from '../../../../renderer/contract/host-bridge.js';
import { createDiscoveryService } from '../../../../main/discovery/discovery-service.js';
import { describeSocketError } from '../../../../main/discovery/mdns-link.js';
import type { MdnsRecord } from '../../../../main/discovery/mdns-records.js';
import { MdnsTransport, NO_INTERFACE_REASON } from '../../../../main/discovery/mdns-transport.js';
import { RoomAdvertiser, type AdvertisedRoom } from '../../../../main/discovery/room-advertiser.js';
import { RoomBrowser } from '../../../../main/discovery/room-browser.js';
import { parseRoomTxt } from '../../../../main/discovery/txt-record.js';
import { eth0, fakeLinks, wlan0, type FakeLink } from './fake-links.js';

const room: AdvertisedRoom = {
  roomId: 'maple-comet-4821',
  hostName: 'Ada',
  members: 1,
  passcode: false,
  protocolVersion: 1,
  path: '/peerjs',
  key: 'abc',
  fingerprint: null,
  port: 8765,
};

function txtOf(records: MdnsRecord[]): ReturnType<typeof parseRoomTxt> {
  const txt = records.find((record) => record.type === 'TXT');
  return parseRoomTxt(txt?.data);
}

function setup(interfaces = [eth0]) {
  const fake = fakeLinks();
  const transport = new MdnsTransport({ interfaces: () => interfaces, openLink: fake.open });
  return { transport, links: fake.links };
}

const link = (links: FakeLink[], index = 0): FakeLink => {
  const found = links[index];
  if (!found) throw new Error(`no link ${index}`);
  return found;
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the advertiser', () => {
  it('announces a room on every link, each with its own address, and again a second later', async () => {
    const { transport, links } = setup([eth0, wlan0]);
    const advertiser = new RoomAdvertiser(transport);
    advertiser.set(room);
    expect(links.map((l) => l.sent.length)).toEqual([1, 1]);
    expect(links.map((l) => l.answering.find((r) => r.type === 'A')?.data)).toEqual([
      '10.0.0.2',
      '192.168.1.7',
    ]);
    expect(txtOf(link(links).answering)).toMatchObject({ roomId: room.roomId, members: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(link(links).sent).toHaveLength(2);
    await advertiser.close();
  });

  it('answers with the new member count after an update, and says goodbye with TTL 0', async () => {
    const { transport, links } = setup();
    const advertiser = new RoomAdvertiser(transport);
    advertiser.set(room);
    advertiser.set({ ...room, members: 4 });
    expect(txtOf(link(links).answering)?.members).toBe(4);
    expect(link(links).answering.filter((r) => r.type === 'TXT')).toHaveLength(1);
    await advertiser.close();
    const goodbye = link(links).sent.at(-1) ?? [];
    expect(goodbye.map((r) => r.ttl)).toEqual(goodbye.map(() => 0));
    expect(goodbye.some((r) => r.type === 'PTR')).toBe(true);
    expect(link(links).answering).toEqual([]);
    expect(link(links).closed).toBe(true);
  });

  it('announces its rooms on a link that appears later', () => {
    const interfaces = [eth0];
    const { transport, links } = setup(interfaces);
    const advertiser = new RoomAdvertiser(transport);
    advertiser.set(room);
    interfaces.push(wlan0);
    transport.rescan();
    expect(link(links, 1).sent).toHaveLength(1);
    void advertiser.close();
  });

  it('closes the link of an interface that went away, and opens none while nobody uses the network', async () => {
    const interfaces = [eth0, wlan0];
    const { transport, links } = setup(interfaces);
    transport.rescan();
    expect(links).toHaveLength(0);
    const advertiser = new RoomAdvertiser(transport);
    interfaces.pop();
    transport.rescan();
    expect(links.map((l) => l.closed)).toEqual([false, true]);
    expect(transport.links().map((l) => l.iface.name)).toEqual(['eth0']);
    await advertiser.close();
    expect(link(links).closed).toBe(true);
  });

  it('refuses a room it could not advertise', () => {
    const advertiser = new RoomAdvertiser(setup().transport);
    expect(() => advertiser.set({ ...room, port: 0 })).toThrow();
    expect(() => advertiser.set({ ...room, hostName: '\u0000' })).toThrow();
    void advertiser.close();
  });
});

describe('the browser', () => {
  /** A host's advertiser on other fake links, whose announcements are delivered to the browser's link. */
  function hostRecords(members = 1): MdnsRecord[] {
    const host = setup();
    const advertiser = new RoomAdvertiser(host.transport);
    advertiser.set({ ...room, members });
    const records = link(host.links).answering;
    void advertiser.close();
    return records;
  }

  it('lists a room when its announcement arrives, at the address it came from', () => {
    const { transport, links } = setup();
    const seen: RoomListing[] = [];
    const browser = new RoomBrowser(transport, (listing) => seen.push(listing));
    browser.start();
    expect(link(links).queries).toEqual(['_huddle._tcp.local']);
    link(links).receive({ answers: hostRecords(2) }, '10.0.0.9');
    expect(seen.at(-1)).toEqual({
      available: true,
      rooms: [
        expect.objectContaining({
          roomId: room.roomId,
          hostName: 'Ada',
          members: 2,
          server: { host: '10.0.0.9', port: 8765, path: '/peerjs', key: 'abc', secure: false },
        }),
      ],
    });
    void browser.stop();
  });

  it('ignores a packet that came from another subnet (another link sees it too)', () => {
    const { transport, links } = setup();
    const seen: RoomListing[] = [];
    new RoomBrowser(transport, (listing) => seen.push(listing)).start();
    link(links).receive({ answers: hostRecords() }, '192.168.1.9');
    expect(seen).toEqual([{ available: true, rooms: [] }]);
  });

  it('asks again every 2 s and drops a room unanswered for 7 s', async () => {
    const { transport, links } = setup();
    const seen: RoomListing[] = [];
    const browser = new RoomBrowser(transport, (listing) => seen.push(listing));
    browser.start();
    const records = hostRecords();
    link(links).receive({ answers: records }, '10.0.0.9');
    await vi.advanceTimersByTimeAsync(4000);
    expect(link(links).queries.length).toBeGreaterThanOrEqual(3);
    link(links).receive({ answers: records }, '10.0.0.9');
    await vi.advanceTimersByTimeAsync(7000);
    expect(browser.listing()).toMatchObject({ rooms: [expect.anything()] });
    await vi.advanceTimersByTimeAsync(1000);
    expect(browser.listing()).toEqual({ available: true, rooms: [] });
    await browser.stop();
  });

  it('drops a room at once on its goodbye, and one whose TXT turns bad', () => {
    const { transport, links } = setup();
    const browser = new RoomBrowser(transport, () => {});
    browser.start();
    const records = hostRecords();
    link(links).receive({ answers: records }, '10.0.0.9');
    link(links).receive({ answers: records.map((r) => ({ ...r, ttl: 0 })) }, '10.0.0.9');
    expect(browser.listing()).toEqual({ available: true, rooms: [] });
    link(links).receive({ answers: records }, '10.0.0.9');
    const bad = records.map((r) => (r.type === 'TXT' ? { ...r, data: [Buffer.from('txtvers=1')] } : r));
    link(links).receive({ answers: bad }, '10.0.0.9');
    expect(browser.listing()).toEqual({ available: true, rooms: [] });
    void browser.stop();
  });

  it('says discovery is unavailable, and why, when there is no interface or every link fails', () => {
    const none = setup([]);
    const seen: RoomListing[] = [];
    new RoomBrowser(none.transport, (listing) => seen.push(listing)).start();
    expect(seen.at(-1)).toEqual({ available: false, reason: NO_INTERFACE_REASON });

    const { transport, links } = setup([eth0, wlan0]);
    const browser = new RoomBrowser(transport, (listing) => seen.push(listing));
    browser.start();
    link(links, 0).setState({ kind: 'failed', reason: 'UDP port 5353 is taken' });
    expect(browser.listing().available).toBe(true);
    link(links, 1).setState({ kind: 'failed', reason: 'UDP port 5353 is taken' });
    expect(seen.at(-1)).toEqual({ available: false, reason: 'UDP port 5353 is taken' });
    link(links, 1).setState({ kind: 'ready' });
    expect(seen.at(-1)).toEqual({ available: true, rooms: [] });
  });
});

describe('socket refusals', () => {
  const error = (code: string, syscall?: string): NodeJS.ErrnoException =>
    Object.assign(new Error(`${syscall ?? 'bind'} ${code}`), { code, syscall });

  it('are told in words', () => {
    expect(describeSocketError(error('EADDRINUSE'), eth0)).toMatch(/port 5353 is taken/);
    expect(describeSocketError(error('EACCES'), eth0)).toMatch(/refused mDNS on eth0 \(EACCES\).*firewall/);
    expect(describeSocketError(error('ENODEV', 'addMembership'), eth0)).toBe(
      'multicast is refused on eth0 (ENODEV)',
    );
    expect(describeSocketError(error('ENETUNREACH', 'send'), eth0)).toBe('mDNS failed on eth0 (ENETUNREACH)');
  });
});

describe('the discovery service', () => {
  const page = { roomId: room.roomId, hostName: 'Ada', members: 2, passcode: true, protocolVersion: 1 };

  it("advertises the page's room with the hosted server's port, path and key", async () => {
    const { transport, links } = setup();
    const service = createDiscoveryService({
      transport,
      hostedServer: () => ({ port: 9000, path: '/peerjs', key: 'secret-key' }),
    });
    await service.advertise(page);
    const srv = link(links).answering.find((r) => r.type === 'SRV');
    expect(srv?.data).toMatchObject({ port: 9000 });
    expect(txtOf(link(links).answering)).toMatchObject({ members: 2, passcode: true, key: 'secret-key' });
    await service.advertise(null);
    expect(link(links).answering).toEqual([]);
    await service.close();
  });

  it('refuses a malformed room, and any room while not hosting', async () => {
    const hosting = createDiscoveryService({ transport: setup().transport, hostedServer: () => null });
    await expect(hosting.advertise(page)).rejects.toThrow(/not hosting/);
    const service = createDiscoveryService({
      transport: setup().transport,
      hostedServer: () => ({ port: 9000, path: '/peerjs', key: 'k' }),
    });
    await expect(service.advertise({ ...page, roomId: '<b>' })).rejects.toThrow(/Refused/);
    await expect(service.advertise('room')).rejects.toThrow(/Refused/);
  });

  it('browses while any page watches, sending each the listing', async () => {
    const { transport, links } = setup();
    const service = createDiscoveryService({ transport, hostedServer: () => null });
    const first: RoomListing[] = [];
    const second: RoomListing[] = [];
    service.watch(1, (listing) => first.push(listing));
    service.watch(2, (listing) => second.push(listing));
    expect(first).toEqual([{ available: true, rooms: [] }]);
    expect(second).toEqual([{ available: true, rooms: [] }]);
    await service.unwatch(1);
    expect(link(links).closed).toBe(false);
    await service.unwatch(2);
    expect(link(links).closed).toBe(true);
  });
});
