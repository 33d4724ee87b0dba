/**
 * mDNS on one network interface, through bonjour-service: a socket on UDP
 * 5353 that joins 224.0.0.251 on that interface only and sends out of it,
 * answers queries with the records it was given, and reports every packet
 * and every refusal (port taken, no permission, multicast refused).
 *
 * One socket per interface, as RFC 6762 §15 expects of a multi-homed
 * responder: an answer must carry the address of the link it goes out on.
 * Linux hands every multicast packet to every socket bound to the port, so
 * each link sees the others' traffic too; the browser keeps only packets from
 * its link's subnet.
 */
import type { RemoteInfo } from 'node:dgram';
import Bonjour from 'bonjour-service';
import type { MdnsRecord } from './mdns-records.js';
import type { MulticastInterface } from './network-interfaces.js';

export const MDNS_PORT = 5353;

export type LinkState = { kind: 'starting' } | { kind: 'ready' } | { kind: 'failed'; reason: string };

export interface MdnsLink {
  readonly iface: MulticastInterface;
  state(): LinkState;
  /** Asks the link who has records of `name` and `type`. */
  query(name: string, type: 'PTR'): void;
  /** The records this link answers queries with, from now on (replacing the earlier set). */
  answerWith(records: MdnsRecord[]): void;
  /** Sends records unasked: an announcement, or a goodbye with TTL 0. */
  send(records: MdnsRecord[]): Promise<void>;
  close(): Promise<void>;
}

export interface LinkEvents {
  packet(packet: unknown, from: RemoteInfo): void;
  state(): void;
}

export type OpenLink = (iface: MulticastInterface, events: LinkEvents) => MdnsLink;

type SendCallback = (error?: Error | null) => void;

/**
 * The part of bonjour-service 1.4.4 used here. Its declarations mark the
 * server private and type its multicast-dns socket `any`; the version is
 * pinned, and the lab test exercises exactly these calls.
 */
interface MdnsSocket {
  on(event: 'ready', listener: () => void): void;
  on(event: 'error' | 'warning', listener: (error: NodeJS.ErrnoException) => void): void;
  on(event: 'response' | 'packet', listener: (packet: unknown, from: RemoteInfo) => void): void;
  query(query: { questions: Array<{ name: string; type: string }> }, callback: SendCallback): void;
  respond(response: { answers: MdnsRecord[] }, callback: SendCallback): void;
}

interface BonjourServer {
  mdns: MdnsSocket;
  register(records: MdnsRecord[]): void;
  unregister(records: MdnsRecord[]): void;
}

/** What a refusal means, in words for the join view. */
export function describeSocketError(error: NodeJS.ErrnoException, iface: MulticastInterface): string {
  const code = error.code ?? error.message;
  if (code === 'EADDRINUSE') return `UDP port ${MDNS_PORT} is taken by a program that does not share it`;
  if (code === 'EACCES' || code === 'EPERM')
    return `the system refused mDNS on ${iface.name} (${code}): a firewall, or a missing permission`;
  if (error.syscall === 'addMembership' || error.syscall === 'setMulticastInterface')
    return `multicast is refused on ${iface.name} (${code})`;
  return `mDNS failed on ${iface.name} (${code})`;
}

/** A query takes well under a second to come back; three in a row that do not (about 4 s) mean none will. */
const UNHEARD_QUERIES_LIMIT = 3;

export function describeSilence(iface: MulticastInterface): string {
  return `nothing sent on ${iface.name} comes back: a firewall may be dropping incoming UDP ${MDNS_PORT}`;
}

export const openBonjourLink: OpenLink = (iface, events) => {
  let ready = false;
  let startFailure: string | null = null;
  let sendFailure: string | null = null;
  /** Queries sent since a packet of this machine's own last came back (see below). */
  let unheardQueries = 0;
  let answered: MdnsRecord[] = [];
  let closed = false;

  const state = (): LinkState => {
    const reason =
      startFailure ??
      sendFailure ??
      (unheardQueries >= UNHEARD_QUERIES_LIMIT ? describeSilence(iface) : null);
    if (reason) return { kind: 'failed', reason };
    return ready ? { kind: 'ready' } : { kind: 'starting' };
  };
  const update = (change: () => void): void => {
    const before = JSON.stringify(state());
    change();
    if (!closed && JSON.stringify(state()) !== before) events.state();
  };
  const afterSend: SendCallback = (error) =>
    update(() => {
      sendFailure = error ? describeSocketError(error, iface) : null;
    });

  // bind 0.0.0.0: a socket bound to the interface's own address would never
  // see packets sent to the group. `interface` picks the membership and the
  // outgoing interface.
  const options = { interface: iface.address, bind: '0.0.0.0', port: MDNS_PORT };
  // bonjour-service calls this when an answer to a query cannot be sent.
  const bonjour = new Bonjour(options, afterSend);
  const { server } = bonjour as unknown as { server: BonjourServer };
  const { mdns } = server;
  mdns.on('error', (error) => update(() => (startFailure ??= describeSocketError(error, iface))));
  mdns.on('warning', (error) => {
    // Joining the group or choosing the interface failed: this link cannot multicast.
    // Other warnings are undecodable packets, which are ignored.
    if (error.syscall === 'addMembership' || error.syscall === 'setMulticastInterface')
      update(() => (startFailure ??= describeSocketError(error, iface)));
  });
  mdns.on('ready', () => update(() => (ready = true)));
  // Multicast loops back to this machine, so our own queries come back to
  // us. When none do, something (typically a firewall that drops incoming
  // UDP 5353 while letting the send through) hides every answer too: the
  // list would stay empty without saying why.
  mdns.on('packet', (_packet, from) => {
    if (from.address === iface.address) update(() => (unheardQueries = 0));
  });
  mdns.on('response', (packet, from) => {
    if (!closed) events.packet(packet, from);
  });

  return {
    iface,
    state,
    query(name, type) {
      if (closed) return;
      mdns.query({ questions: [{ name, type }] }, (error) => {
        afterSend(error);
        if (!error) update(() => (unheardQueries += 1));
      });
    },
    answerWith(records) {
      // The server forgets records by name and type, which also covers every
      // room's PTR under the one service name; the whole set is replaced.
      server.unregister(answered);
      answered = records;
      server.register(records);
    },
    send(records) {
      return new Promise((resolve) => {
        if (closed || records.length === 0) return resolve();
        mdns.respond({ answers: records }, (error) => {
          afterSend(error);
          resolve();
        });
      });
    },
    close() {
      closed = true;
      return new Promise((resolve) => {
        try {
          bonjour.destroy(() => resolve());
        } catch {
          // A socket that never bound has nothing to close.
          resolve();
        }
      });
    },
  };
};
