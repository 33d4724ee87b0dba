/**
 * Who is in the room as this member sees it: itself (once admitted) and the
 * others, with the two rules every part of the room derives from admission
 * order — who keeps the room, and who is the polite side of a pair.
 */
import type { MemberInfo } from '../protocol/messages.js';
import { expectedKeeper, RemoteParticipants, type Participant } from './participants.js';

/** What only the session knows of the local member: what it sends and whether it keeps the room. */
export type LocalView = Pick<Participant, 'isKeeper' | 'relayed' | 'media' | 'stream' | 'screen'>;

export class Roster {
  /** This member, once admitted (or once it opened the room). */
  me: MemberInfo | null = null;
  readonly others = new RemoteParticipants();

  /** Everyone admitted, this member included. */
  members(): MemberInfo[] {
    return [...(this.me ? [this.me] : []), ...this.others.infos()];
  }

  /** The member that should keep the room: the lowest order present. */
  keeper(): MemberInfo | undefined {
    return expectedKeeper(this.members());
  }

  isKeeper(peerId: string): boolean {
    return this.keeper()?.peerId === peerId;
  }

  /** Whether `peerId` is next in line after the keeper: the room's deputy (see deputy.ts). */
  isNextInLine(peerId: string): boolean {
    return this.members().sort((a, b) => a.order - b.order)[1]?.peerId === peerId;
  }

  /**
   * The newer member of a pair (the higher order) is the polite side of
   * negotiation and the one that dials again after an interruption. Both
   * sides work this out from the same orders, so they always agree, even
   * when the older member is the one that dialed (it restarted and came
   * back under its old order). `fallback` when an order is not known.
   */
  isPoliteTo(peerId: string, fallback: boolean): boolean {
    const theirs = this.others.get(peerId)?.order;
    if (!this.me || theirs === undefined) return fallback;
    return this.me.order > theirs;
  }

  /** Everyone, the local member first (once admitted), then the others by order. */
  participants(local: LocalView): Participant[] {
    const keeperId = this.keeper()?.peerId;
    const me: Participant[] = this.me
      ? [{ ...this.me, ...local, isLocal: true, status: 'connected', problem: null }]
      : [];
    const others = this.others
      .all()
      .map((participant) => ({ ...participant, isKeeper: participant.peerId === keeperId }))
      .sort((a, b) => a.order - b.order);
    return [...me, ...others];
  }

  clear(): void {
    this.others.clear();
  }
}
