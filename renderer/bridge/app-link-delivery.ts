/**
 * A `huddle://` link as the main process hands it to the page. The page
 * checks it again rather than trust the message's shape: the link must parse
 * as an invite, and a refusal's reason is short text, shown as text.
 */
import { parseInvite } from '../engine/invite.js';
import type { AppLinkDelivery } from '../contract/host-bridge.js';

const MAX_REASON_LENGTH = 200;

export function parseAppLinkDelivery(message: unknown): AppLinkDelivery | null {
  if (typeof message !== 'object' || message === null) return null;
  const { link, error } = message as Record<string, unknown>;
  if (typeof link === 'string' && error === undefined) return parseInvite(link) ? { link } : null;
  if (typeof error === 'string' && link === undefined) return { error: error.slice(0, MAX_REASON_LENGTH) };
  return null;
}
