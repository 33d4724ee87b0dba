/**
 * mDNS links that touch no network: the transport opens these instead of
 * sockets, and a test delivers packets, fails links and reads what was sent.
 */
import type { RemoteInfo } from 'node:dgram';
import type { LinkEvents, LinkState, MdnsLink, OpenLink } from '../../../../main/discovery/mdns-link.js';
import type { MdnsRecord } from '../../../../main/discovery/mdns-records.js';
import type { MulticastInterface } from '../../../../main/discovery/network-interfaces.js';

export interface FakeLink extends MdnsLink {
  queries: string[];
  answering: MdnsRecord[];
  sent: MdnsRecord[][];
  closed: boolean;
  setState(state: LinkState): void;
  /** Delivers a response packet as if it came from `address`. */
  receive(packet: unknown, address: string): void;
}

export function fakeLinks(): { open: OpenLink; links: FakeLink[] } {
  const links: FakeLink[] = [];
  const open = (iface: MulticastInterface, events: LinkEvents): MdnsLink => {
    let state: LinkState = { kind: 'ready' };
    const link: FakeLink = {
      iface,
      queries: [],
      answering: [],
      sent: [],
      closed: false,
      state: () => state,
      setState(next) {
        state = next;
        events.state();
      },
      receive(packet, address) {
        const from: RemoteInfo = { address, family: 'IPv4', port: 5353, size: 100 };
        events.packet(packet, from);
      },
      query(name) {
        link.queries.push(name);
      },
      answerWith(records) {
        link.answering = records;
      },
      async send(records) {
        link.sent.push(records);
      },
      async close() {
        link.closed = true;
      },
    };
    links.push(link);
    return link;
  };
  return { open, links };
}

export const eth0: MulticastInterface = { name: 'eth0', address: '10.0.0.2', netmask: '255.255.255.0' };
export const wlan0: MulticastInterface = { name: 'wlan0', address: '192.168.1.7', netmask: '255.255.255.0' };
