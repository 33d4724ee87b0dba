/**
 * Sending one file to one member.
 *
 * offer (room link) -> file-accept -> we dial the transfer's own channel ->
 * the receiver says where to start (`resume`) -> chunks, paced by the
 * channel's buffer (never more than `highWater` waiting in it, more handed
 * over when it drains; `highWater` starts at FIRST_HIGH_WATER_BYTES on each
 * channel and doubles with each acknowledgement up to HIGH_WATER_BYTES) and
 * by acknowledgements (never more than
 * WINDOW_BYTES beyond the last one) -> `end` with the file's hash -> the
 * receiver checks it and says `received` or `checksum-mismatch`.
 *
 * The file's SHA-256 is computed as bytes are first sent, so the file is
 * read once; the transfers of one file to several members share one hash,
 * fed by whichever is furthest ahead, so each byte is hashed once.
 * If the channel drops, we dial again once the member link is open (at once
 * if it still is, after REDIAL_MS); the receiver's `resume` names the last
 * byte it holds, which is where sending goes on. Bytes before what was
 * already hashed are sent again without being hashed again.
 */
import type { FileEndReason, TransferFrame } from '../protocol/file-messages.js';
import type { PeerChannel } from '../rendezvous/rendezvous-port.js';
import type { FileSource } from './file-store.js';
import { FileHasher } from './file-hasher.js';
import { Transfer } from './transfer.js';
import {
  chunkBytesFor,
  drainBytesFor,
  FIRST_HIGH_WATER_BYTES,
  HIGH_WATER_BYTES,
  MAX_REDIALS,
  REDIAL_MS,
  SLICE_BYTES,
  STALL_MS,
  WINDOW_BYTES,
  type TransferRoom,
} from './transfer-types.js';

/** What each ending from the receiver means to the sender. */
const RECEIVER_ENDS: Record<FileEndReason, (name: string) => string | null> = {
  received: () => null,
  declined: (name) => `${name} declined the file.`,
  'too-large': (name) => `The file is too large for ${name} to receive.`,
  cancelled: (name) => `${name} cancelled the transfer.`,
  'checksum-mismatch': (name) => `The file reached ${name} damaged (checksum mismatch).`,
  failed: (name) => `${name} could not receive the file.`,
};

export class OutgoingTransfer extends Transfer {
  /** The next byte to hand to the current channel. */
  private next = 0;
  /** Bytes sent at least once on any channel: always at least `next`. */
  private sentTo = 0;
  private slice: { offset: number; bytes: Uint8Array } | null = null;
  /**
   * The slice after `slice`, being read while `slice` is sent: reading 4 MiB
   * takes the browser long enough that waiting for it lets the channel's
   * buffer run dry (it holds well under a second at LAN rates).
   */
  private ahead: { offset: number; bytes: Promise<Uint8Array> } | null = null;
  /** Bytes per frame on the current channel (its largest message, at most what every build accepts). */
  private chunkBytes = chunkBytesFor(null);
  /** The most the current channel may hold waiting to leave (see the top of the file). */
  private highWater = FIRST_HIGH_WATER_BYTES;
  /** The receiver said where to start on the current channel. */
  private resumed = false;
  private endSent = false;
  private pumping = false;
  private pumpAgain = false;
  private redials = 0;
  private redialTimer: ReturnType<typeof setTimeout> | null = null;
  /** The channel could not be dialed for want of a rendezvous server (logged once per wait). */
  private waitingForServer = false;
  private stallTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    room: TransferRoom,
    private readonly source: FileSource,
    peerId: string,
    id: string,
    direct: boolean,
    /** The file's hash, shared with its transfers to other members. */
    private readonly hash: FileHasher = new FileHasher(),
    now?: () => number,
  ) {
    super(
      room,
      { id, peerId, name: source.name, size: source.size, mediaType: source.mediaType, direct },
      'out',
      now,
    );
    hash.hold();
  }

  /** Sends the offer on the member link. */
  offer(): void {
    const { id, name, size, mediaType, direct } = this.info;
    this.room.send(this.peerId, { type: 'file-offer', id, name, size, mediaType, hash: null, direct });
  }

  /** The receiver accepted: dial the transfer's channel. */
  accepted(): void {
    if (this.state !== 'offered') return;
    this.setState('active');
    this.dial();
  }

  endedByPeer(reason: FileEndReason): void {
    if (this.finished) return;
    const problem = RECEIVER_ENDS[reason](this.room.name(this.peerId));
    if (reason === 'received') {
      this.setBytes(this.info.size);
      this.end('done', null);
    } else this.end(reason === 'declined' || reason === 'cancelled' ? reason : 'failed', problem);
  }

  /**
   * The member link is back after an interruption. The transfer's own
   * channel most likely died with it, even if no close has been seen: dial
   * a new one, and go on from what the receiver holds. (The receiver
   * answers a repeated offer as it answered the first.)
   */
  linkBack(): void {
    // An offer still unanswered may have been lost with the old channel, or its answer was: offer again.
    // So may a receiver's `received`, once every byte was sent: offered again, it says its ending again.
    if (this.state === 'offered' || (!this.finished && this.sentTo === this.info.size)) this.offer();
    if (this.state !== 'interrupted' && this.state !== 'active') return;
    this.redials = 0;
    this.dial();
  }

  protected override ended(): void {
    this.hash.letGo();
    if (this.redialTimer) clearTimeout(this.redialTimer);
    this.redialTimer = null;
    this.watchForStall(false);
    this.slice = null;
    this.ahead = null;
  }

  /** (Re)starts the wait for progress on the current channel, or stops it. */
  private watchForStall(watch = true): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
    if (!watch) return;
    this.stallTimer = setTimeout(() => {
      this.stallTimer = null;
      if (this.state !== 'active' || !this.channel) return;
      this.room.log(`file ${this.id} to ${this.peerId}: no progress for ${STALL_MS / 1000} s; dialing again`);
      this.dropChannel();
      this.channelLost();
    }, STALL_MS);
  }

  private dial(): void {
    if (this.redialTimer) clearTimeout(this.redialTimer);
    this.redialTimer = null;
    const channel = this.room.dial(this.peerId, this.id);
    if (!channel) {
      this.setState('interrupted');
      // No link now: linkBack() dials when it is open again. An open link and
      // no channel means our rendezvous server is away (a channel is dialed
      // through it); nothing else would dial again, so this tries until it is back.
      if (this.room.linkOpen(this.peerId)) {
        if (!this.waitingForServer)
          this.room.log(
            `file ${this.id} to ${this.peerId}: no rendezvous server to dial its channel through; waiting`,
          );
        this.waitingForServer = true;
        this.dialSoon();
      }
      return;
    }
    this.waitingForServer = false;
    this.resumed = false;
    this.endSent = false;
    this.room.log(`file ${this.id} to ${this.peerId}: dialing its channel`);
    this.use(channel);
    this.watchForStall();
  }

  protected opened(channel: PeerChannel): void {
    this.room.log(`file ${this.id} to ${this.peerId}: channel open`);
    if (this.state === 'interrupted') this.setState('active');
    this.chunkBytes = chunkBytesFor(channel.maxMessageSize);
    this.highWater = FIRST_HIGH_WATER_BYTES;
    channel.onDrained(drainBytesFor(this.highWater), () => {
      if (this.channel === channel) void this.pump();
    });
    // Nothing is sent before the receiver's `resume`.
  }

  protected frame(frame: TransferFrame): void {
    if (frame.type === 'resume') {
      if (this.resumed || frame.offset > this.sentTo) {
        this.room.log(`transfer ${this.id}: ${this.peerId} asked to resume from byte ${frame.offset}`);
        this.fail(`${this.room.name(this.peerId)} asked for bytes that were never sent.`);
        return;
      }
      if (this.next > 0) {
        const again = Math.max(0, this.next - frame.offset);
        this.resent += again;
        // Where a resume went on from, and what it costs: read by the network lab's resume test.
        this.room.log(
          `file ${this.id} to ${this.peerId}: resuming from byte ${frame.offset} (acknowledged ${this.bytes}, sent ${this.next}); ${again} bytes sent again, ${this.resent} in all`,
        );
      } else this.room.log(`file ${this.id} to ${this.peerId}: sending from byte ${frame.offset}`);
      this.next = frame.offset;
      this.resumed = true;
      this.watchForStall();
      this.setBytes(frame.offset);
      void this.pump();
    } else if (frame.type === 'ack') {
      // An ack says what the receiver holds: never more than we sent, never less than it said before.
      if (frame.offset > this.next || frame.offset < this.bytes) return;
      if (frame.offset > this.bytes) {
        this.redials = 0;
        this.watchForStall();
        this.letMoreWait();
      }
      this.setBytes(frame.offset);
      if (frame.offset === this.info.size && this.endSent) this.setState('verifying');
      void this.pump();
    } else {
      this.room.log(
        `transfer ${this.id}: ${this.peerId} sent a ${frame.type} frame, which only senders send`,
      );
    }
  }

  /** The receiver acknowledged more: the channel may hold more waiting, up to HIGH_WATER_BYTES. */
  private letMoreWait(): void {
    if (this.highWater >= HIGH_WATER_BYTES || !this.channel) return;
    this.highWater = Math.min(HIGH_WATER_BYTES, this.highWater * 2);
    this.channel.setDrainThreshold(drainBytesFor(this.highWater));
  }

  protected channelLost(): void {
    if (this.finished) return;
    this.watchForStall(false);
    this.setState('interrupted');
    if (!this.room.linkOpen(this.peerId)) return; // linkBack() dials.
    if (++this.redials > MAX_REDIALS) {
      this.fail(`The connection for this file to ${this.room.name(this.peerId)} kept failing.`);
      return;
    }
    this.dialSoon();
  }

  /** Dials again after REDIAL_MS, if the transfer is still interrupted and the link open. */
  private dialSoon(): void {
    this.redialTimer = setTimeout(() => {
      this.redialTimer = null;
      if (this.state === 'interrupted' && this.room.linkOpen(this.peerId)) this.dial();
    }, REDIAL_MS);
  }

  /** Fails the transfer here and tells the receiver. */
  private fail(problem: string): void {
    this.sendEnd('failed');
    this.end('failed', problem);
  }

  /** Hands chunks to the channel while its buffer and the window allow; one run at a time. */
  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        await this.sendSome();
      } while (this.pumpAgain);
    } catch (error) {
      this.fail(`Could not read the file: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.pumping = false;
    }
  }

  private async sendSome(): Promise<void> {
    const channel = this.channel;
    const sending = (): boolean =>
      (this.state === 'active' || this.state === 'verifying') &&
      channel !== null &&
      channel === this.channel &&
      channel.open &&
      this.resumed;
    while (sending() && channel) {
      if (this.next >= this.info.size) {
        if (!this.endSent) {
          let sha256: string;
          try {
            sha256 = await this.hash.hex();
          } catch (error) {
            this.fail(
              `The file's checksum could not be computed: ${error instanceof Error ? error.message : String(error)}`,
            );
            return;
          }
          if (!sending() || this.endSent) return;
          this.sha256 = sha256;
          this.sendControl({ type: 'end', hash: sha256 });
          this.endSent = true;
          if (this.bytes === this.info.size) this.setState('verifying');
        }
        return;
      }
      // Both waits end in another pump: the channel draining, or an ack.
      if (channel.bufferedAmount + this.chunkBytes > this.highWater) return;
      if (this.next - this.bytes >= WINDOW_BYTES) return;
      // The hashing thread keeps up with what is read: the copies it holds stay few (file-hasher.ts).
      await this.hash.keepUp();
      if (!sending()) return;
      const offset = this.next;
      const chunk = await this.chunkAt(offset);
      if (!sending() || this.next !== offset) return;
      // Our own bytes are never past what the hash has taken: we fed it up to sentTo, or another transfer went further.
      this.hash.updateFrom(offset, chunk);
      this.sentTo = Math.max(this.sentTo, offset + chunk.length);
      channel.sendBytes(chunk);
      this.next = offset + chunk.length;
    }
  }

  /** The chunk starting at `offset`, from the slice read last or a new one; starts reading the slice after. */
  private async chunkAt(offset: number): Promise<Uint8Array> {
    let slice = this.slice;
    if (!slice || offset < slice.offset || offset >= slice.offset + slice.bytes.length) {
      const ahead = this.ahead?.offset === offset ? this.ahead.bytes : this.read(offset);
      this.ahead = null;
      slice = { offset, bytes: await ahead };
      this.slice = slice;
      const next = offset + slice.bytes.length;
      if (next < this.info.size) this.ahead = { offset: next, bytes: this.read(next) };
    }
    const start = offset - slice.offset;
    return slice.bytes.subarray(start, Math.min(start + this.chunkBytes, slice.bytes.length));
  }

  /** The slice of the file from `offset`; a read ahead that fails is reported when its bytes are wanted. */
  private read(offset: number): Promise<Uint8Array> {
    const length = Math.min(SLICE_BYTES, this.info.size - offset);
    const bytes = this.source.read(offset, length).then((read) => {
      if (read.length !== length) throw new Error('the file changed while it was being sent');
      return read;
    });
    bytes.catch(() => {});
    return bytes;
  }
}
