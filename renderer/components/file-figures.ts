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

/** "3.2 MiB of 10 MiB · 4.1 MiB/s · 2 s left", as far as it is known. */
export function progressText(view: TransferView): string {
  const parts = [`${formatBytes(view.bytes)} of ${formatBytes(view.size)}`];
  if (view.rate !== null) parts.push(`${formatBytes(Math.round(view.rate))}/s`);
  const left = formatTimeLeft(view.secondsLeft);
  if (left !== null) parts.push(`${left} left`);
  return parts.join(' · ');
}

export function stateText(view: TransferView): string {
  const incoming = view.direction === 'in';
  switch (view.state) {
    case 'offered':
      return incoming ? 'Offered to you' : `Waiting for ${view.peerName} to accept`;
    case 'active':
      return incoming ? 'Receiving' : 'Sending';
    case 'interrupted':
      return 'Connection interrupted: it goes on when the connection is back';
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
