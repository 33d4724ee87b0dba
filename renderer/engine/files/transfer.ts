/**
 * What the two ends of a transfer share: its view (state, progress, why it
 * failed), its channel (validated frames in, at a bounded rate), and how it
 * ends. OutgoingTransfer and IncomingTransfer add each side's protocol.
 */
import type { FileEndReason, TransferFrame } from '../protocol/file-messages.js';
import { encode, parseTransferFrame } from '../protocol/validate.js';
import type { PeerChannel } from '../rendezvous/rendezvous-port.js';
import { TokenBucket } from '../room/rate-limit.js';
import { RateMeter } from './progress.js';
import {
  FINISHED,
  type ControlMessage,
  type TransferRoom,
  type TransferState,
  type TransferView,
} from './transfer-types.js';

/** Control frames (acks, mostly) a transfer channel may carry a second, and in one burst. */
const CONTROLS_PER_SECOND = 200;
const CONTROL_BURST = 400;

export interface TransferInfo {
  id: string;
  peerId: string;
  name: string;
  size: number;
  mediaType: string;
  direct: boolean;
}

export abstract class Transfer {
  readonly id: string;
  readonly peerId: string;
  readonly info: TransferInfo;
  protected state: TransferState = 'offered';
  /** Sender: acknowledged. Receiver: received. */
  protected bytes = 0;
  protected resent = 0;
  protected sha256: string | null = null;
  protected problem: string | null = null;
  protected file: Blob | null = null;
  protected savedAs: string | null = null;
  protected channel: PeerChannel | null = null;
  /** The file-end we sent, if any: said again if the other side asks again (its message crossed a blip). */
  protected saidEnd: FileEndReason | null = null;
  private readonly meter: RateMeter;
  private readonly controls = new TokenBucket(CONTROLS_PER_SECOND, CONTROL_BURST);

  constructor(
    protected readonly room: TransferRoom,
    info: TransferInfo,
    private readonly direction: 'out' | 'in',
    now?: () => number,
  ) {
    this.info = info;
    this.id = info.id;
    this.peerId = info.peerId;
    this.meter = new RateMeter(now);
  }

  get key(): string {
    return `${this.direction} ${this.peerId} ${this.id}`;
  }

  get finished(): boolean {
    return FINISHED.includes(this.state);
  }

  view(): TransferView {
    const moving = this.state === 'active';
    const figures = moving ? this.meter.figures(this.info.size) : { rate: null, secondsLeft: null };
    return {
      key: this.key,
      id: this.id,
      direction: this.direction,
      peerId: this.peerId,
      peerName: this.room.name(this.peerId),
      name: this.info.name,
      size: this.info.size,
      mediaType: this.info.mediaType,
      direct: this.info.direct,
      state: this.state,
      bytes: this.bytes,
      ...figures,
      resent: this.resent,
      sha256: this.sha256,
      problem: this.problem,
      file: this.file,
      savedAs: this.savedAs,
    };
  }

  /** The user cancels: the other side is told, and nothing more moves. */
  cancel(): void {
    if (this.finished) return;
    this.sendEnd('cancelled');
    this.end('cancelled', null);
  }

  /** The other side ended the transfer (its file-end). */
  abstract endedByPeer(reason: FileEndReason): void;

  /** The member's link is open again after an interruption. */
  abstract linkBack(): void;

  /** The member left, or came back as a new session that knows nothing of this transfer. */
  memberGone(problem: string): void {
    if (!this.finished) this.end('failed', problem);
  }

  /** Tells the other side the transfer is over, and remembers what was said. */
  protected sendEnd(reason: FileEndReason): void {
    this.saidEnd = reason;
    this.room.send(this.peerId, { type: 'file-end', id: this.id, reason });
  }

  protected setBytes(bytes: number): void {
    this.bytes = bytes;
    this.meter.sample(bytes);
    this.room.changed();
  }

  protected setState(state: TransferState): void {
    if (state === 'interrupted') this.meter.reset();
    this.state = state;
    this.room.changed();
  }

  /** Ends the transfer here, for good; closes its channel. */
  protected end(state: TransferState, problem: string | null): void {
    this.room.log(
      `file ${this.direction === 'out' ? 'to' : 'from'} ${this.peerId} (${this.id}): ${state} at byte ${this.bytes}${problem ? `: ${problem}` : ''}`,
    );
    this.problem = problem;
    this.dropChannel();
    this.setState(state);
    this.ended();
  }

  /** Releases what this side holds (a timer, a sink). */
  protected ended(): void {}

  protected sendControl(message: ControlMessage): void {
    if (this.channel?.open) this.channel.send(encode(message));
    else
      this.room.log(
        `file ${this.id} with ${this.peerId}: no ${message.type} sent, its channel is ${this.channel ? 'not open' : 'gone'}`,
      );
  }

  /** Makes `channel` the transfer's channel, in place of any earlier one. */
  protected use(channel: PeerChannel): void {
    this.dropChannel();
    this.channel = channel;
    const opened = (): void => {
      if (this.channel === channel) this.opened(channel);
    };
    if (channel.open) queueMicrotask(opened);
    else channel.on('open', opened);
    // The first frame on each channel is logged: a transfer that never starts shows whether its `resume` came.
    let first = true;
    channel.on('data', (data) => {
      if (first) {
        first = false;
        const what = typeof data === 'string' ? data.slice(0, 80) : 'bytes';
        this.room.log(`file ${this.id} with ${this.peerId}: first frame on its channel: ${what}`);
      }
      if (this.channel === channel) this.receive(data);
    });
    const lost = (): void => {
      if (this.channel !== channel) return;
      this.room.log(`the channel of file ${this.id} with ${this.peerId} dropped at byte ${this.bytes}`);
      this.dropChannel();
      this.channelLost();
    };
    channel.on('close', lost);
    channel.on('error', lost);
  }

  protected dropChannel(): void {
    const channel = this.channel;
    this.channel = null;
    if (!channel) return;
    channel.removeAllListeners();
    channel.close();
  }

  /** The channel opened: start this side's part. */
  protected abstract opened(channel: PeerChannel): void;
  protected abstract frame(frame: TransferFrame): void;
  /** The channel dropped while the transfer is not finished. */
  protected abstract channelLost(): void;

  private receive(data: unknown): void {
    const binary = data instanceof ArrayBuffer || ArrayBuffer.isView(data);
    if (!binary && !this.controls.take()) return;
    const parsed = parseTransferFrame(data);
    if (!parsed.ok) {
      this.room.log(`dropped a frame of transfer ${this.id} from ${this.peerId}: ${parsed.reason}`);
      return;
    }
    this.frame(parsed.message);
  }
}
