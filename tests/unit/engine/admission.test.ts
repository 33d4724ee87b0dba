import { describe, expect, it } from 'vitest';
import { decideAdmission } from '../../../renderer/engine/room/admission.js';
import { memberPeerId } from '../../../renderer/engine/names.js';
import { PROTOCOL_VERSION } from '../../../renderer/engine/protocol/messages.js';

const roomId = 'maple-1';
const alice = { peerId: memberPeerId(roomId, 'Alice'), name: 'Alice', order: 0 };
const bob = { peerId: memberPeerId(roomId, 'Bob'), name: 'Bob', order: 3 };
const context = { roomId, members: [alice, bob], maxMembers: 4 };
const request = (name: string, versions = [PROTOCOL_VERSION]) => ({
  v: PROTOCOL_VERSION,
  type: 'join-request' as const,
  versions,
  name,
});

describe('the keeper admitting a joiner', () => {
  it('admits a new name after everyone already admitted', () => {
    const decision = decideAdmission(request('Carol'), memberPeerId(roomId, 'Carol'), context);
    expect(decision).toEqual({
      admitted: { peerId: memberPeerId(roomId, 'Carol'), name: 'Carol', order: 4 },
    });
  });

  it('refuses a name already in the room, whatever its case or width', () => {
    const decision = decideAdmission(request('ｂｏｂ'), memberPeerId(roomId, 'ｂｏｂ'), {
      ...context,
      members: [alice, { ...bob, peerId: 'huddle-maple-1-m-00' }],
    });
    expect(decision).toMatchObject({
      rejected: { code: 'name-taken', reason: "The name 'ｂｏｂ' is already taken in this room." },
    });
  });

  it('refuses a request whose name is not the one its peer id encodes', () => {
    const decision = decideAdmission(request('Mallory'), memberPeerId(roomId, 'Carol'), context);
    expect(decision).toMatchObject({ rejected: { code: 'name-invalid' } });
  });

  it('refuses an app that speaks no common protocol version, saying which', () => {
    const decision = decideAdmission(request('Carol', [7]), memberPeerId(roomId, 'Carol'), context);
    expect(decision).toMatchObject({ rejected: { code: 'version-unsupported' } });
    if ('rejected' in decision) expect(decision.rejected.reason).toMatch(/version 1.*7/);
  });

  it('refuses when the room is full', () => {
    const decision = decideAdmission(request('Carol'), memberPeerId(roomId, 'Carol'), {
      ...context,
      maxMembers: 2,
    });
    expect(decision).toMatchObject({ rejected: { code: 'room-full' } });
  });

  it('gives a member who was admitted before its old place back', () => {
    const decision = decideAdmission(request('Bob'), bob.peerId, context);
    expect(decision).toEqual({ admitted: bob });
  });

  it('does not touch the roster it was given', () => {
    const members = [alice, bob];
    const frozen = JSON.stringify(members);
    decideAdmission(request('Carol'), memberPeerId(roomId, 'Carol'), { ...context, members });
    expect(JSON.stringify(members)).toBe(frozen);
  });
});
