import { describe, expect, it } from 'vitest';
import { HuddleError } from '../../../renderer/engine/errors.js';
import { RoomSession } from '../../../renderer/engine/room/room-session.js';

const server = { host: '127.0.0.1', port: 1, path: '/peerjs', key: 'huddle', secure: false };

describe('the room session workflow', () => {
  it('refuses to publish before joining, with a typed error', async () => {
    const session = new RoomSession({ roomId: 'maple-1', displayName: 'Ann', server });
    await expect(session.publish()).rejects.toMatchObject({ code: 'not-joined' });
    expect(session.state).toBe('idle');
  });

  it('refuses to share a screen before joining, without opening a picker', async () => {
    const session = new RoomSession({ roomId: 'maple-1', displayName: 'Ann', server });
    await expect(session.startScreenShare()).rejects.toMatchObject({
      code: 'not-joined',
      message: 'Join a room before you share your screen.',
    });
    expect(session.sharingScreen).toBe(false);
    session.stopScreenShare();
    expect(session.state).toBe('idle');
  });

  it('checks the name and room id when created', () => {
    expect(() => new RoomSession({ roomId: 'maple 1', displayName: ' ', server })).toThrow(HuddleError);
    expect(() => new RoomSession({ roomId: '!!', displayName: 'Ann', server })).toThrow(/room id/);
    expect(new RoomSession({ roomId: 'Maple 1', displayName: 'Ann', server }).roomId).toBe('maple-1');
  });

  it('leaving before joining changes nothing', () => {
    const session = new RoomSession({ roomId: 'maple-1', displayName: 'Ann', server });
    session.leave();
    expect(session.state).toBe('idle');
    expect(session.participants()).toEqual([]);
  });
});
