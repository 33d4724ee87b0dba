/**
 * The DNS records of a room's advertisement, and reading them back out of an
 * mDNS response. A room is one DNS-SD service instance of `_huddle._tcp`:
 *
 *     _huddle._tcp.local          PTR  Huddle maple-comet-4821 1a2b._huddle._tcp.local
 *     Huddle maple-…._huddle._tcp.local  SRV  0 0 8765 huddle-1a2b.local
 *     Huddle maple-…._huddle._tcp.local  TXT  txtvers=1 room=… (txt-record.ts)
 *     huddle-1a2b.local           A    the address of the interface it is sent on
 *
 * Reading keeps only what a room needs (PTR, SRV port, TXT) and ignores A
 * records: a room is reached at the address its response came from, so a
 * hostile advertisement cannot send anyone to a third machine.
 */

export const SERVICE_NAME = '_huddle._tcp.local';
/**
 * Records live two minutes in others' caches (RFC 6762 §10's host-record
 * TTL); Huddle's own list does not wait for that, it re-asks (room-browser.ts).
 */
export const RECORD_TTL_SECONDS = 120;
/** DNS names are at most 255 bytes; a response with more records than this is not a room list. */
const MAX_NAME_LENGTH = 255;
const MAX_RECORDS = 64;

export type MdnsRecord =
  | { name: string; type: 'PTR'; ttl: number; data: string }
  | { name: string; type: 'SRV'; ttl: number; data: { port: number; target: string } }
  | { name: string; type: 'TXT'; ttl: number; data: Buffer[] }
  | { name: string; type: 'A'; ttl: number; data: string };

/** What one advertiser says about one room on one interface. */
export interface AdvertRecordsInput {
  /** The instance's full name, e.g. `Huddle maple-comet-4821 1a2b._huddle._tcp.local`. */
  fqdn: string;
  /** The SRV target, e.g. `huddle-1a2b.local`. */
  target: string;
  address: string;
  port: number;
  txt: Buffer[];
}

export function advertRecords(input: AdvertRecordsInput, ttl = RECORD_TTL_SECONDS): MdnsRecord[] {
  return [
    { name: SERVICE_NAME, type: 'PTR', ttl, data: input.fqdn },
    { name: input.fqdn, type: 'SRV', ttl, data: { port: input.port, target: input.target } },
    { name: input.fqdn, type: 'TXT', ttl, data: input.txt },
    { name: input.target, type: 'A', ttl, data: input.address },
  ];
}

/** A DNS-SD instance name for a room: instance labels are at most 63 bytes (RFC 6763 §4.1.1). */
export function instanceFqdn(roomId: string, suffix: string): string {
  return `Huddle ${roomId} ${suffix}`.slice(0, 63) + `.${SERVICE_NAME}`;
}

/** A room instance seen in a response (its TXT still unchecked: txt-record.ts reads it). */
export interface Sighting {
  fqdn: string;
  port: number;
  txt: unknown;
}

export interface ResponseContents {
  seen: Sighting[];
  /** Instances said goodbye to (TTL 0, RFC 6762 §10.1). */
  gone: string[];
}

/** The rooms a decoded mDNS response announces or withdraws; anything malformed is skipped. */
export function readResponse(packet: unknown): ResponseContents {
  const result: ResponseContents = { seen: [], gone: [] };
  if (typeof packet !== 'object' || packet === null) return result;
  const { answers, additionals } = packet as Record<string, unknown>;
  const records = [
    ...(Array.isArray(answers) ? answers : []),
    ...(Array.isArray(additionals) ? additionals : []),
  ]
    .slice(0, MAX_RECORDS)
    .map(asRecord)
    .filter((record) => record !== null);
  const named = (name: string, type: string): RecordLike | undefined =>
    records.find((record) => record.type === type && sameName(record.name, name));

  for (const ptr of records) {
    if (ptr.type !== 'PTR' || !sameName(ptr.name, SERVICE_NAME) || typeof ptr.data !== 'string') continue;
    const fqdn = ptr.data;
    if (fqdn.length > MAX_NAME_LENGTH || !fqdn.toLowerCase().endsWith(`.${SERVICE_NAME}`)) continue;
    const srv = named(fqdn, 'SRV');
    if (ptr.ttl === 0 || srv?.ttl === 0) {
      result.gone.push(fqdn);
      continue;
    }
    const port = srvPort(srv?.data);
    const txt = named(fqdn, 'TXT');
    if (port !== null && txt) result.seen.push({ fqdn, port, txt: txt.data });
  }
  return result;
}

interface RecordLike {
  name: string;
  type: string;
  ttl: number;
  data: unknown;
}

function asRecord(value: unknown): RecordLike | null {
  if (typeof value !== 'object' || value === null) return null;
  const { name, type, ttl, data } = value as Record<string, unknown>;
  if (typeof name !== 'string' || name.length > MAX_NAME_LENGTH || typeof type !== 'string') return null;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0) return null;
  return { name, type, ttl, data };
}

/** DNS names compare without regard to ASCII case. */
function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function srvPort(data: unknown): number | null {
  if (typeof data !== 'object' || data === null) return null;
  const { port } = data as Record<string, unknown>;
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535 ? port : null;
}
