/** What the join view says of a refused certificate, and which failed join a remembered refusal explains. */
import { describe, expect, it } from 'vitest';
import type { CertificateRefusal, RendezvousServer } from '../../../renderer/contract/host-bridge.js';
import {
  createRefusalMemory,
  describeRefusal,
  refusalConcerns,
} from '../../../renderer/stores/certificate-refusals.js';

const pinned = 'ab12cd34'.repeat(8);
const presented = 'ef567890'.repeat(8);
const refusal: CertificateRefusal = { host: '192.168.1.5', port: null, expected: [pinned], got: presented };
const server: RendezvousServer = { host: '192.168.1.5', port: 8765, path: '/peerjs', key: 'k', secure: true };

describe('describeRefusal', () => {
  it('names the host, the port being joined and both fingerprints in groups of four', () => {
    expect(describeRefusal(refusal, server)).toBe(
      'The host 192.168.1.5:8765 presented a different certificate than the invite said (expected ' +
        'AB12 CD34 AB12 CD34 AB12 CD34 AB12 CD34 AB12 CD34 AB12 CD34 AB12 CD34 AB12 CD34, got ' +
        'EF56 7890 EF56 7890 EF56 7890 EF56 7890 EF56 7890 EF56 7890 EF56 7890 EF56 7890). ' +
        'Someone may be intercepting the connection; ask the host to check the fingerprint.',
    );
  });

  it("uses the app's own port where it knows it, and names no port it cannot know", () => {
    expect(describeRefusal({ ...refusal, port: 9443 }, server)).toMatch(/^The host 192\.168\.1\.5:9443 /);
    expect(describeRefusal(refusal, { ...server, host: '192.168.1.6' })).toMatch(/^The host 192\.168\.1\.5 /);
    expect(describeRefusal(refusal, null)).toMatch(/^The host 192\.168\.1\.5 presented/);
  });

  it('brackets an IPv6 address before its port, and says when the certificate was unreadable', () => {
    const v6 = { ...refusal, host: 'fe80::1', got: null };
    const text = describeRefusal(v6, { ...server, host: '[FE80::1]' });
    expect(text).toMatch(/^The host \[fe80::1\]:8765 /);
    expect(text).toContain('got a certificate that could not be read)');
  });

  it('names every pinned fingerprint', () => {
    expect(describeRefusal({ ...refusal, expected: [pinned, presented] }, server)).toContain(
      'AB12 CD34 AB12 CD34 AB12 CD34 AB12 CD34 AB12 CD34 AB12 CD34 AB12 CD34 AB12 CD34 or EF56',
    );
  });
});

describe('refusalConcerns', () => {
  it('matches the host in any spelling, and the port where the app knew it', () => {
    expect(refusalConcerns(refusal, { ...server, host: '192.168.1.5.' })).toBe(true);
    expect(refusalConcerns({ ...refusal, host: 'desk.local' }, { ...server, host: 'DESK.local' })).toBe(true);
    expect(refusalConcerns({ ...refusal, port: 8765 }, server)).toBe(true);
    expect(refusalConcerns({ ...refusal, port: 9443 }, server)).toBe(false);
    expect(refusalConcerns(refusal, { ...server, host: '192.168.1.50' })).toBe(false);
  });

  it('never explains a plain connection, which has no certificate', () => {
    expect(refusalConcerns(refusal, { ...server, secure: false })).toBe(false);
    expect(refusalConcerns(refusal, null)).toBe(false);
  });
});

describe('createRefusalMemory', () => {
  it('keeps the latest refusal for each host until a join there works', () => {
    const memory = createRefusalMemory();
    expect(memory.find(server)).toBeNull();
    memory.remember(refusal);
    const newer = { ...refusal, got: pinned.replace('a', 'b') };
    memory.remember(newer);
    memory.remember({ ...refusal, host: 'desk.local' });
    expect(memory.find(server)).toBe(newer);
    memory.forget(server);
    expect(memory.find(server)).toBeNull();
    expect(memory.find({ ...server, host: 'desk.local' })).not.toBeNull();
  });

  it('keeps only the most recent hosts', () => {
    const memory = createRefusalMemory(2);
    for (const host of ['a.local', 'b.local', 'c.local']) memory.remember({ ...refusal, host });
    expect(memory.find({ ...server, host: 'a.local' })).toBeNull();
    expect(memory.find({ ...server, host: 'c.local' })?.host).toBe('c.local');
  });
});
