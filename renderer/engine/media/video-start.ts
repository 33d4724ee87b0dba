/**
 * Where a member's video to us starts. Chrome starts every new video sender
 * at a bandwidth estimate of 300 kbit/s and paces what it sends to that until
 * the estimate grows, so the first key frame of a camera (tens of kilobytes)
 * trickles out: measured on joining a room of two, the first video frame
 * came 137 ms after the first sound over the same connection. A receiver can
 * say where the estimate should start, in the fmtp line of each video codec
 * of the descriptions it sends (`x-google-start-bitrate`, in kbit/s, a
 * Chrome extension other browsers ignore); with 800 kbit/s the first frame
 * came with the first sound, and the whole join was about 100 ms quicker.
 *
 * 800 kbit/s is below what a link of any preset is given (quality.ts) and
 * what conferencing apps commonly start at; the estimate moves from there
 * both ways, so a slower path brings it down within a second or so.
 */
import { withFmtpParameters } from './sdp-fmtp.js';

export const VIDEO_START_KBPS = 800;

/** Payload types that carry no picture of their own: retransmission, redundancy, error correction. */
const NOT_PICTURES = new Set(['rtx', 'red', 'ulpfec', 'flexfec-03']);

/** Sets the start bitrate on every video codec's fmtp line in `sdp`. */
export function withVideoStartBitrate(sdp: string, kbps = VIDEO_START_KBPS): string {
  return withFmtpParameters(
    sdp,
    (name, clockRate) => clockRate === 90_000 && !NOT_PICTURES.has(name.toLowerCase()),
    { 'x-google-start-bitrate': kbps },
  );
}
