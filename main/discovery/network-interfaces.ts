/**
 * Which network interfaces mDNS runs on: every one with an IPv4 address,
 * except loopback and the bridges and virtual links of containers and local
 * VMs. Rooms advertised there would point at addresses nobody on the LAN can
 * reach, and browsing there finds nothing but this machine.
 *
 * IPv4 only, as for invite links (lan-addresses.ts): a room is joined by the
 * address its advertisement came from, and link-local IPv6 addresses need a
 * zone id that browsers and PeerJS URLs do not take.
 */
import { networkInterfaces } from 'node:os';
import type { InterfaceTable } from '../host/lan-addresses.js';

export interface MulticastInterface {
  name: string;
  address: string;
  netmask: string;
}

/**
 * docker0 and Docker's per-network br-<id>, the host ends of container links
 * (veth…), libvirt's virbr0, and the bridges of Podman, CNI, LXC and LXD.
 */
const CONTAINER_LINK =
  /^(?:docker\d*|br-[0-9a-f]+|veth\w*|virbr\d+(?:-nic)?|podman\d*|cni\d*|lxcbr\d*|lxdbr\d*)$/;

export function isContainerLink(name: string): boolean {
  return CONTAINER_LINK.test(name);
}

/** One entry per suitable interface (its first IPv4 address: a group is joined once per interface). */
export function multicastInterfaces(table: InterfaceTable = networkInterfaces()): MulticastInterface[] {
  const found: MulticastInterface[] = [];
  for (const [name, entries] of Object.entries(table)) {
    if (isContainerLink(name)) continue;
    const entry = (entries ?? []).find((info) => {
      const family: unknown = info.family;
      return (family === 'IPv4' || family === 4) && !info.internal;
    });
    if (entry) found.push({ name, address: entry.address, netmask: entry.netmask });
  }
  return found;
}

/** Whether `address` is on the same IPv4 subnet as `iface`. */
export function onSubnet(address: string, iface: MulticastInterface): boolean {
  const a = ipv4Number(address);
  const b = ipv4Number(iface.address);
  const mask = ipv4Number(iface.netmask);
  if (a === null || b === null || mask === null) return false;
  return (a & mask) >>> 0 === (b & mask) >>> 0;
}

function ipv4Number(address: string): number | null {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255))
    return null;
  return parts.reduce((value, part) => ((value << 8) | Number(part)) >>> 0, 0);
}
