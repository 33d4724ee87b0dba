import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatTimeLeft,
  progressText,
  stateText,
} from '../../../renderer/components/file-figures.js';
import type { TransferView } from '../../../renderer/engine/files/transfer-types.js';

const view = (change: Partial<TransferView>): TransferView => ({
  key: 'in p id',
  id: 'id',
  direction: 'in',
  peerId: 'p',
  peerName: 'Ann',
  name: 'a.bin',
  size: 10 * 1024 * 1024,
  mediaType: '',
  direct: false,
  state: 'active',
  bytes: 3.5 * 1024 * 1024,
  rate: 1024 * 1024,
  secondsLeft: 6.5,
  resent: 0,
  sha256: null,
  problem: null,
  file: null,
  savedAs: null,
  ...change,
});

describe('file figures', () => {
  it('reads sizes as people do', () => {
    expect([0, 1, 1023, 1024, 1536, 5 * 1024 ** 2, 1024 ** 3].map(formatBytes)).toEqual([
      '0 bytes',
      '1 byte',
      '1023 bytes',
      '1 KiB',
      '1.5 KiB',
      '5 MiB',
      '1 GiB',
    ]);
  });

  it('reads time left in seconds, minutes, hours', () => {
    expect([null, 0.2, 59, 75, 3 * 3600 + 120].map(formatTimeLeft)).toEqual([
      null,
      '1 s',
      '59 s',
      '1 min 15 s',
      '3 h 2 min',
    ]);
  });

  it('gives progress with rate and time left, as far as they are known', () => {
    expect(progressText(view({}))).toBe('3.5 MiB of 10 MiB · 1 MiB/s · 7 s left');
    expect(progressText(view({ rate: null, secondsLeft: null }))).toBe('3.5 MiB of 10 MiB');
  });

  it('reads a moving transfer as interrupted, with no rate, while the member’s link is down', () => {
    expect(stateText(view({ state: 'active' }), true)).toBe(stateText(view({ state: 'interrupted' })));
    expect(stateText(view({ state: 'active', direction: 'out' }), true)).toMatch(/^Connection interrupted/);
    expect(progressText(view({}), true)).toBe('3.5 MiB of 10 MiB');
    // An offer still waits for its answer, link or not.
    expect(stateText(view({ state: 'offered' }), true)).toBe('Offered to you');
  });

  it('words each state from the side that sees it', () => {
    expect(stateText(view({ state: 'offered' }))).toBe('Offered to you');
    expect(stateText(view({ state: 'offered', direction: 'out' }))).toBe('Waiting for Ann to accept');
    expect(stateText(view({ state: 'done' }))).toMatch(/checksum verified/);
  });
});
