/**
 * Opus options a receiver asks its senders for, written into the fmtp line of
 * the session descriptions we send. The bitrate and every other sending
 * choice go through RTCRtpSender.setParameters; these two have no API and are
 * negotiated only in SDP, where a receiver states what its decoder prefers
 * (RFC 7587 §7):
 *
 * - useinbandfec=1: the sender adds forward error correction for the previous
 *   frame inside each packet, so one lost packet costs no audible gap. It is
 *   worth its few kbps on any real network.
 * - usedtx=1: the sender sends almost nothing while its input is silent.
 *   In a mesh every member uploads one audio copy per peer and most members
 *   are silent most of the time (or muted), so this saves ~30 kbps per link
 *   per silent member.
 *
 * Written into the copies we send (receive-preferences.ts says how).
 */
import { withFmtpParameters } from './sdp-fmtp.js';

export interface OpusReceiveOptions {
  useinbandfec: 0 | 1;
  usedtx: 0 | 1;
}

export const opusReceiveOptions: OpusReceiveOptions = { useinbandfec: 1, usedtx: 1 };

/** Sets `options` on every Opus payload type's fmtp line in `sdp`, adding the line where missing. */
export function withOpusOptions(sdp: string, options: OpusReceiveOptions = opusReceiveOptions): string {
  return withFmtpParameters(sdp, (name) => name.toLowerCase() === 'opus', { ...options });
}
