/**
 * The steps scenarios are made of, each one `SoakRoom.step`: what changes in
 * the room, and the UI action that makes it so.
 */
import { hostRoom, waitForState } from '../e2e/support/members.js';
import {
  fillJoinForm,
  leave,
  pressJoin,
  publish,
  startSharing,
  stopSharing,
  unpublish,
  waitJoined,
} from './member-actions.js';
import { crashSoakMember, type SoakMember } from './soak-member.js';
import type { JoinPresses, SoakRoom } from './soak-room.js';

/** The keeper hosts a new room, publishing. */
export async function hostBy(room: SoakRoom, keeper: SoakMember): Promise<void> {
  await room.step(
    `${keeper.name} hosts`,
    () => {
      keeper.publishing = true;
      room.members.push(keeper);
    },
    async () => {
      room.roomId = await hostRoom(keeper, true);
    },
  );
}

/** Opens pages for `names` (in parallel) without joining yet. */
export function openAll(room: SoakRoom, names: string[]): Promise<SoakMember[]> {
  return Promise.all(names.map((name) => room.open(name)));
}

/** The joiners press Join at the same instant (each already has its page open). */
export async function joinTogether(room: SoakRoom, joiners: SoakMember[], publishing = true): Promise<void> {
  const names = joiners.map((joiner) => joiner.name).join(', ');
  await Promise.all(joiners.map((joiner) => fillJoinForm(joiner, room.roomId, publishing)));
  await room.step(
    joiners.length > 1 ? `${names} join at once` : `${names} joins`,
    () => {
      for (const joiner of joiners) joiner.publishing = publishing;
      room.members.push(...joiners);
    },
    async (): Promise<JoinPresses> => {
      const pressedAt = await Promise.all(joiners.map(pressJoin));
      await Promise.all(joiners.map((joiner) => waitJoined(joiner, publishing)));
      return new Map(joiners.map((joiner, index) => [joiner, pressedAt[index]!]));
    },
  );
}

function remove(room: SoakRoom, member: SoakMember): void {
  const index = room.members.indexOf(member);
  if (index >= 0) room.members.splice(index, 1);
}

export async function leaveRoom(room: SoakRoom, member: SoakMember): Promise<void> {
  await room.step(
    `${member.name} leaves`,
    () => remove(room, member),
    async () => {
      await leave(member);
      await room.retire(member);
    },
  );
}

/** The member's page crashes: no bye; the others carry on. */
export async function crash(room: SoakRoom, member: SoakMember): Promise<void> {
  await room.step(
    `${member.name}'s page crashes`,
    () => remove(room, member),
    () => crashSoakMember(room.context.pool, member),
  );
}

export async function share(room: SoakRoom, member: SoakMember, on: boolean): Promise<void> {
  await room.step(
    `${member.name} ${on ? 'starts' : 'stops'} sharing a screen`,
    () => {
      member.sharing = on;
    },
    () => (on ? startSharing(member) : stopSharing(member)),
  );
}

export async function togglePublish(room: SoakRoom, member: SoakMember, on: boolean): Promise<void> {
  await room.step(
    `${member.name} ${on ? 'publishes' : 'unpublishes'}`,
    () => {
      member.publishing = on;
    },
    () => (on ? publish(member) : unpublish(member)),
  );
}

/** The rendezvous server goes away: everyone shows reconnecting, media between them goes on. */
export async function stopServer(room: SoakRoom): Promise<void> {
  await room.step(
    'the rendezvous server stops',
    () => {},
    async () => {
      await room.context.host.stop();
      await Promise.all(room.members.map((member) => waitForState(member, 'reconnecting')));
    },
  );
}

/** It comes back on the same address and key: everyone is back to their state. */
export async function startServer(room: SoakRoom): Promise<void> {
  await room.step(
    'the rendezvous server is back',
    () => {},
    async () => {
      await room.context.host.startAgain();
      await Promise.all(room.members.map((member) => waitJoined(member, member.publishing)));
    },
  );
}
