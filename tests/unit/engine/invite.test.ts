import { describe, expect, it } from 'vitest';
import { inviteLink, parseInvite } from '../../../renderer/engine/invite.js';

const server = { host: '192.168.1.5', port: 8765, path: '/peerjs', key: 'peerjs', secure: false };

describe('invite links', () => {
  it('carry the room, and the path and key only when not the defaults', () => {
    expect(inviteLink('http://192.168.1.5:8765/', 'maple-1', server)).toBe(
      'http://192.168.1.5:8765/?room=maple-1',
    );
    const custom = inviteLink('http://10.0.0.2:9000/', 'x', { ...server, path: '/rv', key: 'k 1' });
    expect(custom).toBe('http://10.0.0.2:9000/?room=x&path=%2Frv&key=k+1');
  });

  it('round-trip to the server and room they name', () => {
    const link = inviteLink('http://192.168.1.5:8765/', 'maple-1', { ...server, key: 'secret' });
    expect(parseInvite(link)).toEqual({ roomId: 'maple-1', server: { ...server, key: 'secret' } });
    expect(parseInvite('https://example.org/?room=r')?.server).toMatchObject({ port: 443, secure: true });
  });

  it('are not mistaken for room ids and vice versa', () => {
    expect(parseInvite('maple-1')).toBeNull();
    expect(parseInvite('http://192.168.1.5:8765/')).toBeNull();
    expect(parseInvite('javascript:alert(1)?room=x')).toBeNull();
  });
});
