/**
 * Checks a screen-source request from the desktop app's main process before
 * the picker shows it. The main process is trusted, but the message crossed
 * a process boundary as plain data; a malformed one is refused here, whole,
 * rather than half shown.
 */
import type { ScreenSource, ScreenSourceRequest } from '../contract/host-bridge.js';

/** More than any desktop has; a longer list is not a real one. */
const MAX_SOURCES = 500;
const MAX_TEXT_LENGTH = 1024;
/** Thumbnails are small pictures; a few megabytes of data URL is not one. */
const MAX_THUMBNAIL_LENGTH = 4_000_000;

function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT_LENGTH;
}

function parseSource(value: unknown): ScreenSource | null {
  if (typeof value !== 'object' || value === null) return null;
  const { id, name, kind, thumbnail } = value as Record<string, unknown>;
  if (!isShortString(id) || typeof name !== 'string' || name.length > MAX_TEXT_LENGTH) return null;
  if (kind !== 'screen' && kind !== 'window') return null;
  if (typeof thumbnail !== 'string' || thumbnail.length > MAX_THUMBNAIL_LENGTH) return null;
  // Only pictures: an <img> would not run anything else, but nothing else belongs here.
  if (thumbnail !== '' && !/^data:image\/(png|jpeg);base64,/.test(thumbnail)) return null;
  return { id, name, kind, thumbnail };
}

/** The request, or null if any part of it is malformed. */
export function parseScreenSourceRequest(value: unknown): ScreenSourceRequest | null {
  if (typeof value !== 'object' || value === null) return null;
  const { requestId, sources, timeoutMs } = value as Record<string, unknown>;
  if (!isShortString(requestId)) return null;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) return null;
  if (!Array.isArray(sources) || sources.length === 0 || sources.length > MAX_SOURCES) return null;
  const parsed = sources.map(parseSource);
  if (parsed.some((source) => source === null)) return null;
  const valid = parsed as ScreenSource[];
  if (new Set(valid.map((source) => source.id)).size !== valid.length) return null;
  return { requestId, sources: valid, timeoutMs };
}
