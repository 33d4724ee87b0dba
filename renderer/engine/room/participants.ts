/**
 * Everyone this member knows to be in the room, and what each is doing.
 * The local member is kept apart by the session; this is the others.
 */
import type { MediaState, MemberInfo } from '../protocol/messages.js';

export type ParticipantStatus = 'joining' | 'connected' | 'reconnecting' | 'unreachable';

export interface Participant {
  peerId: string;
  name: string;
  order: number;
  isLocal: boolean;
  /** Holds the room's well-known id and admits joiners. */
  isKeeper: boolean;
  status: ParticipantStatus;
  media: MediaState;
  /** The member reaches the room through a TURN relay (it says so itself). */
  relayed: boolean;
  /** Why this member cannot be reached from here, when it cannot. */
  problem: string | null;
  /** The member's published media as seen here, once it arrives. */
  stream: MediaStream | null;
  /** The member's shared screen as seen here, once it arrives. */
  screen: MediaStream | null;
}

export const silentMedia: MediaState = { publishing: false, audioMuted: false, videoMuted: false };

export class RemoteParticipants {
  private readonly byId = new Map<string, Participant>();

  get(peerId: string): Participant | undefined {
    return this.byId.get(peerId);
  }

  all(): Participant[] {
    return [...this.byId.values()];
  }

  /** Adds a member as joining, or refreshes its name and order; returns true if it was new. */
  admit(info: MemberInfo): boolean {
    const existing = this.byId.get(info.peerId);
    if (existing) {
      existing.name = info.name;
      existing.order = info.order;
      return false;
    }
    this.byId.set(info.peerId, {
      ...info,
      isLocal: false,
      isKeeper: false,
      status: 'joining',
      relayed: false,
      problem: null,
      media: { ...silentMedia },
      stream: null,
      screen: null,
    });
    return true;
  }

  update(
    peerId: string,
    change: Partial<Pick<Participant, 'status' | 'media' | 'stream' | 'screen' | 'relayed' | 'problem'>>,
  ): void {
    const participant = this.byId.get(peerId);
    if (participant) Object.assign(participant, change);
  }

  remove(peerId: string): Participant | undefined {
    const participant = this.byId.get(peerId);
    this.byId.delete(peerId);
    return participant;
  }

  clear(): void {
    this.byId.clear();
  }

  infos(): MemberInfo[] {
    return this.all().map(({ peerId, name, order }) => ({ peerId, name, order }));
  }
}

/** The member that should keep the room: the lowest admission order present. */
export function expectedKeeper(members: readonly MemberInfo[]): MemberInfo | undefined {
  let keeper: MemberInfo | undefined;
  for (const member of members) if (!keeper || member.order < keeper.order) keeper = member;
  return keeper;
}
