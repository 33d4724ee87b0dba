/** The lab's nftables rules, as text: what each policy lets through. */
import { describe, expect, it } from 'vitest';
import { firewallScript } from '../../lab/netns.js';

function rules(script: string): string[] {
  return script.split('\n').map((line) => line.trim());
}

describe('firewallScript', () => {
  it('replaces any earlier table and always keeps loopback open', () => {
    const lines = rules(firewallScript({}));
    expect(lines.slice(0, 2)).toEqual(['table inet huddle_lab', 'delete table inet huddle_lab']);
    expect(lines).toContain('oifname "lo" accept');
    expect(lines).toContain('iifname "lo" accept');
    expect(lines.some((line) => line.includes('drop'))).toBe(false);
  });

  it('blocks UDP both ways except to and from the listed addresses', () => {
    const lines = rules(firewallScript({ udp: { allowOnly: ['10.231.0.1'] } }));
    expect(lines).toContain('meta l4proto udp ip daddr 10.231.0.1 accept');
    expect(lines).toContain('meta l4proto udp ip saddr 10.231.0.1 accept');
    expect(lines).toContain('meta l4proto udp counter name "udp_out" drop');
    expect(lines).toContain('meta l4proto udp counter name "udp_in" drop');
    expect(lines.some((line) => /l4proto tcp|tcp [ds]port/.test(line))).toBe(false);
  });

  it('expresses "only TCP to the relay and the web host"', () => {
    const lines = rules(
      firewallScript({
        udp: 'block',
        tcp: {
          allowOnly: [
            { address: '10.231.0.1', port: 3478 },
            { address: '10.231.0.1', port: 8765 },
          ],
        },
      }),
    );
    expect(lines).toContain('ip daddr 10.231.0.1 tcp dport 3478 accept');
    expect(lines).toContain('ip saddr 10.231.0.1 tcp sport 3478 accept');
    expect(lines).toContain('ip daddr 10.231.0.1 tcp dport 8765 accept');
    expect(lines).toContain('meta l4proto tcp counter name "tcp_out" drop');
    // Accepts come before the drop in each chain.
    expect(lines.indexOf('ip daddr 10.231.0.1 tcp dport 3478 accept')).toBeLessThan(
      lines.indexOf('meta l4proto tcp counter name "tcp_out" drop'),
    );
    expect(lines.some((line) => /udp .*accept/.test(line))).toBe(false);
  });

  it('refuses what is not an IPv4 address or port', () => {
    expect(() => firewallScript({ udp: { allowOnly: ['10.231.0.1; flush ruleset'] } })).toThrow(/IPv4/);
    expect(() => firewallScript({ tcp: { allowOnly: [{ address: '10.231.0.1', port: 0 }] } })).toThrow(
      /port/,
    );
  });
});
