/**
 * The room's logic under Node (room-harness.ts: real RoomSessions, an
 * in-memory rendezvous server, a fake RTCPeerConnection, fake timers). Joining,
 * admission, keeping the room and its succession, crash detection and
 * teardown; media itself is the browser tests' business.
 */
import { describe, expect, it, vi } from 'vitest';
import { HuddleError } from '../../../renderer/engine/errors.js';
import { keeperPeerId } from '../../../renderer/engine/names.js';
import { RoomSession } from '../../../renderer/engine/room/room-session.js';
import type { FakeChannel } from './fake-rendezvous.js';
import { join, joinAll, names, pass, ROOM, statusOf, until, useRoomHarness } from './room-harness.js';

const harness = useRoomHarness();
const member = harness.member;

describe('the room session workflow', () => {
  it('refuses to publish before joining, with a typed error', async () => {
    const { session } = member('Ann');
    await expect(session.publish()).rejects.toMatchObject({ code: 'not-joined' });
    expect(session.state).toBe('idle');
  });

  it('refuses to share a screen before joining, without opening a picker', async () => {
    const { session } = member('Ann');
    await expect(session.startScreenShare()).rejects.toMatchObject({
      code: 'not-joined',
      message: 'Join a room before you share your screen.',
    });
    expect(session.sharingScreen).toBe(false);
    session.stopScreenShare();
    expect(session.state).toBe('idle');
  });

  it('checks the name and room id when created', () => {
    const options = { server: harness.server().config, rendezvous: harness.server().rendezvous() };
    expect(() => new RoomSession({ ...options, roomId: 'maple 1', displayName: ' ' })).toThrow(HuddleError);
    expect(() => new RoomSession({ ...options, roomId: '!!', displayName: 'Ann' })).toThrow(/room id/);
    expect(new RoomSession({ ...options, roomId: 'Maple 1', displayName: 'Ann' }).roomId).toBe('maple-1');
  });

  it('leaving before joining changes nothing', () => {
    const { session } = member('Ann');
    session.leave();
    expect(session.state).toBe('idle');
    expect(session.participants()).toEqual([]);
  });
});

describe('joining a room', () => {
  it('opens a room nobody is in, and keeps it', async () => {
    const ann = member('Ann');
    await join(ann);
    expect(ann.session.state).toBe('joined');
    expect(ann.session.isKeeper).toBe(true);
    expect(harness.server().holder(keeperPeerId(ROOM))).toBeDefined();
  });

  it('is admitted by the keeper, and everyone links to everyone', async () => {
    const [ann, ben, cal] = [member('Ann'), member('Ben'), member('Cal')];
    await joinAll(ann, ben, cal);
    for (const m of [ann, ben, cal]) expect(names(m).sort()).toEqual(['Ann', 'Ben', 'Cal']);
    expect(statusOf(cal, 'Ann')).toBe('connected');
    expect(statusOf(cal, 'Ben')).toBe('connected');
    expect(statusOf(ann, 'Cal')).toBe('connected');
    expect(ben.session.isKeeper).toBe(false);
  });

  it('lets three join at the same instant', async () => {
    const ann = member('Ann');
    await join(ann);
    const others = [member('Ben'), member('Cal'), member('Dee')];
    await until(Promise.all(others.map((m) => m.session.join())));
    await pass(500);
    for (const m of [ann, ...others]) {
      expect(names(m).sort()).toEqual(['Ann', 'Ben', 'Cal', 'Dee']);
      expect(m.session.participants().every((p) => p.status === 'connected')).toBe(true);
    }
  });

  it('refuses a name someone in the room has, and the room goes on', async () => {
    const ann = member('Ann');
    await join(ann);
    const twin = member('ann');
    await expect(until(twin.session.join())).rejects.toMatchObject({ code: 'name-taken' });
    expect(twin.session.state).toBe('idle');
    expect(ann.session.state).toBe('joined');
  });

  it('logs each step of a join on both sides, so a join that hangs says where', async () => {
    const ann = member('Ann', { passcode: 'open sesame' });
    await join(ann);
    const info = vi.mocked(console.info);
    info.mockClear();
    const wrong = member('Ben', { passcode: 'guess' });
    await expect(until(wrong.session.join())).rejects.toMatchObject({ code: 'wrong-passcode' });
    const lines = info.mock.calls.map(([line]) => String(line)).join('\n');
    expect(lines).toMatch(/join attempt 1: our id claimed; room id held; deputy id not waited for/);
    expect(lines).toMatch(/join: \S+: connected; sending our join request/);
    // The keeper's side of the same conversation.
    expect(lines).toMatch(/join request from \S+ as 'Ben'/);
    expect(lines).toMatch(/join: \S+: asked for the passcode/);
    expect(lines).toMatch(/join: \S+: wrong-passcode: Wrong passcode for room/);
  });

  it('asks for the passcode, refuses a wrong one and lets the right one in', async () => {
    const ann = member('Ann', { passcode: 'open sesame' });
    await join(ann);
    const wrong = member('Ben', { passcode: 'guess' });
    await expect(until(wrong.session.join())).rejects.toMatchObject({ code: 'wrong-passcode' });
    const right = member('Cal', { passcode: 'open sesame' });
    await joinAll(right);
    expect(names(ann).sort()).toEqual(['Ann', 'Cal']);
    expect(right.session.access.hasPasscode).toBe(true);
  });
});

describe('a join refused, then tried again at once', () => {
  it('gets in, though the server still holds the id the refused attempt gave up', async () => {
    harness.server().releaseDelayMs = 400;
    const ann = member('Ann');
    await join(ann);
    ann.session.setLocked(true);
    const refused = member('Kai');
    await expect(until(refused.session.join())).rejects.toMatchObject({ code: 'room-locked' });
    ann.session.setLocked(false);
    // What the join form does on a second click: a new session, the same name, straight away.
    const again = member('Kai');
    await joinAll(again);
    expect(names(ann).sort()).toEqual(['Ann', 'Kai']);
  });

  it('still hears that a name is taken when someone else holds it', async () => {
    harness.server().releaseDelayMs = 400;
    const [ann, kai] = [member('Ann'), member('Kai')];
    await join(ann);
    await join(kai);
    await expect(until(member('kai').session.join())).rejects.toMatchObject({ code: 'name-taken' });
  });
});

describe('a joiner that speaks only a newer protocol', () => {
  it('is told the versions of both sides', async () => {
    const ann = member('Ann');
    await join(ann);
    const stranger = harness.server().rendezvous();
    const peer = await (async () => {
      const opening = stranger.open('huddle-maple-1-m-64616e61', 'taken');
      await pass(10);
      return opening;
    })();
    const channel = peer.connect(keeperPeerId(ROOM)) as FakeChannel;
    const replies: string[] = [];
    channel.on('data', (data) => replies.push(String(data)));
    channel.on('open', () =>
      channel.send(JSON.stringify({ v: 2, type: 'join-request', versions: [2], name: 'Dana' })),
    );
    await pass(200);
    expect(replies).toHaveLength(1);
    const reply = JSON.parse(replies[0] ?? '{}') as { type: string; code: string; reason: string };
    expect(reply).toMatchObject({ type: 'join-rejected', code: 'version-unsupported' });
    expect(reply.reason).toMatch(/version 1.*2/);
    peer.destroy();
  });
});

describe('keeping the room', () => {
  it('passes to the next member in order when the keeper leaves, and a later joiner gets in', async () => {
    const [ann, ben, cal] = [member('Ann'), member('Ben'), member('Cal')];
    await joinAll(ann, ben, cal);
    ann.session.leave();
    await pass(1000);
    expect(ben.session.isKeeper).toBe(true);
    expect(cal.session.isKeeper).toBe(false);
    expect(names(cal).sort()).toEqual(['Ben', 'Cal']);
    const dee = member('Dee');
    await joinAll(dee);
    expect(names(dee).sort()).toEqual(['Ben', 'Cal', 'Dee']);
  });
});

describe('a member whose page crashes', () => {
  it('is found gone by the others, who drop it', async () => {
    const [ann, ben] = [member('Ann'), member('Ben')];
    await joinAll(ann, ben);
    ben.peers.forEach((peer) => peer.crash());
    // Its silence shows within the heartbeat's limit; the server then says nobody holds its id.
    await pass(5000);
    expect(names(ann)).toEqual(['Ann']);
  });

  it('comes back under its name and is linked again, once', async () => {
    await benCrashesAndComesBack({ after: 300, linkedWithin: 8000 });
  });
});

/**
 * Ann, Ben and Cal in a room; Ben's page crashes and, `after` ms later,
 * Ben joins again under its name: everyone is linked with everyone within
 * `linkedWithin` ms of that join.
 */
async function benCrashesAndComesBack(timing: { after: number; linkedWithin: number }): Promise<void> {
  const [ann, ben, cal] = [member('Ann'), member('Ben'), member('Cal')];
  await joinAll(ann, ben, cal);
  ben.peers.forEach((peer) => peer.crash());
  await pass(timing.after);
  const again = member('Ben');
  await join(again);
  await pass(timing.linkedWithin);
  for (const m of [ann, cal, again]) {
    expect(names(m).sort()).toEqual(['Ann', 'Ben', 'Cal']);
    expect(m.session.participants().every((p) => p.status === 'connected')).toBe(true);
  }
}

describe('a member back from a crash, on a server that keeps dials for an id nobody holds', () => {
  it('takes the dials that waited for its name as soon as it has it again', async () => {
    // A PeerJS server keeps a dial to a free id for 5 s and hands it to
    // whoever registers the id, right away: here, the others' redials of
    // Ben, found silent 2 s after its crash.
    harness.server().dialWaitMs = 5000;
    await benCrashesAndComesBack({ after: 2600, linkedWithin: 4000 });
  });
});

describe('leaving', () => {
  it('says bye: the others drop the member at once, and nothing of the session is left running', async () => {
    const [ann, ben] = [member('Ann'), member('Ben')];
    await joinAll(ann, ben);
    ben.session.leave();
    await pass(100);
    expect(names(ann)).toEqual(['Ann']);
    expect(ben.session.state).toBe('left');
    ann.session.leave();
    await pass(3000);
    // Every timer the sessions started belonged to something they closed.
    expect(vi.getTimerCount()).toBe(0);
    expect(harness.server().holder(keeperPeerId(ROOM))).toBeUndefined();
  });
});
