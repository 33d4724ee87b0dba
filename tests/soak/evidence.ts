/**
 * What a failure report holds for each page involved: the state it shows,
 * its participant list, every media connection, its last console lines.
 */
import { participantNames } from '../e2e/support/members.js';
import { dumpConnections } from './connection-dump.js';
import type { PageEvidence } from './records.js';
import type { SoakMember } from './soak-member.js';

async function shownState(member: SoakMember): Promise<string> {
  try {
    return (
      (await member.page
        .getByTestId('session-state')
        .first()
        .getAttribute('data-state', { timeout: 2000 })) ?? 'none'
    );
  } catch {
    return 'unreadable';
  }
}

export async function gatherEvidence(member: SoakMember): Promise<PageEvidence> {
  const participants = await participantNames(member).catch(() => []);
  return {
    name: member.name,
    state: member.closed ? 'closed' : await shownState(member),
    participants,
    connections: member.closed ? 'page closed' : await dumpConnections(member.page),
    console: member.ring.lines(),
  };
}
