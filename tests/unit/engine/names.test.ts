import { describe, expect, it } from 'vitest';
import {
  checkDisplayName,
  checkRoomId,
  generateRoomId,
  isMemberPeerIdOf,
  keeperPeerId,
  memberPeerId,
  normaliseName,
} from '../../../renderer/engine/names.js';

describe('display names', () => {
  it('fold case, width and spacing so look-alike names clash', () => {
    expect(normaliseName('Bob')).toBe('bob');
    expect(normaliseName('ｂｏｂ')).toBe('bob');
    expect(normaliseName('  BOB  ')).toBe('bob');
    expect(normaliseName('Ann   Lee')).toBe(normaliseName('ann lee'));
    expect(normaliseName('Bob')).not.toBe(normaliseName('Rob'));
  });

  it('derive one peer id per normalised name, valid for PeerJS', () => {
    const id = memberPeerId('maple-comet-1', 'Bob');
    expect(memberPeerId('maple-comet-1', 'ｂｏｂ')).toBe(id);
    expect(memberPeerId('maple-comet-1', 'bob ')).toBe(id);
    expect(memberPeerId('maple-comet-1', 'Rob')).not.toBe(id);
    expect(memberPeerId('maple-comet-2', 'Bob')).not.toBe(id);
    // PeerJS's own id rule.
    expect(id).toMatch(/^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$/);
    expect(memberPeerId('r', 'Zoë 李')).toMatch(/^[A-Za-z0-9]+(?:[ _-][A-Za-z0-9]+)*$/);
  });

  it('tell member ids of a room from other ids', () => {
    expect(isMemberPeerIdOf('room', memberPeerId('room', 'x'))).toBe(true);
    expect(isMemberPeerIdOf('room', keeperPeerId('room'))).toBe(false);
    expect(isMemberPeerIdOf('room', memberPeerId('room-2', 'x'))).toBe(false);
    expect(isMemberPeerIdOf('room', 'huddle-room-m-zz')).toBe(false);
    expect(isMemberPeerIdOf('room', 'huddle-room-m-')).toBe(false);
  });

  it('keep the shown name readable and refuse unusable ones with a reason', () => {
    expect(checkDisplayName('  Ann   Lee ')).toBe('Ann Lee');
    expect(() => checkDisplayName('   ')).toThrow(/enter a display name/);
    expect(() => checkDisplayName('x'.repeat(33))).toThrow(/at most 32/);
    expect(() => checkDisplayName('a\u0000b')).toThrow(/control characters/);
    expect(() => checkDisplayName('a\u200bb')).toThrow(/control characters/);
    try {
      checkDisplayName('');
    } catch (error) {
      expect((error as { code: string }).code).toBe('name-invalid');
    }
  });
});

describe('room ids', () => {
  it('normalise what people type and refuse the rest', () => {
    expect(checkRoomId(' Maple Comet 12 ')).toBe('maple-comet-12');
    expect(checkRoomId('a_b')).toBe('a-b');
    expect(() => checkRoomId('')).toThrow(/room id/);
    expect(() => checkRoomId('a--b')).toThrow(/room id/);
    expect(() => checkRoomId('über')).toThrow(/room id/);
    expect(() => checkRoomId('x'.repeat(41))).toThrow(/room id/);
  });

  it('are generated valid and varied', () => {
    const ids = new Set(Array.from({ length: 50 }, () => generateRoomId()));
    for (const id of ids) expect(checkRoomId(id)).toBe(id);
    expect(ids.size).toBeGreaterThan(40);
  });
});
