/**
 * A few members' RoomFiles joined by fake member links and fake transfer
 * channels (fake-rendezvous.ts's FakeChannel, which counts bufferedAmount),
 * under fake timers: every file message goes through encode and
 * parsePeerMessage, as on a real link. Links can blip, come back, or end.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import {
  memorySinks,
  type FileSinks,
  type FileSource,
} from '../../../../renderer/engine/files/file-store.js';
import { RoomFiles, type FileLink } from '../../../../renderer/engine/files/room-files.js';
import { FILES_FEATURE } from '../../../../renderer/engine/protocol/file-messages.js';
import type { TransferView } from '../../../../renderer/engine/files/transfer-types.js';
import type { PeerMessage, Unstamped } from '../../../../renderer/engine/protocol/messages.js';
import { encode, parsePeerMessage } from '../../../../renderer/engine/protocol/validate.js';
import { Roster } from '../../../../renderer/engine/room/roster.js';
import { FakeChannel } from '../fake-rendezvous.js';

export interface WorldMember {
  name: string;
  peerId: string;
  files: RoomFiles;
  roster: Roster;
  /** Every list RoomFiles emitted, last one last. */
  views: TransferView[][];
  /** Every room-link message this member received, as text. */
  received: string[];
}

const later = (action: () => void): void => void setTimeout(action, 0);

export class FilesWorld {
  readonly members = new Map<string, WorldMember>();
  /** Whether the link between two members is open, by "a b" key (both orders). */
  private readonly open = new Set<string>();
  /** Transfer channels dialed, sender's end first. */
  readonly channels: Array<{ from: string; to: string; mine: FakeChannel; theirs: FakeChannel }> = [];
  /** Changes bytes on their way, to make a damaged transfer. */
  tamper: ((bytes: Uint8Array, channelIndex: number) => void) | null = null;
  /** The largest message each new transfer channel says it carries (as RTCSctpTransport does), null for none said. */
  maxMessageSize: number | null = 256 * 1024;
  /** The members' rendezvous server is away: links stay open, and no transfer channel can be dialed. */
  serverAway = false;
  log: string[] = [];

  add(
    name: string,
    options: { features?: string[]; limit?: number; sinks?: FileSinks | Promise<FileSinks> } = {},
  ): WorldMember {
    const peerId = `huddle-files-m-${name.toLowerCase()}`;
    const roster = new Roster();
    roster.me = { peerId, name, order: this.members.size };
    const features = options.features ?? [FILES_FEATURE];
    const member: WorldMember = { name, peerId, roster, views: [], received: [], files: null as never };
    const links = {
      get: (other: string): FileLink | undefined => this.link(member, other),
      all: (): FileLink[] =>
        [...this.members.values()]
          .filter((each) => each !== member)
          .flatMap((each) => this.link(member, each.peerId) ?? []),
      dialTransfer: (other: string, id: string) => this.dial(member, other, id),
    };
    member.files = new RoomFiles(
      { roster, log: (line) => this.log.push(line) },
      links,
      options.sinks ?? memorySinks(options.limit),
    );
    member.files.on('changed', (views) => member.views.push([...views]));
    for (const each of this.members.values()) {
      each.roster.others.admit({ peerId, name, order: roster.me.order });
      roster.others.admit({ peerId: each.peerId, name: each.name, order: each.roster.me?.order ?? 0 });
      // Both hellos have come: each knows what the other's app can do.
      each.roster.others.update(peerId, { status: 'connected' });
      roster.others.update(each.peerId, { status: 'connected' });
      this.open.add(this.pair(peerId, each.peerId));
    }
    this.members.set(peerId, member);
    this.features.set(peerId, features);
    return member;
  }

  private readonly features = new Map<string, string[]>();

  /** The link between two members drops (both sides see it interrupted), with every transfer channel on it. */
  blip(a: WorldMember, b: WorldMember): void {
    this.open.delete(this.pair(a.peerId, b.peerId));
    for (const channel of this.channels)
      if (this.pair(channel.from, channel.to) === this.pair(a.peerId, b.peerId)) channel.mine.close();
  }

  /** The link is back: each side gets the other's hello from the same session. */
  restore(a: WorldMember, b: WorldMember): void {
    this.open.add(this.pair(a.peerId, b.peerId));
    a.files.helloFrom(b.peerId, 'same');
    b.files.helloFrom(a.peerId, 'same');
  }

  /** `who` leaves: its links close, everyone else sees it gone. */
  leave(who: WorldMember): void {
    for (const other of this.members.values()) {
      if (other === who) continue;
      this.blip(who, other);
      other.files.memberGone(who.peerId);
      other.roster.others.remove(who.peerId);
    }
    who.files.clear();
    this.members.delete(who.peerId);
  }

  /** The member's current transfers. */
  latest(member: WorldMember): TransferView[] {
    return member.files.list();
  }

  private pair(a: string, b: string): string {
    return [a, b].sort().join(' ');
  }

  private link(from: WorldMember, to: string): FileLink | undefined {
    const target = this.members.get(to);
    if (!target || !this.members.has(from.peerId)) return undefined;
    const isOpen = this.open.has(this.pair(from.peerId, to));
    return {
      peerId: to,
      isOpen,
      // As a member link: nothing is known of what the app can do before its hello.
      offers: (feature) =>
        from.roster.others.get(to)?.status !== 'joining' &&
        (this.features.get(to)?.includes(feature) ?? false),
      send: (message: Unstamped<PeerMessage>) => {
        if (!isOpen) return;
        const text = encode(message);
        later(() => {
          if (!this.open.has(this.pair(from.peerId, to))) return;
          target.received.push(text);
          // An older build drops what it does not know; ours validates as a link would.
          if (!this.features.get(to)?.includes(FILES_FEATURE)) return;
          const parsed = parsePeerMessage(text);
          if (!parsed.ok) throw new Error(parsed.reason);
          const { message: arrived } = parsed;
          if (arrived.type === 'file-offer' || arrived.type === 'file-accept' || arrived.type === 'file-end')
            target.files.received(from.peerId, arrived);
        });
      },
    };
  }

  private dial(from: WorldMember, to: string, id: string): FakeChannel | null {
    const target = this.members.get(to);
    if (!target || this.serverAway || !this.open.has(this.pair(from.peerId, to))) return null;
    const mine = new FakeChannel(to, false, id);
    const theirs = new FakeChannel(from.peerId, false, id);
    mine.other = theirs;
    theirs.other = mine;
    // 10 MB/s each way: a transfer takes fake time, so tests can act mid-way.
    mine.bytesPerMs = theirs.bytesPerMs = 10_000;
    mine.maxMessageSize = theirs.maxMessageSize = this.maxMessageSize;
    const index = this.channels.length;
    this.channels.push({ from: from.peerId, to, mine, theirs });
    const send = mine.sendBytes.bind(mine);
    mine.sendBytes = (bytes) => {
      const copy = bytes.slice();
      this.tamper?.(copy, index);
      send(copy);
    };
    later(() => {
      target.files.channel(theirs);
      later(() => {
        theirs.opened();
        mine.opened();
      });
    });
    return mine;
  }
}

/** A file in memory, read as a browser File would be, counting what is read. */
export function memorySource(
  name: string,
  data: Uint8Array,
  mediaType = 'application/octet-stream',
): FileSource & { reads: number } {
  const source = {
    name,
    size: data.length,
    mediaType,
    reads: 0,
    read: async (offset: number, length: number) => {
      source.reads++;
      return data.slice(offset, offset + length);
    },
  };
  return source;
}

/** Deterministic bytes. */
export function fileBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[index] = state >>> 24;
  }
  return out;
}

/** The real setTimeout, taken before any test fakes it. */
const realTimeout = globalThis.setTimeout;

/**
 * Lets every timer due in the next `ms` run, with the promises they start,
 * in steps that also give work outside the fake clock (Blob reads, which
 * Node does off the main thread) a real millisecond to finish.
 */
export async function pass(ms: number): Promise<void> {
  for (let done = 0; done < ms; done += 10) {
    await vi.advanceTimersByTimeAsync(Math.min(10, ms - done));
    await new Promise((resolve) => realTimeout(resolve, 1));
  }
}

/**
 * A fresh FilesWorld for each test of the file that calls this, on fake
 * timers (the transfers' pacing, stall and redial timers, and
 * performance.now); returns the running test's world.
 */
export function useFilesWorld(): () => FilesWorld {
  let world: FilesWorld | null = null;
  beforeEach(() => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'],
    });
    world = new FilesWorld();
  });
  afterEach(() => {
    vi.clearAllTimers();
    vi.useRealTimers();
  });
  return () => {
    if (!world) throw new Error('the files world exists only inside a test');
    return world;
  };
}
