/**
 * mDNS on every suitable interface (network-interfaces.ts), one link each,
 * shared by the advertiser and the browser. Links open on first use and
 * close after the last; interfaces that come and go (Wi-Fi joined, a cable
 * pulled) are picked up by a rescan.
 */
import type { RemoteInfo } from 'node:dgram';
import { openBonjourLink, type MdnsLink, type OpenLink } from './mdns-link.js';
import { multicastInterfaces, type MulticastInterface } from './network-interfaces.js';

export type TransportStatus = { available: true } | { available: false; reason: string };

export interface TransportOptions {
  interfaces?: () => MulticastInterface[];
  openLink?: OpenLink;
  /** How often interfaces are listed again. */
  rescanMs?: number;
}

type PacketListener = (packet: unknown, from: RemoteInfo, link: MdnsLink) => void;

export const NO_INTERFACE_REASON =
  'no network interface to look on (loopback and container bridges such as docker0, br-*, veth* and virbr* are skipped)';

export class MdnsTransport {
  private readonly listInterfaces: () => MulticastInterface[];
  private readonly openLink: OpenLink;
  private readonly rescanMs: number;
  private readonly open = new Map<string, MdnsLink>();
  private readonly packetListeners = new Set<PacketListener>();
  private readonly linkListeners = new Set<(link: MdnsLink) => void>();
  private readonly statusListeners = new Set<() => void>();
  private users = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(options: TransportOptions = {}) {
    this.listInterfaces = options.interfaces ?? (() => multicastInterfaces());
    this.openLink = options.openLink ?? openBonjourLink;
    this.rescanMs = options.rescanMs ?? 10_000;
  }

  /** Every packet received on any link, with the link it came in on. Returns the function that stops it. */
  onPacket(listener: PacketListener): () => void {
    return subscribe(this.packetListeners, listener);
  }

  /** A link opened (the advertiser announces its rooms there). */
  onLink(listener: (link: MdnsLink) => void): () => void {
    return subscribe(this.linkListeners, listener);
  }

  onStatus(listener: () => void): () => void {
    return subscribe(this.statusListeners, listener);
  }

  links(): MdnsLink[] {
    return [...this.open.values()];
  }

  /** Available while any link works (or is still starting); otherwise why not. */
  status(): TransportStatus {
    const links = this.links();
    if (this.users > 0 && links.length === 0) return { available: false, reason: NO_INTERFACE_REASON };
    const states = links.map((link) => link.state());
    if (states.length === 0 || states.some((state) => state.kind !== 'failed')) return { available: true };
    const reasons = [...new Set(states.map((state) => (state.kind === 'failed' ? state.reason : '')))];
    return { available: false, reason: reasons.join('; ') };
  }

  acquire(): void {
    this.users += 1;
    if (this.users > 1) return;
    this.rescan();
    this.timer = setInterval(() => this.rescan(), this.rescanMs);
  }

  async release(): Promise<void> {
    if (this.users === 0) return;
    this.users -= 1;
    if (this.users > 0) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const links = this.links();
    this.open.clear();
    await Promise.all(links.map((link) => link.close()));
  }

  /** Opens links on new interfaces and closes those whose interface went away. */
  rescan(): void {
    // Nobody needs the network: no socket is opened (a late timer or caller must not open one).
    if (this.users === 0) return;
    const wanted = new Map(this.listInterfaces().map((iface) => [linkId(iface), iface]));
    let changed = false;
    for (const [id, link] of this.open) {
      if (wanted.has(id)) continue;
      this.open.delete(id);
      void link.close();
      changed = true;
    }
    for (const [id, iface] of wanted) {
      if (this.open.has(id)) continue;
      const link = this.openLink(iface, {
        packet: (packet, from) => this.packetListeners.forEach((listener) => listener(packet, from, link)),
        state: () => this.emitStatus(),
      });
      this.open.set(id, link);
      this.linkListeners.forEach((listener) => listener(link));
      changed = true;
    }
    if (changed || this.open.size === 0) this.emitStatus();
  }

  private emitStatus(): void {
    this.statusListeners.forEach((listener) => listener());
  }
}

function linkId(iface: MulticastInterface): string {
  return `${iface.name}/${iface.address}/${iface.netmask}`;
}

function subscribe<T>(set: Set<T>, listener: T): () => void {
  set.add(listener);
  return () => set.delete(listener);
}
