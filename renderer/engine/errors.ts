/**
 * The small, named vocabulary of errors the engine reports. Codes are stable:
 * the UI maps them to messages and tests assert on them.
 */
export type HuddleErrorCode =
  | 'name-invalid'
  | 'name-taken'
  | 'room-id-invalid'
  | 'server-unreachable'
  | 'server-rejected-key'
  | 'room-unreachable'
  | 'room-not-answering'
  | 'version-unsupported'
  | 'join-rejected'
  | 'not-joined'
  | 'already-joined'
  | 'media-unavailable'
  | 'connection-lost'
  | 'wrong-passcode'
  | 'room-locked'
  | 'removed'
  | 'not-host'
  | 'ice-config-invalid'
  | 'connection-failed'
  | 'screen-share-unsupported'
  | 'screen-share-cancelled'
  | 'screen-share-failed'
  | 'chat-invalid'
  | 'chat-unreachable'
  | 'file-invalid'
  | 'files-unreachable';

export class HuddleError extends Error {
  override readonly name = 'HuddleError';
  constructor(
    readonly code: HuddleErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isHuddleError(value: unknown): value is HuddleError {
  return value instanceof HuddleError;
}

/** A message fit to show a user for anything thrown inside the engine. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
