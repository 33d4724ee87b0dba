import { describe, expect, it } from 'vitest';
import type { DiscoveredRoom } from '../../../../renderer/contract/host-bridge.js';
import {
  advertRecords,
  instanceFqdn,
  readResponse,
  SERVICE_NAME,
} from '../../../../main/discovery/mdns-records.js';
import {
  isContainerLink,
  multicastInterfaces,
  onSubnet,
} from '../../../../main/discovery/network-interfaces.js';
import { RoomList, roomKey } from '../../../../main/discovery/room-list.js';

const fqdn = instanceFqdn('maple-comet-4821', 'ab12');
const txt = [Buffer.from('txtvers=1')];
const records = advertRecords({ fqdn, target: 'huddle-1.local', address: '10.0.0.2', port: 8765, txt });

describe('mDNS records of a room', () => {
  it('names the instance under _huddle._tcp within the 63-byte label limit', () => {
    expect(fqdn).toBe(`Huddle maple-comet-4821 ab12.${SERVICE_NAME}`);
    expect(instanceFqdn('a'.repeat(100), 'ab12').split('._huddle')[0]).toHaveLength(63);
  });

  it('reads a room back out of a response, answers and additionals alike', () => {
    const [ptr, ...rest] = records;
    expect(readResponse({ answers: [ptr], additionals: rest })).toEqual({
      seen: [{ fqdn, port: 8765, txt }],
      gone: [],
    });
  });

  it('reads a goodbye (TTL 0) as the room gone', () => {
    const goodbye = advertRecords({ fqdn, target: 'h.local', address: '10.0.0.2', port: 8765, txt }, 0);
    expect(readResponse({ answers: goodbye })).toEqual({ seen: [], gone: [fqdn] });
  });

  it('skips other services, incomplete instances and malformed records', () => {
    const other = { name: '_http._tcp.local', type: 'PTR', ttl: 120, data: 'x._http._tcp.local' };
    const elsewhere = { name: SERVICE_NAME, type: 'PTR', ttl: 120, data: 'x._http._tcp.local' };
    const badPort = { ...records[1], data: { port: 70000, target: 'h.local' } };
    for (const packet of [
      null,
      'response',
      { answers: 'nope' },
      { answers: [other, elsewhere] },
      { answers: [records[0], records[2]] },
      { answers: [records[0], badPort, records[2]] },
      { answers: [{ ...records[0], data: 42 }, records[1], records[2]] },
      { answers: [{ ...records[0], ttl: -5 }, records[1], records[2]] },
      { answers: [{ ...records[0], data: `${'x'.repeat(300)}.${SERVICE_NAME}` }] },
    ]) {
      expect(readResponse(packet)).toEqual({ seen: [], gone: [] });
    }
  });

  it('reads no more than 64 records of one response', () => {
    const filler = Array.from({ length: 64 }, (_, i) => ({
      name: `n${i}.local`,
      type: 'A',
      ttl: 1,
      data: '1.2.3.4',
    }));
    expect(readResponse({ answers: [...filler, ...records] }).seen).toEqual([]);
  });
});

describe('interfaces for mDNS', () => {
  const v4 = (address: string, internal = false) => ({
    address,
    netmask: '255.255.255.0',
    family: 'IPv4' as const,
    mac: '02:00:00:00:00:01',
    internal,
    cidr: `${address}/24`,
  });
  const v6 = { ...v4('::1'), family: 'IPv6' as const, scopeid: 0 };

  it('takes every interface with IPv4 but loopback and container or VM bridges', () => {
    const table = {
      lo: [v4('127.0.0.1', true)],
      eth0: [v6, v4('192.168.1.5'), v4('192.168.1.6')],
      wlan0: [v4('10.1.2.3')],
      docker0: [v4('172.17.0.1')],
      'br-3f2a1b4c5d6e': [v4('172.18.0.1')],
      veth1a2b3c: [v4('169.254.1.1')],
      virbr0: [v4('192.168.122.1')],
      podman0: [v4('10.88.0.1')],
      tun0: [v6],
    };
    expect(multicastInterfaces(table)).toEqual([
      { name: 'eth0', address: '192.168.1.5', netmask: '255.255.255.0' },
      { name: 'wlan0', address: '10.1.2.3', netmask: '255.255.255.0' },
    ]);
    expect(multicastInterfaces({ lo: [v4('127.0.0.1', true)], docker0: [v4('172.17.0.1')] })).toEqual([]);
  });

  it('does not mistake ordinary names for container links', () => {
    for (const name of ['eth0', 'enp3s0', 'wlp2s0', 'br0', 'bridge0', 'en0', 'Ethernet'])
      expect(isContainerLink(name)).toBe(false);
  });

  it('tells whether an address is on an interface subnet', () => {
    const iface = { name: 'eth0', address: '10.231.0.2', netmask: '255.255.255.0' };
    expect(onSubnet('10.231.0.1', iface)).toBe(true);
    expect(onSubnet('10.231.1.1', iface)).toBe(false);
    expect(onSubnet('not-an-ip', iface)).toBe(false);
    expect(onSubnet('10.231.0.300', iface)).toBe(false);
  });
});

describe('the room list', () => {
  const room = (name: string, members = 1): DiscoveredRoom => ({
    key: roomKey(`Huddle ${name}.${SERVICE_NAME}`, '10.0.0.2'),
    roomId: name,
    hostName: name,
    members,
    passcode: false,
    protocolVersion: 1,
    fingerprint: null,
    server: { host: '10.0.0.2', port: 8765, path: '/peerjs', key: 'k', secure: false },
  });

  it('reports a change only for a new or different room', () => {
    const list = new RoomList({ expireAfterMs: 7000 });
    expect(list.see(room('b'), 0)).toBe(true);
    expect(list.see(room('b'), 1000)).toBe(false);
    expect(list.see(room('b', 2), 2000)).toBe(true);
    expect(list.see(room('a'), 2000)).toBe(true);
    expect(list.rooms().map((r) => [r.roomId, r.members])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('forgets a room on its goodbye, and one unseen for longer than the expiry', () => {
    const list = new RoomList({ expireAfterMs: 7000 });
    list.see(room('a'), 0);
    list.see(room('b'), 0);
    list.see(room('b'), 5000);
    expect(list.expire(7000)).toBe(false);
    expect(list.expire(7001)).toBe(true);
    expect(list.rooms().map((r) => r.roomId)).toEqual(['b']);
    expect(list.forget(`HUDDLE B.${SERVICE_NAME}`, '10.0.0.2')).toBe(true);
    expect(list.rooms()).toEqual([]);
  });

  it('holds at most maxRooms, ignoring newcomers past that', () => {
    const list = new RoomList({ expireAfterMs: 7000, maxRooms: 2 });
    expect(list.see(room('a'), 0) && list.see(room('b'), 0)).toBe(true);
    expect(list.see(room('c'), 0)).toBe(false);
    expect(list.see(room('a', 5), 0)).toBe(true);
    expect(list.rooms()).toHaveLength(2);
  });
});
