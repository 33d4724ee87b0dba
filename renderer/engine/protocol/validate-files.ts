/**
 * Validation of the file messages (file-messages.ts): the room-link ones,
 * built by parsePeerMessage through `fileMessage`, and the transfer channel's
 * frames, where binary frames are chunks and text frames are controls.
 */
import {
  FILE_END_REASONS,
  MAX_CHUNK_BYTES,
  MAX_FILE_NAME,
  type FileEndReason,
  type FileMessage,
  type TransferControl,
  type TransferFrame,
} from './file-messages.js';
import { bool, fail, int, str, type Fields } from './fields.js';

/** As chat ids: random letters and digits. */
const TRANSFER_ID = /^[A-Za-z0-9_-]{8,64}$/u;
const HASH = /^[0-9a-f]{64}$/u;
/** A type/subtype pair, or nothing. */
const MEDIA_TYPE = /^([A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+)?$/u;
/** Control characters and folder separators: a name is one file's name, shown and saved as it is. */
// eslint-disable-next-line no-control-regex
const NOT_IN_NAME = /[\u0000-\u001f\u007f/\\]/u;

export function transferId(fields: Fields): string {
  const id = str(fields, 'id', 64);
  if (!TRANSFER_ID.test(id)) fail('id must be 8 to 64 letters, digits, - or _');
  return id;
}

function fileHash(fields: Fields): string {
  const hash = str(fields, 'hash', 64);
  if (!HASH.test(hash)) fail('hash must be 64 lowercase hex digits');
  return hash;
}

/** Exported for the sender, which refuses to offer what receivers would drop. */
export function fileNameProblem(name: string): string | null {
  if (name.trim().length === 0) return 'name must not be empty';
  if (name.length > MAX_FILE_NAME) return `name is longer than ${MAX_FILE_NAME}`;
  if (NOT_IN_NAME.test(name) || name === '.' || name === '..') return 'name must be a file name';
  return null;
}

/** The room-link file messages, or null when `type` is not one of them. */
export function fileMessage(fields: Fields, type: string, v: number): FileMessage | null {
  switch (type) {
    case 'file-offer': {
      const name = str(fields, 'name', MAX_FILE_NAME);
      const problem = fileNameProblem(name);
      if (problem) fail(problem);
      const mediaType = str(fields, 'mediaType', 127);
      if (!MEDIA_TYPE.test(mediaType)) fail('mediaType must be a MIME type or empty');
      return {
        v,
        type,
        id: transferId(fields),
        name,
        size: int(fields, 'size', 0, Number.MAX_SAFE_INTEGER),
        mediaType,
        hash: fields.hash === null || fields.hash === undefined ? null : fileHash(fields),
        direct: bool(fields, 'direct'),
      };
    }
    case 'file-accept':
      return { v, type, id: transferId(fields) };
    case 'file-end': {
      const reason = fields.reason;
      if (!FILE_END_REASONS.includes(reason as FileEndReason)) fail('unknown file-end reason');
      return { v, type, id: transferId(fields), reason: reason as FileEndReason };
    }
    default:
      return null;
  }
}

/** A text frame of a transfer channel. */
export function transferControl(fields: Fields, type: string, v: number): TransferControl {
  switch (type) {
    case 'resume':
    case 'ack':
      return { v, type, offset: int(fields, 'offset', 0, Number.MAX_SAFE_INTEGER) };
    case 'end':
      return { v, type, hash: fileHash(fields) };
    default:
      return fail(`unknown transfer frame "${type.slice(0, 40)}"`);
  }
}

/** A binary frame: one chunk of the file, as a byte view on whatever buffer it came in. */
export function transferChunk(raw: ArrayBuffer | ArrayBufferView): TransferFrame {
  const bytes =
    raw instanceof ArrayBuffer
      ? new Uint8Array(raw)
      : new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (bytes.length === 0 || bytes.length > MAX_CHUNK_BYTES)
    fail(`a chunk must be 1 to ${MAX_CHUNK_BYTES} bytes`);
  return { type: 'chunk', bytes };
}
