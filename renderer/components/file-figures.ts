/**
 * How a transfer's figures read in the files panel: sizes, rate, time left,
 * and its state in words.
 */
import { formatBytes } from '../engine/files/file-store.js';
import type { TransferView } from '../engine/files/transfer-types.js';

export { formatBytes };

/** 75 -> "1 min 15 s"; null when unknown. */
export function formatTimeLeft(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds)) return null;
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${whole % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * "3.2 MiB of 10 MiB · 4.1 MiB/s · 2 s left", as far as it is known. No
 * rate while the member's link is down (`linkDown`): nothing moves then.
 */
export function progressText(view: TransferView, linkDown = false): string {
  const parts = [`${formatBytes(view.bytes)} of ${formatBytes(view.size)}`];
  if (linkDown) return parts[0]!;
  if (view.rate !== null) parts.push(`${formatBytes(Math.round(view.rate))}/s`);
  const left = formatTimeLeft(view.secondsLeft);
  if (left !== null) parts.push(`${left} left`);
  return parts.join(' · ');
}

const INTERRUPTED = 'Connection interrupted: it goes on when the connection is back';

/**
 * The state in words. `linkDown`: the member's link is interrupted right
 * now. A transfer's own channel can outlive that silently (it notices only
 * when no acknowledgement comes for a while), yet nothing moves meanwhile:
 * it reads as interrupted from the first second.
 */
export function stateText(view: TransferView, linkDown = false): string {
  const incoming = view.direction === 'in';
  switch (view.state) {
    case 'offered':
      return incoming ? 'Offered to you' : `Waiting for ${view.peerName} to accept`;
    case 'active':
      if (linkDown) return INTERRUPTED;
      return incoming ? 'Receiving' : 'Sending';
    case 'interrupted':
      return INTERRUPTED;
    case 'verifying':
      return 'Checking the file';
    case 'done':
      return incoming ? 'Received, checksum verified' : `Delivered to ${view.peerName}, checksum verified`;
    case 'declined':
      return incoming ? 'You declined' : `${view.peerName} declined`;
    case 'cancelled':
      return 'Cancelled';
    case 'failed':
      return 'Failed';
  }
}
