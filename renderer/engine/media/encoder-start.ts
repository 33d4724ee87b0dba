/**
 * Why a camera sender gets its degradation preference only once its first
 * frame is encoded.
 *
 * A sender negotiated after its connection is already up starts its encoder
 * on the bandwidth estimator's initial guess (300 kbit/s, shared with audio),
 * before probing has found the link's real capacity. That is the usual case
 * for a member who joins: both sides offer their camera when the link opens,
 * the joiner (the polite side) yields on the glare, and its camera goes out in
 * a second negotiation. Chrome's encoder drops its first frames as too big for
 * that guess and scales the camera down (640x360 to 320x180); only its quality
 * scaler climbs back, one step per 60 frames or more, and under 'balanced' it
 * halves the frame rate on the way. The link then carries a quarter of the
 * picture at half the rate for tens of seconds with bandwidth to spare.
 *
 * Switching the degradation preference to or from 'balanced' clears whatever
 * the encoder has cut. So the sender starts on a preference on the other side
 * of 'balanced' from the one wanted, and switches to the wanted one once its
 * first frame is out, when that start-up frame dropping is over for good.
 */

/** What a camera sender runs with until its first frame is encoded. */
export function startupDegradationPreference(wanted: RTCDegradationPreference): RTCDegradationPreference {
  return wanted === 'balanced' ? 'maintain-framerate' : 'balanced';
}

/** Frames the sender's video encoder has produced, from its getStats() report. */
export function framesEncoded(report: RTCStatsReport): number {
  let frames = 0;
  report.forEach((stat: Record<string, unknown>) => {
    if (stat.type === 'outbound-rtp' && typeof stat.framesEncoded === 'number') frames += stat.framesEncoded;
  });
  return frames;
}

export interface FirstFrameWatch {
  /** Checked before every look: false ends the wait (the sender stopped, the connection closed). */
  stillWanted: () => boolean;
  intervalMs?: number;
  /** How long to wait for a camera that sends nothing before giving up. */
  giveUpAfterMs?: number;
  sleep?: (milliseconds: number) => Promise<void>;
}

const wait = (milliseconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Resolves true once `sender` has encoded a frame, false when it is no longer
 * wanted or nothing came within the give-up time.
 */
export async function whenFirstFrameEncoded(
  sender: Pick<RTCRtpSender, 'getStats'>,
  { stillWanted, intervalMs = 200, giveUpAfterMs = 30_000, sleep = wait }: FirstFrameWatch,
): Promise<boolean> {
  for (let waited = 0; waited <= giveUpAfterMs; waited += intervalMs) {
    if (!stillWanted()) return false;
    try {
      if (framesEncoded(await sender.getStats()) > 0) return stillWanted();
    } catch {
      // Statistics can fail while the sender is being renegotiated; look again.
    }
    await sleep(intervalMs);
  }
  return false;
}
