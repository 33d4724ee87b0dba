import { describe, expect, it } from 'vitest';
import { parseHostHeader } from '../../../main/host/host-header.js';

describe('parseHostHeader', () => {
  it.each([
    ['192.168.1.5:8765', { hostname: '192.168.1.5', port: 8765 }],
    ['localhost:80', { hostname: 'localhost', port: 80 }],
    ['huddle.lan', { hostname: 'huddle.lan', port: null }],
    ['[::1]:8765', { hostname: '[::1]', port: 8765 }],
    ['[fe80::1]', { hostname: '[fe80::1]', port: null }],
  ])('reads %s', (header, expected) => {
    expect(parseHostHeader(header)).toEqual(expected);
  });

  it.each([
    undefined,
    '',
    ':8765',
    'a b',
    'evil.com/x',
    'host:0',
    'host:70000',
    'host:abc',
    '[::1',
    '<script>',
  ])('refuses %j', (header) => {
    expect(parseHostHeader(header)).toBeNull();
  });
});
