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
 * Only the copy we send is changed: our own local description stays what
 * the browser made, and the far side applies the edited one as its remote
 * description, which is where its encoder reads these from.
 */
import type { OutgoingSignal } from './perfect-negotiator.js';

export interface OpusReceiveOptions {
  useinbandfec: 0 | 1;
  usedtx: 0 | 1;
}

export const opusReceiveOptions: OpusReceiveOptions = { useinbandfec: 1, usedtx: 1 };

/** Sets `options` on every Opus payload type's fmtp line in `sdp`, adding the line where missing. */
export function withOpusOptions(sdp: string, options: OpusReceiveOptions = opusReceiveOptions): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const opusPayloads = new Set<string>();
  for (const line of lines) {
    const match = /^a=rtpmap:(\d+) opus\/48000/iu.exec(line);
    if (match?.[1]) opusPayloads.add(match[1]);
  }
  if (opusPayloads.size === 0) return sdp;

  const withFmtp = new Set<string>();
  const edited = lines.map((line) => {
    const match = /^a=fmtp:(\d+) (.*)$/u.exec(line);
    const payload = match?.[1];
    if (!match || !payload || !opusPayloads.has(payload)) return line;
    withFmtp.add(payload);
    return `a=fmtp:${payload} ${mergeParameters(match[2] ?? '', options)}`;
  });
  // An Opus payload without an fmtp line gets one right after its rtpmap.
  const result: string[] = [];
  for (const line of edited) {
    result.push(line);
    const payload = /^a=rtpmap:(\d+) opus\/48000/iu.exec(line)?.[1];
    if (payload && !withFmtp.has(payload)) result.push(`a=fmtp:${payload} ${mergeParameters('', options)}`);
  }
  return result.join(eol);
}

/** `key=value;key=value` with ours set, the others kept in their order. */
function mergeParameters(existing: string, options: OpusReceiveOptions): string {
  const parameters = existing
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .filter((part) => !Object.hasOwn(options, part.split('=')[0]?.trim().toLowerCase() ?? ''));
  for (const [key, value] of Object.entries(options)) parameters.push(`${key}=${String(value)}`);
  return parameters.join(';');
}

/** An outgoing negotiation signal with our Opus preferences written into its description. */
export function withOpusPreferences(signal: OutgoingSignal): OutgoingSignal {
  if (!('description' in signal)) return signal;
  return { description: { ...signal.description, sdp: withOpusOptions(signal.description.sdp) } };
}
