/**
 * Real RoomSessions under Node for the room's unit tests: an in-memory
 * rendezvous server in place of PeerJS and a fake RTCPeerConnection, driven
 * by fake timers so heartbeats, retries and timeouts run in an instant.
 * `useRoomHarness()` installs all that around each test and leaves every
 * session it made at the end.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { RoomSession } from '../../../renderer/engine/room/room-session.js';
import { FakeRendezvousServer, type FakePeer } from './fake-rendezvous.js';
import { FakePeerConnection } from './fake-peer-connection.js';

export const ROOM = 'maple-1';

export interface Member {
  session: RoomSession;
  peers: FakePeer[];
}

export interface RoomHarness {
  /** The rendezvous server of the running test. */
  server(): FakeRendezvousServer;
  member(name: string, options?: { passcode?: string }): Member;
}

/**
 * Lets every timer due in the next `ms` run, with the promises they start,
 * in steps that also let work outside the fake clock (WebCrypto) finish.
 */
export async function pass(ms: number): Promise<void> {
  for (let done = 0; done < ms; done += 10) {
    await vi.advanceTimersByTimeAsync(Math.min(10, ms - done));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Passes time until `promise` settles (some work, like WebCrypto, runs outside the fake clock). */
export async function until<T>(promise: Promise<T>, limitMs = 60_000): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let waited = 0; !settled && waited < limitMs; waited += 10) await pass(10);
  return promise;
}

export const join = (m: Member): Promise<void> => until(m.session.join());

/** Joins each member in turn, then lets their links and hellos settle. */
export async function joinAll(...people: Member[]): Promise<void> {
  for (const person of people) await join(person);
  await pass(500);
}

export const names = (m: Member): string[] => m.session.participants().map((participant) => participant.name);

export const statusOf = (m: Member, name: string): string | undefined =>
  m.session.participants().find((participant) => participant.name === name)?.status;

export function useRoomHarness(): RoomHarness {
  let server: FakeRendezvousServer | null = null;
  const sessions: RoomSession[] = [];

  beforeEach(() => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'],
    });
    vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
    if (!process.env.DEBUG_ROOM) vi.spyOn(console, 'info').mockImplementation(() => {});
    if (!process.env.DEBUG_ROOM) vi.spyOn(console, 'warn').mockImplementation(() => {});
    FakePeerConnection.reset();
    server = new FakeRendezvousServer();
  });

  afterEach(() => {
    for (const session of sessions.splice(0)) session.leave();
    vi.clearAllTimers();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  const current = (): FakeRendezvousServer => {
    if (!server) throw new Error('the harness runs only inside a test');
    return server;
  };

  return {
    server: current,
    member(name, options = {}) {
      const rendezvous = current().rendezvous();
      const session = new RoomSession({
        roomId: ROOM,
        displayName: name,
        server: current().config,
        rendezvous,
        ...options,
      });
      sessions.push(session);
      return { session, peers: rendezvous.peers };
    },
  };
}
