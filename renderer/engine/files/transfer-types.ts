/**
 * What the files part shows of each transfer, and the sizes that pace them.
 */
import {
  MAX_CHUNK_BYTES,
  type FileEnd,
  type FileMessage,
  type TransferControl,
} from '../protocol/file-messages.js';
import type { Unstamped } from '../protocol/messages.js';
import type { PeerChannel } from '../rendezvous/rendezvous-port.js';

/**
 * Bytes per binary frame: the most every build accepts (MAX_CHUNK_BYTES),
 * within what the channel carries in one message. Each frame costs both
 * pages a send, a message event, a validation and a hash call whatever its
 * size; at 256 KiB rather than 64 KiB a file takes a quarter of them.
 */
export const CHUNK_BYTES = MAX_CHUNK_BYTES;
/** Bytes per frame on a channel that does not say the largest message it carries: every WebRTC stack takes 64 KiB. */
export const FALLBACK_CHUNK_BYTES = 64 * 1024;

/** Bytes per frame on a channel whose largest message is `maxMessageSize` (null when it does not say). */
export function chunkBytesFor(maxMessageSize: number | null): number {
  if (maxMessageSize === null || !(maxMessageSize > 0)) return FALLBACK_CHUNK_BYTES;
  return Math.min(CHUNK_BYTES, maxMessageSize);
}
/**
 * Bytes read from the sender's file at a time. Each read slices the file's
 * Blob, which costs the page's main thread several ms however small the
 * slice (about 0.6 s per 100 MB at 1 MiB in a profile on a busy 2-core
 * machine, a quarter of that at 4 MiB).
 */
export const SLICE_BYTES = 4 * 1024 * 1024;
/**
 * The sender stops handing chunks to the channel while this much waits in
 * it, and starts again when it falls to a quarter of that. Chrome closes a
 * channel whose buffer overflows (16 MiB); a few MiB keep the link busy at
 * LAN rates.
 */
export const HIGH_WATER_BYTES = 4 * 1024 * 1024;
/** Where a sender that lets `highWater` bytes wait starts handing over more. */
export const drainBytesFor = (highWater: number): number => highWater / 4;
export const DRAIN_BYTES = drainBytesFor(HIGH_WATER_BYTES);
/**
 * What a new channel may hold waiting at first; it doubles with each
 * acknowledgement up to HIGH_WATER_BYTES. Handed 4 MiB at once, a fresh
 * channel sent about 2 MB and then next to nothing for 1.5 to 2.3 s (its
 * transport's bytes, read every 100 ms, with the receiver's page holding a
 * gap: packets lost in the first burst, recovered only by the transport's
 * retransmission timer); starting at 1 MiB, it ran without that pause.
 */
export const FIRST_HIGH_WATER_BYTES = 1024 * 1024;
/** The receiver acknowledges every this many bytes (and the last byte). */
export const ACK_EVERY_BYTES = 1024 * 1024;
/** Bytes the sender may have sent beyond the last acknowledgement: what a resume may send again. */
export const WINDOW_BYTES = 16 * 1024 * 1024;
/** After its channel drops while the member link stays open, a transfer dials again after this long. */
export const REDIAL_MS = 1000;
/**
 * A sending transfer whose channel has not opened, or whose receiver has
 * acknowledged nothing, for this long takes the channel as dead and dials
 * again: a channel can die without a close (the far end's network gone).
 */
export const STALL_MS = 20_000;
/** Redials in a row, with no progress between them, before the transfer is given up. */
export const MAX_REDIALS = 5;

export type TransferState =
  /** Receiver: waiting for the user's answer. Sender: waiting for the member's. */
  | 'offered'
  /** Bytes are moving (or the channel is being dialed). */
  | 'active'
  /** Its channel dropped; it goes on from the last acknowledged byte when the link is back. */
  | 'interrupted'
  /** Every byte is across; the receiver is checking the file's hash. */
  | 'verifying'
  | 'done'
  | 'declined'
  | 'cancelled'
  | 'failed';

export const FINISHED: readonly TransferState[] = ['done', 'declined', 'cancelled', 'failed'];

/** One transfer, one file between us and one member, as the UI shows it. */
export interface TransferView {
  /** Unique among our transfers: direction, member, id. */
  key: string;
  id: string;
  direction: 'out' | 'in';
  /** The member at the other end, and its name. */
  peerId: string;
  peerName: string;
  name: string;
  size: number;
  mediaType: string;
  /** Offered to one member rather than to everyone. */
  direct: boolean;
  state: TransferState;
  /** Sender: bytes the receiver acknowledged. Receiver: bytes received. */
  bytes: number;
  /** Bytes a second, and seconds left, or null before there is enough to tell. */
  rate: number | null;
  secondsLeft: number | null;
  /** Bytes sent a second time after resumes (the sender counts them; the receiver shows 0). */
  resent: number;
  /**
   * The file's SHA-256 as 64 hex digits (what `sha256sum` prints): the
   * receiver's once the file matched it, the sender's once every byte was sent.
   */
  sha256: string | null;
  /** For a transfer that did not end as done: why, in words for the user. */
  problem: string | null;
  /** The received file, once checked, when it is kept in memory. */
  file: Blob | null;
  /** Where the received file was saved, once checked, when it was written to disk (the desktop app). */
  savedAs: string | null;
}

/** What a transfer needs of the room. */
export interface TransferRoom {
  /** Sends a file message on the member link, if it is open. */
  send(peerId: string, message: Unstamped<FileMessage>): void;
  /** Whether the member link is open now. */
  linkOpen(peerId: string): boolean;
  /** Dials the transfer's own channel; null when it cannot now. */
  dial(peerId: string, id: string): PeerChannel | null;
  name(peerId: string): string;
  log(message: string): void;
  /** A transfer's view changed. */
  changed(): void;
}

export type EndMessage = Unstamped<FileEnd>;
export type ControlMessage = Unstamped<TransferControl>;
