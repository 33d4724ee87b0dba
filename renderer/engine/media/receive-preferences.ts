/**
 * What we ask of a member's senders, written into every description we send
 * them (the far side applies it as its remote description, which is where its
 * encoders read it): Opus's options (opus-options.ts) and where its video
 * starts (video-start.ts). Our own local description stays what the browser
 * made.
 */
import { withOpusOptions } from './opus-options.js';
import type { OutgoingSignal } from './perfect-negotiator.js';
import { withVideoStartBitrate } from './video-start.js';

export function withReceivePreferences(signal: OutgoingSignal): OutgoingSignal {
  if (!('description' in signal)) return signal;
  const sdp = withVideoStartBitrate(withOpusOptions(signal.description.sdp));
  return { description: { ...signal.description, sdp } };
}
