/**
 * The file-transfer part of the protocol (PROTOCOL.md, "Files"). Offers,
 * answers and endings travel on the member link with the other room
 * messages; the bytes travel on a data connection of their own per transfer
 * (a *transfer channel*), as binary frames, beside the few text frames
 * below. Sent only to members whose hello lists `files-sha256`.
 */

/**
 * The hello feature that says a member's build takes files, checked with
 * the file's plain SHA-256. Builds that said `files` checked a hash of
 * 1 MiB blocks instead: the two never match, so they exchange no files.
 */
export const FILES_FEATURE = 'files-sha256';
/** What builds with the earlier, block-wise hash offered; known only to tell their users why. */
export const BLOCK_HASH_FILES_FEATURE = 'files';
/** Longest file name, in UTF-16 code units. */
export const MAX_FILE_NAME = 255;
/** Largest binary frame a transfer channel accepts, in every build; the sender sends this much when the channel carries it. */
export const MAX_CHUNK_BYTES = 256 * 1024;

/** A member offers one file to the member at the other end of the link. */
export interface FileOffer {
  v: number;
  type: 'file-offer';
  /** Chosen at random by the sender; names the transfer in every later message and in its channel's metadata. */
  id: string;
  /** The file's name, without any folder. */
  name: string;
  /** Bytes. */
  size: number;
  /** MIME type as the sender's system gave it, or '' when unknown. */
  mediaType: string;
  /**
   * The file's plain SHA-256 (what `sha256sum` prints), 64 lowercase hex
   * digits, when the sender already knows it; otherwise it comes at the end.
   */
  hash: string | null;
  /** Offered to the receiver alone rather than to everyone in the room. */
  direct: boolean;
}

/** The receiver accepts an offer: the sender now dials the transfer channel. */
export interface FileAccept {
  v: number;
  type: 'file-accept';
  id: string;
}

/**
 * How a transfer ended, said by the side that ended it:
 * `declined`, `too-large` (the receiver cannot hold it), `received` (whole,
 * checksum right) and `checksum-mismatch` come from the receiver;
 * `cancelled` and `failed` from either side.
 */
export type FileEndReason =
  'declined' | 'too-large' | 'cancelled' | 'received' | 'checksum-mismatch' | 'failed';

export const FILE_END_REASONS: readonly FileEndReason[] = [
  'declined',
  'too-large',
  'cancelled',
  'received',
  'checksum-mismatch',
  'failed',
];

/** The transfer is over, for the reason given; nothing more is sent for it. */
export interface FileEnd {
  v: number;
  type: 'file-end';
  id: string;
  reason: FileEndReason;
}

export type FileMessage = FileOffer | FileAccept | FileEnd;

// ---- text frames on a transfer channel --------------------------------------

/** Receiver, first on every transfer channel it is dialed on: send from this byte (what it already holds). */
export interface TransferResume {
  v: number;
  type: 'resume';
  offset: number;
}

/** Receiver: it holds every byte before `offset`. */
export interface TransferAck {
  v: number;
  type: 'ack';
  offset: number;
}

/** Sender, after the last byte: the whole file's hash (as in the offer), to check what arrived against. */
export interface TransferEnd {
  v: number;
  type: 'end';
  hash: string;
}

export type TransferControl = TransferResume | TransferAck | TransferEnd;

/** One frame from a transfer channel, as validation gives it. */
export type TransferFrame = { type: 'chunk'; bytes: Uint8Array } | TransferControl;
