import { describe, expect, it, vi } from 'vitest';
import {
  FailureWindow,
  newChallenge,
  passcodeDelayMs,
  passcodeProof,
  proofsEqual,
} from '../../../renderer/engine/access/passcode.js';
import { Lobby } from '../../../renderer/engine/room/lobby.js';
import { TokenBucket } from '../../../renderer/engine/room/rate-limit.js';

describe('passcode proofs', () => {
  it('depend on the passcode, the challenge, the room and the joiner', async () => {
    const challenge = newChallenge();
    const proof = await passcodeProof('sesame', challenge, 'room-1', 'peer-a');
    expect(proof).toMatch(/^[0-9a-f]{64}$/);
    expect(await passcodeProof('sesame', challenge, 'room-1', 'peer-a')).toBe(proof);
    for (const other of [
      passcodeProof('Sesame', challenge, 'room-1', 'peer-a'),
      passcodeProof('sesame', newChallenge(), 'room-1', 'peer-a'),
      passcodeProof('sesame', challenge, 'room-2', 'peer-a'),
      passcodeProof('sesame', challenge, 'room-1', 'peer-b'),
    ]) {
      expect(await other).not.toBe(proof);
    }
  });

  it('never contain the passcode', async () => {
    const proof = await passcodeProof('sesame', newChallenge(), 'r', 'p');
    expect(proof).not.toContain('sesame');
    expect(proof).not.toContain(Buffer.from('sesame').toString('hex'));
  });

  it('are compared exactly', () => {
    expect(proofsEqual('ab', 'ab')).toBe(true);
    expect(proofsEqual('ab', 'ac')).toBe(false);
    expect(proofsEqual('ab', 'abc')).toBe(false);
  });

  it('challenges are fresh', () => {
    expect(new Set(Array.from({ length: 100 }, newChallenge)).size).toBe(100);
  });
});

describe('slowing down guesses', () => {
  it('lets a few typos through at once, then doubles the wait up to a cap', () => {
    expect([0, 1, 2].map(passcodeDelayMs)).toEqual([0, 0, 0]);
    expect([3, 4, 5, 6].map(passcodeDelayMs)).toEqual([500, 1000, 2000, 4000]);
    expect(passcodeDelayMs(40)).toBe(16_000);
  });

  it('forgets failures after the window', () => {
    let now = 0;
    const window = new FailureWindow(60_000, () => now);
    window.record();
    window.record();
    now = 30_000;
    window.record();
    expect(window.recent()).toBe(3);
    now = 61_000;
    expect(window.recent()).toBe(1);
    now = 100_000;
    expect(window.recent()).toBe(0);
  });
});

describe('the message rate limit', () => {
  it('allows a burst, then the sustained rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 5, () => now);
    expect(Array.from({ length: 7 }, () => bucket.take())).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
    now = 100; // one token back
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now = 10_000; // refills to the burst, no more
    expect(Array.from({ length: 6 }, () => bucket.take()).filter(Boolean)).toHaveLength(5);
  });
});

describe('the lobby', () => {
  it('waits for the host and reports who is waiting', async () => {
    const changes = vi.fn();
    const lobby = new Lobby(changes);
    const never = new Promise<void>(() => {});
    const nia = lobby.wait('p-nia', 'Nia', never);
    const oz = lobby.wait('p-oz', 'Oz', never);
    expect(lobby.entries()).toEqual([
      { peerId: 'p-nia', name: 'Nia' },
      { peerId: 'p-oz', name: 'Oz' },
    ]);
    lobby.decide('p-nia', true);
    lobby.decide('p-oz', false);
    expect(await nia).toBe(true);
    expect(await oz).toBe(false);
    expect(lobby.entries()).toEqual([]);
    expect(changes).toHaveBeenLastCalledWith([]);
  });

  it('refuses someone who gives up waiting, and everyone when cleared', async () => {
    const lobby = new Lobby(() => {});
    let giveUp = (): void => {};
    const quitter = lobby.wait('p-q', 'Q', new Promise<void>((resolve) => (giveUp = resolve)));
    const other = lobby.wait('p-o', 'O', new Promise<void>(() => {}));
    giveUp();
    expect(await quitter).toBe(false);
    lobby.clear();
    expect(await other).toBe(false);
  });
});
