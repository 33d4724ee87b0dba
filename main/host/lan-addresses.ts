/**
 * The addresses under which guests on the local network can reach this host.
 *
 * Only IPv4 is offered: it is what people read out and type, and link-local
 * IPv6 addresses need a zone id that browsers do not accept in URLs.
 */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

export type InterfaceTable = NodeJS.Dict<NetworkInterfaceInfo[]>;

/** Non-internal IPv4 addresses, in interface order, without duplicates. */
export function lanAddresses(interfaces: InterfaceTable = networkInterfaces()): string[] {
  const found: string[] = [];
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      // Node 18.0-18.3 reported `family` as the number 4; compare both spellings.
      const family: unknown = entry.family;
      const isIPv4 = family === 'IPv4' || family === 4;
      if (isIPv4 && !entry.internal && !found.includes(entry.address)) found.push(entry.address);
    }
  }
  return found;
}

/** Wildcard binds accept connections on every interface. */
export function isWildcardAddress(bind: string): boolean {
  return bind === '0.0.0.0' || bind === '::' || bind === '[::]';
}

export function isLoopbackAddress(address: string): boolean {
  return address === 'localhost' || address === '::1' || address === '[::1]' || /^127\./.test(address);
}

/**
 * Which addresses actually reach a server bound to `bind`: every LAN address
 * for a wildcard bind, none for loopback, and just the bound one otherwise
 * (the user chose it, so it is the one that works).
 */
export function addressesForBind(bind: string, addresses: readonly string[]): string[] {
  if (isWildcardAddress(bind)) return [...addresses];
  if (isLoopbackAddress(bind)) return [];
  return [bind];
}

/** `http://ADDRESS:PORT/` (or https) for each address, the URL a browser guest opens. */
export function webClientUrls(
  addresses: readonly string[],
  port: number,
  scheme: 'http' | 'https' = 'http',
): string[] {
  return addresses.map((address) => `${scheme}://${urlHost(address)}:${port}/`);
}

/** IPv6 literals need brackets inside a URL; everything else is used as is. */
export function urlHost(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}
