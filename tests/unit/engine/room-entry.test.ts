/**
 * Entering a room (room/room-entry.ts) asks the server for our id and the room's
 * two well-known ids at once. The deputy id's answer decides something only
 * when the room's id is free (a keeper just left: join its successor rather
 * than open a second room), so a joiner finding the room's id held asks the
 * keeper without waiting for it.
 */
import { describe, expect, it } from 'vitest';
import { deputyPeerId } from '../../../renderer/engine/names.js';
import { join, names, pass, ROOM, useRoomHarness, type Member } from './room-harness.js';

const harness = useRoomHarness();
const member = (name: string): Member => harness.member(name);
/** The deputy id's registrations answer this late (a slow socket). */
const SLOW_MS = 3000;

/** Starts `m`'s join without waiting for it; the answer says whether it has finished. */
function joinInBackground(m: Member): () => boolean {
  let joined = false;
  void m.session.join().then(() => (joined = true));
  return () => joined;
}

describe('entering a room', () => {
  it('asks the keeper without waiting for the deputy id when the room is held', async () => {
    const ann = member('Ann');
    await join(ann);
    harness.server().answerDelayMs.set(deputyPeerId(ROOM), SLOW_MS);
    const ben = member('Ben');
    const joined = joinInBackground(ben);
    await pass(SLOW_MS / 2);
    expect(joined()).toBe(true);
    expect(names(ben).sort()).toEqual(['Ann', 'Ben']);
    // The question still gets its answer, and the id it won is let go.
    await pass(SLOW_MS);
    const [question] = ben.peers.filter((peer) => peer.id === deputyPeerId(ROOM));
    expect(question?.destroyed).toBe(true);
  });

  it('waits for the deputy id when the room is free, before opening it', async () => {
    harness.server().answerDelayMs.set(deputyPeerId(ROOM), SLOW_MS);
    const ann = member('Ann');
    const joined = joinInBackground(ann);
    await pass(SLOW_MS / 2);
    expect(joined()).toBe(false);
    await pass(SLOW_MS);
    expect(joined()).toBe(true);
  });
});
