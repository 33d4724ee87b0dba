/**
 * The room's file transfers as this member sees them: files we offer (to
 * everyone, or to one member) and files offered to us, each one transfer
 * per file per member (outgoing-transfer.ts, incoming-transfer.ts).
 *
 * Offers, answers and endings go on the member links; each transfer's bytes
 * on a channel of its own, which the sender dials naming the transfer
 * (MemberLinks hands such channels here). Only members whose hello lists
 * the `files` feature are offered anything. A member that leaves fails
 * every transfer with it, and the call goes on; a link that blips pauses
 * them until it is back, and they go on from the last acknowledged byte.
 * Members of the build that checked files block by block (they offer
 * `files`, not `files-sha256`) would hash differently: nothing is sent to
 * them or taken from them, and a sender is told why.
 */
import { Emitter } from '../emitter.js';
import { HuddleError } from '../errors.js';
import { BLOCK_HASH_FILES_FEATURE, FILES_FEATURE, type FileMessage } from '../protocol/file-messages.js';
import type { PeerMessage, Unstamped } from '../protocol/messages.js';
import { fileNameProblem } from '../protocol/validate-files.js';
import type { PeerChannel } from '../rendezvous/rendezvous-port.js';
import type { RoomContext } from '../room/room-context.js';
import { FileHasher } from './file-hasher.js';
import { memorySinks, type FileSinks, type FileSource } from './file-store.js';
import { IncomingTransfer } from './incoming-transfer.js';
import { OutgoingTransfer } from './outgoing-transfer.js';
import type { Transfer } from './transfer.js';
import type { TransferRoom, TransferView } from './transfer-types.js';

/**
 * Files one send may offer: each offer is a room message on every link, and
 * a member link takes a burst of 400 (link-channel.ts) before it drops any.
 */
export const MAX_FILES_PER_SEND = 50;
/** Offers from one member we keep unanswered at once; more are ignored (a flood, not a user). */
const MAX_PENDING_OFFERS = 64;
/** Finished transfers kept in the list; the oldest go first. */
const MAX_FINISHED_SHOWN = 100;
/** File messages held while the received files' storage opens (a moment at page start); more are dropped. */
const MAX_EARLY_MESSAGES = 256;
/** Progress is told at most this often: bytes move far more often than anyone reads them. */
const PROGRESS_EVERY_MS = 200;

/** What the files part needs of a member link. */
export interface FileLink {
  readonly peerId: string;
  readonly isOpen: boolean;
  offers(feature: string): boolean;
  send(message: Unstamped<PeerMessage>): void;
}

export interface FileLinks {
  get(peerId: string): FileLink | undefined;
  all(): Iterable<FileLink>;
  dialTransfer(peerId: string, transfer: string): PeerChannel | null;
}

export interface RoomFilesEvents {
  /** Any transfer changed: every transfer, oldest first. */
  changed: readonly TransferView[];
  /** A member offered us a file (also when it was refused at once as too large). */
  offered: TransferView;
}

function newTransferId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export class RoomFiles extends Emitter<RoomFilesEvents> {
  /** Every transfer by key, in the order they began. */
  private readonly transfers = new Map<string, Transfer>();
  /** Members' names as we last knew them: a transfer still names a member who left. */
  private readonly names = new Map<string, string>();
  private progressTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly room: TransferRoom;
  /** Where received files go; null while the page's storage for them is still opening. */
  private sinks: FileSinks | null = null;
  /** File messages that came before the storage was open, handled in order once it is. */
  private early: Array<{ peerId: string; message: FileMessage }> = [];

  /**
   * `sinks` may still be opening (the page's storage): a join does not wait
   * for it, since no file can be offered before someone is in the room.
   */
  constructor(
    private readonly ctx: Pick<RoomContext, 'roster' | 'log'>,
    private readonly links: FileLinks,
    sinks: FileSinks | Promise<FileSinks>,
  ) {
    super();
    if (sinks instanceof Promise)
      sinks.then(
        (ready) => this.sinksReady(ready),
        (error: unknown) => {
          this.ctx.log(`received files are kept in memory: their storage did not open (${String(error)})`);
          this.sinksReady(memorySinks());
        },
      );
    else this.sinks = sinks;
    this.room = {
      send: (peerId, message) => {
        const link = this.links.get(peerId);
        if (link?.isOpen) link.send(message);
      },
      linkOpen: (peerId) => this.links.get(peerId)?.isOpen ?? false,
      dial: (peerId, id) => this.links.dialTransfer(peerId, id),
      name: (peerId) => this.nameOf(peerId),
      log: (message) => this.ctx.log(message),
      changed: () => this.changedSoon(),
    };
  }

  list(): TransferView[] {
    return [...this.transfers.values()].map((transfer) => transfer.view());
  }

  /**
   * Offers `files` to everyone who can take files (`to` null) or to one
   * member. Refused with a HuddleError, and nothing offered, when a name
   * cannot be sent or nobody can receive.
   */
  send(files: readonly FileSource[], to: string | null): TransferView[] {
    if (!this.ctx.roster.me) throw new HuddleError('not-joined', 'Join a room before you send a file.');
    if (files.length > MAX_FILES_PER_SEND)
      throw new HuddleError('file-invalid', `Send at most ${MAX_FILES_PER_SEND} files at a time.`);
    for (const file of files) {
      const problem = fileNameProblem(file.name);
      if (problem)
        throw new HuddleError('file-invalid', `"${file.name.slice(0, 80)}" cannot be sent: its ${problem}.`);
    }
    const recipients = to === null ? this.everyoneReachable() : [this.oneReachable(to)];
    const started: TransferView[] = [];
    for (const file of files) {
      const id = newTransferId();
      // One SHA-256 for the file, whatever the number of members it goes to;
      // every transfer holds it before any is offered (and could end).
      const hash = new FileHasher();
      const transfers = recipients.map((link) => {
        this.rememberName(link.peerId);
        return new OutgoingTransfer(this.room, file, link.peerId, id, to !== null, hash);
      });
      for (const transfer of transfers) {
        this.add(transfer);
        transfer.offer();
        started.push(transfer.view());
      }
    }
    this.emitChanged();
    return started;
  }

  accept(key: string): void {
    this.incoming(key)?.accept();
  }

  decline(key: string): void {
    this.incoming(key)?.decline();
  }

  /** Cancels a transfer either way; the other side is told. */
  cancel(key: string): void {
    this.transfers.get(key)?.cancel();
  }

  /** Removes a finished transfer from the list (and lets its received file go). */
  dismiss(key: string): void {
    if (this.transfers.get(key)?.finished) this.transfers.delete(key);
    this.emitChanged();
  }

  /** A file message from the member at the other end of a link. */
  received(peerId: string, message: FileMessage): void {
    if (this.sinks) this.handle(this.sinks, peerId, message);
    else if (this.early.length < MAX_EARLY_MESSAGES) this.early.push({ peerId, message });
    else this.ctx.log(`dropped a ${message.type} from ${peerId}: received files' storage still opening`);
  }

  private sinksReady(sinks: FileSinks): void {
    this.sinks = sinks;
    for (const { peerId, message } of this.early.splice(0)) this.handle(sinks, peerId, message);
  }

  private handle(sinks: FileSinks, peerId: string, message: FileMessage): void {
    if (!this.ctx.roster.others.get(peerId)) return;
    // Its hash would never match ours: an offer from it could only end as damaged.
    if (!this.links.get(peerId)?.offers(FILES_FEATURE)) {
      this.ctx.log(`ignored a ${message.type} from ${peerId}: its hello does not offer ${FILES_FEATURE}`);
      return;
    }
    this.rememberName(peerId);
    const outgoing = this.transfers.get(`out ${peerId} ${message.id}`) as OutgoingTransfer | undefined;
    const incoming = this.transfers.get(`in ${peerId} ${message.id}`) as IncomingTransfer | undefined;
    if (message.type === 'file-offer') {
      if (incoming) {
        incoming.answerAgain();
        return;
      }
      const pending = [...this.transfers.values()].filter(
        (transfer) => transfer.key.startsWith(`in ${peerId} `) && transfer.view().state === 'offered',
      );
      if (pending.length >= MAX_PENDING_OFFERS) {
        this.ctx.log(`ignored a file offer from ${peerId}: ${MAX_PENDING_OFFERS} already unanswered`);
        return;
      }
      const transfer = new IncomingTransfer(this.room, message, peerId, sinks);
      this.add(transfer);
      this.emitChanged();
      this.emit('offered', transfer.view());
    } else if (message.type === 'file-accept') {
      outgoing?.accepted();
    } else {
      // Only a receiver declines, refuses or confirms; either side may cancel or fail.
      const either = message.reason === 'cancelled' || message.reason === 'failed';
      outgoing?.endedByPeer(message.reason);
      if (either) incoming?.endedByPeer(message.reason);
    }
  }

  /** A member dialed a channel for one of its transfers to us. */
  channel(connection: PeerChannel): void {
    const transfer = this.transfers.get(`in ${connection.peer} ${connection.transfer}`);
    if (!(transfer instanceof IncomingTransfer) || !transfer.channelFromSender(connection)) {
      this.ctx.log(`refused a transfer channel from ${connection.peer}: no such transfer under way`);
      connection.close();
    }
  }

  /**
   * The member's hello arrived on its link. The same session back from a
   * blip: our transfers to it go on. A restarted one knows nothing of them.
   */
  helloFrom(peerId: string, hello: 'first' | 'same' | 'restarted'): void {
    this.rememberName(peerId);
    for (const transfer of this.with(peerId)) {
      if (hello === 'restarted') transfer.memberGone(`${this.nameOf(peerId)}'s app restarted.`);
      else transfer.linkBack();
    }
  }

  /** The member left the room (or was dropped): every transfer with it fails; nothing else stops. */
  memberGone(peerId: string): void {
    for (const transfer of this.with(peerId)) transfer.memberGone(`${this.nameOf(peerId)} left the room.`);
  }

  /** The session closed: every transfer stops here, and the list is emptied. */
  clear(): void {
    for (const transfer of this.transfers.values()) transfer.memberGone('You left the room.');
    this.transfers.clear();
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.progressTimer = null;
    this.emit('changed', []);
  }

  private incoming(key: string): IncomingTransfer | undefined {
    const transfer = this.transfers.get(key);
    return transfer instanceof IncomingTransfer ? transfer : undefined;
  }

  private with(peerId: string): Transfer[] {
    return [...this.transfers.values()].filter(
      (transfer) => transfer.peerId === peerId && !transfer.finished,
    );
  }

  /** Whether the member's hello has come on its link: before it, nobody knows what its app can do. */
  private introduced(peerId: string): boolean {
    return this.ctx.roster.others.get(peerId)?.status !== 'joining';
  }

  private everyoneReachable(): FileLink[] {
    const all = [...this.links.all()];
    const links = all.filter((link) => link.isOpen && link.offers(FILES_FEATURE));
    if (links.length === 0) {
      const connecting = all.some((link) => !this.introduced(link.peerId));
      throw new HuddleError(
        'files-unreachable',
        all.length === 0
          ? 'There is nobody in the room to send files to.'
          : connecting
            ? 'Nobody can receive files yet: still connecting. Try again in a moment.'
            : all.some((link) => link.offers(BLOCK_HASH_FILES_FEATURE))
              ? 'Nobody in the room can receive files from this version of the app: the others need to update it.'
              : 'Nobody in the room can receive files now.',
      );
    }
    return links;
  }

  private oneReachable(peerId: string): FileLink {
    const link = this.links.get(peerId);
    const name = this.nameOf(peerId);
    if (!link) throw new HuddleError('files-unreachable', `${name} is not in the room.`);
    if (!this.introduced(peerId) || !link.isOpen)
      throw new HuddleError('files-unreachable', `${name} is still connecting: try again in a moment.`);
    if (link.offers(BLOCK_HASH_FILES_FEATURE) && !link.offers(FILES_FEATURE))
      throw new HuddleError(
        'files-unreachable',
        `${name}'s app is an older version that checks files differently: ${name} needs to update it to receive files.`,
      );
    if (!link.offers(FILES_FEATURE))
      throw new HuddleError('files-unreachable', `${name}'s app is older and cannot receive files.`);
    return link;
  }

  private add(transfer: Transfer): void {
    this.transfers.set(transfer.key, transfer);
    const finished = [...this.transfers.values()].filter((each) => each.finished);
    for (const old of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED_SHOWN)))
      this.transfers.delete(old.key);
  }

  private rememberName(peerId: string): void {
    const name = this.ctx.roster.others.get(peerId)?.name;
    if (name) this.names.set(peerId, name);
  }

  private nameOf(peerId: string): string {
    return this.ctx.roster.others.get(peerId)?.name ?? this.names.get(peerId) ?? 'That member';
  }

  private changedSoon(): void {
    this.progressTimer ??= setTimeout(() => {
      this.progressTimer = null;
      this.emitChanged();
    }, PROGRESS_EVERY_MS);
  }

  private emitChanged(): void {
    this.emit('changed', this.list());
  }
}
