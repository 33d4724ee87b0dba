import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  addressesForBind,
  isLoopbackAddress,
  isWildcardAddress,
  lanAddresses,
  urlHost,
  webClientUrls,
  type InterfaceTable,
} from '../../../main/host/lan-addresses.js';

function entry(address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo {
  const common = { address, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', internal, cidr: null };
  return family === 'IPv4' ? { ...common, family } : { ...common, family, scopeid: 0 };
}

const table: InterfaceTable = {
  lo: [entry('127.0.0.1', 'IPv4', true), entry('::1', 'IPv6', true)],
  eth0: [entry('192.168.1.5', 'IPv4'), entry('fe80::1', 'IPv6')],
  wlan0: [entry('10.0.0.7', 'IPv4'), entry('192.168.1.5', 'IPv4')],
  down: undefined,
};

describe('lanAddresses', () => {
  it('lists non-internal IPv4 addresses once, in interface order', () => {
    expect(lanAddresses(table)).toEqual(['192.168.1.5', '10.0.0.7']);
  });

  it('returns nothing for a machine with only loopback', () => {
    expect(lanAddresses({ lo: [entry('127.0.0.1', 'IPv4', true)] })).toEqual([]);
  });

  it('reads the real interfaces by default without throwing', () => {
    expect(Array.isArray(lanAddresses())).toBe(true);
  });
});

describe('webClientUrls', () => {
  it('builds one http URL per address', () => {
    expect(webClientUrls(['192.168.1.5', '10.0.0.7'], 8765)).toEqual([
      'http://192.168.1.5:8765/',
      'http://10.0.0.7:8765/',
    ]);
  });

  it('brackets IPv6 literals', () => {
    expect(webClientUrls(['fd00::2', '[::1]'], 80)).toEqual(['http://[fd00::2]:80/', 'http://[::1]:80/']);
    expect(urlHost('example.lan')).toBe('example.lan');
  });
});

describe('addressesForBind', () => {
  const lan = ['192.168.1.5', '10.0.0.7'];
  it('offers every LAN address for a wildcard bind', () => {
    expect(addressesForBind('0.0.0.0', lan)).toEqual(lan);
    expect(addressesForBind('::', lan)).toEqual(lan);
  });
  it('offers none for loopback, and only the bound address otherwise', () => {
    expect(addressesForBind('127.0.0.1', lan)).toEqual([]);
    expect(addressesForBind('localhost', lan)).toEqual([]);
    expect(addressesForBind('10.0.0.7', lan)).toEqual(['10.0.0.7']);
  });
  it('classifies addresses', () => {
    expect(isWildcardAddress('0.0.0.0')).toBe(true);
    expect(isWildcardAddress('127.0.0.1')).toBe(false);
    expect(isLoopbackAddress('127.0.0.2')).toBe(true);
    expect(isLoopbackAddress('::1')).toBe(true);
    expect(isLoopbackAddress('192.168.1.5')).toBe(false);
  });
});
