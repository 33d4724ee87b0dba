/**
 * Receiving one file from one member.
 *
 * Nothing is written before the user accepts. Accepting answers
 * `file-accept`; the sender dials the transfer's channel, and on every
 * channel it dials we first say where to start (`resume`: the bytes we
 * hold), then acknowledge every ACK_EVERY_BYTES. Each chunk is hashed as it
 * arrives; at the sender's `end` the whole file's SHA-256 is compared, and
 * only a match makes the file the user's (`received`); a mismatch is said
 * to both sides and the bytes are dropped.
 */
import type { FileEndReason, FileOffer, TransferFrame } from '../protocol/file-messages.js';
import type { PeerChannel } from '../rendezvous/rendezvous-port.js';
import type { FileSink, FileSinks } from './file-store.js';
import { formatBytes } from './file-store.js';
import { FileHasher } from './file-hasher.js';
import { Transfer } from './transfer.js';

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
import { ACK_EVERY_BYTES, type TransferRoom } from './transfer-types.js';

export class IncomingTransfer extends Transfer {
  private sink: FileSink | null = null;
  private readonly hash = new FileHasher();
  private acked = 0;
  /** Bytes the sink has taken (a disk sink writes later than bytes arrive): what acks count. */
  private written = 0;
  /** The sink's writes, one after another. */
  private writes: Promise<void> = Promise.resolve();
  /** Accepted while the link was interrupted: the acceptance is still to be sent. */
  private answerWaits = false;

  constructor(
    room: TransferRoom,
    offer: FileOffer,
    peerId: string,
    private readonly sinks: FileSinks,
    now?: () => number,
  ) {
    super(
      room,
      {
        id: offer.id,
        peerId,
        name: offer.name,
        size: offer.size,
        mediaType: offer.mediaType,
        direct: offer.direct,
      },
      'in',
      now,
    );
    // Refused at once, with the reason on both sides: the user could not take it anyway.
    if (offer.size > sinks.limit) {
      this.sendEnd('too-large');
      this.state = 'failed';
      this.problem = `Too large to receive (${formatBytes(offer.size)}): ${sinks.limitText}.`;
    } else this.hash.hold();
  }

  /**
   * The user accepts. While the sender's link is interrupted the answer
   * cannot go now; it is kept, and goes once the link is back (linkBack, or
   * the sender's offer made again, answerAgain).
   */
  accept(): void {
    if (this.state !== 'offered') return;
    this.sink = this.sinks.create(this.info.name, this.info.size, this.info.mediaType);
    if (this.room.linkOpen(this.peerId)) this.room.send(this.peerId, { type: 'file-accept', id: this.id });
    else this.waitForLink();
    this.setState('active');
  }

  /** The user declines; while the link is interrupted, the sender is told once it is back (answerAgain). */
  decline(): void {
    if (this.state !== 'offered') return;
    this.sendEnd('declined');
    this.end('declined', null);
  }

  /** The sender dialed a channel for this transfer; false if we are not expecting one. */
  channelFromSender(channel: PeerChannel): boolean {
    // Verifying too: a sender whose channel dropped after the last byte dials again, and is told all is here.
    if (this.state !== 'active' && this.state !== 'interrupted' && this.state !== 'verifying') return false;
    this.room.log(`file ${this.id} from ${this.peerId}: the sender dialed its channel`);
    this.use(channel);
    return true;
  }

  endedByPeer(reason: FileEndReason): void {
    if (this.finished) return;
    const name = this.room.name(this.peerId);
    if (reason === 'cancelled') this.end('cancelled', `${name} cancelled the transfer.`);
    else this.end('failed', `${name} could not send the file.`);
  }

  /** The link is back: an acceptance given meanwhile goes now. (The sender dials again by itself.) */
  linkBack(): void {
    if (this.answerWaits) this.answerAgain();
  }

  /**
   * The sender offered this file again: its offer or our answer was lost
   * when the link blipped. Answer again as we did (nothing, while the user
   * has not answered).
   */
  answerAgain(): void {
    if (this.saidEnd) this.sendEnd(this.saidEnd);
    else if (this.state === 'active' || this.state === 'interrupted' || this.state === 'verifying')
      this.room.send(this.peerId, { type: 'file-accept', id: this.id });
    if (this.answerWaits) {
      this.answerWaits = false;
      this.problem = null;
      this.room.changed();
    }
  }

  protected override ended(): void {
    this.sink?.discard();
    this.sink = null;
    this.hash.letGo();
  }

  protected opened(): void {
    if (this.state === 'interrupted') this.setState('active');
    this.room.log(`file ${this.id} from ${this.peerId}: channel open; asking for bytes from ${this.bytes}`);
    // Bytes still being written are held in the queue: they will be written, so they count.
    this.sendControl({ type: 'resume', offset: this.bytes });
  }

  protected frame(frame: TransferFrame): void {
    if (this.state !== 'active' || !this.sink) return;
    if (frame.type === 'chunk') {
      if (this.bytes + frame.bytes.length > this.info.size) {
        this.failHere('The sender sent more than the file it offered.');
        return;
      }
      this.hash.update(frame.bytes);
      this.setBytes(this.bytes + frame.bytes.length);
      const sink = this.sink;
      const { bytes } = frame;
      // Counted now: a sink may move the bytes to another thread, which leaves this view empty.
      const length = bytes.length;
      this.writes = this.writes.then(async () => {
        if (this.sink !== sink) return;
        await sink.write(bytes);
        // Acknowledged only once the hashing thread keeps up, so the sender never runs far ahead of it.
        await this.hash.keepUp();
        this.written += length;
        this.ackIfDue();
      });
      this.writes.catch((error: unknown) => {
        if (this.sink === sink) this.failHere(`The file could not be saved: ${describe(error)}`);
      });
    } else if (frame.type === 'end') {
      if (this.bytes !== this.info.size) {
        this.failHere(
          `The sender ended the file after ${formatBytes(this.bytes)} of ${formatBytes(this.info.size)}.`,
        );
        return;
      }
      this.setState('verifying');
      void this.complete(this.sink, frame.hash);
    } else {
      this.room.log(
        `transfer ${this.id}: ${this.peerId} sent a ${frame.type} frame, which only receivers send`,
      );
    }
  }

  /** The acceptance could not go: it waits for the link, and the row says so. */
  private waitForLink(): void {
    this.answerWaits = true;
    this.problem = `${this.room.name(this.peerId)} is reconnecting: your answer goes once they are back.`;
    this.room.log(
      `file ${this.id} from ${this.peerId}: accepted while the link is interrupted; sent once it is back`,
    );
  }

  /** Every byte is in: checked, and once written, the file becomes the user's. */
  private async complete(sink: FileSink, expected: string): Promise<void> {
    let hash: string;
    try {
      hash = await this.hash.hex();
    } catch (error) {
      if (this.sink === sink) this.failHere(`The file's checksum could not be computed: ${describe(error)}`);
      return;
    }
    try {
      if (this.sink !== sink) return;
      if (hash !== expected) {
        this.sendEnd('checksum-mismatch');
        this.end('failed', 'The file arrived damaged (checksum mismatch) and was discarded.');
        return;
      }
      await this.writes;
      const received = await sink.finish();
      if (this.sink !== sink) return;
      this.sink = null;
      this.file = received.blob;
      this.sha256 = hash;
      this.savedAs = received.savedAs;
      this.sendEnd('received');
      this.end('done', null);
    } catch (error) {
      if (this.sink === sink) this.failHere(`The file could not be saved: ${describe(error)}`);
    }
  }

  private ackIfDue(): void {
    if (this.written - this.acked >= ACK_EVERY_BYTES || this.written === this.info.size) {
      this.acked = this.written;
      this.sendControl({ type: 'ack', offset: this.written });
    }
  }

  protected channelLost(): void {
    // The sender dials again once it can; what we hold stays.
    if (!this.finished) this.setState('interrupted');
  }

  private failHere(problem: string): void {
    this.sendEnd('failed');
    this.end('failed', problem);
  }
}
