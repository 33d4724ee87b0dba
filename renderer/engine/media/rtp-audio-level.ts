/**
 * A member's loudness as the sender measured it, read from the audio level
 * every RTP packet carries (the ssrc-audio-level header extension, which
 * Chromium negotiates by default). Unlike the playout energy in getStats, it
 * does not depend on how the sound is played here: a tile the browser made
 * play muted (autoplay refused) still shows who is speaking.
 *
 * The browser exposes only the last packet's level, so a sampler reads each
 * audio receiver several times a second and keeps the mean energy over the
 * statistics interval: the square root of the mean squared level, an RMS on
 * the same 0..1 scale as the playout loudness. Short sounds (a test tone's
 * beep lasts about two packets) need the sampling period to be near the
 * packet length to be caught reliably; 50 ms catches them most of the time at
 * a cost of a few cheap calls per receiver.
 */

/** What the sampler needs of an RTCRtpReceiver. */
export interface LevelReceiver {
  getSynchronizationSources(): RTCRtpSynchronizationSource[];
}

export const defaultSamplePeriodMs = 50;

/** The loudest source's level in one reading, and the packets that reading saw. */
export interface LevelReading {
  level: number;
  /** RTP timestamp per SSRC, to tell a new packet from the same one read again. */
  packets: ReadonlyMap<number, number>;
}

/**
 * One reading of a receiver's sources. A source whose last packet is the one
 * read last time has sent nothing since: silence (discontinuous transmission
 * or a stopped sender), not the old level again. Null when the browser gives
 * no level (the extension was not negotiated).
 */
export function readLevel(
  sources: readonly RTCRtpSynchronizationSource[],
  previous: ReadonlyMap<number, number> | undefined,
): LevelReading | null {
  let level: number | null = null;
  const packets = new Map<number, number>();
  for (const source of sources) {
    if (typeof source.audioLevel !== 'number' || !Number.isFinite(source.audioLevel)) continue;
    packets.set(source.source, source.rtpTimestamp);
    const fresh = previous?.get(source.source) !== source.rtpTimestamp;
    const heard = fresh ? Math.min(1, Math.max(0, source.audioLevel)) : 0;
    level = Math.max(level ?? 0, heard);
  }
  return level === null ? null : { level, packets };
}

/** Mean energy of a set of level readings, as an RMS level; null with no readings. */
export function rmsOf(sumOfSquares: number, count: number): number | null {
  return count > 0 ? Math.min(1, Math.sqrt(sumOfSquares / count)) : null;
}

interface ReceiverState {
  packets: ReadonlyMap<number, number> | undefined;
  sumOfSquares: number;
  count: number;
}

export interface RtpLevelSamplerOptions {
  periodMs?: number;
  setInterval?: (callback: () => void, ms: number) => ReturnType<typeof setInterval>;
  clearInterval?: (timer: ReturnType<typeof setInterval>) => void;
}

/**
 * Reads every member's audio receivers on a timer and gives, on `take()`,
 * each member's RTP loudness since the previous `take()`.
 */
export class RtpLevelSampler {
  private readonly periodMs: number;
  private readonly setTimer: NonNullable<RtpLevelSamplerOptions['setInterval']>;
  private readonly clearTimer: NonNullable<RtpLevelSamplerOptions['clearInterval']>;
  private readonly states = new Map<string, Map<LevelReceiver, ReceiverState>>();
  private timer: ReturnType<typeof setInterval> | null = null;

  /** `receivers` lists each remote member's audio receivers by peer id, read afresh at every sample. */
  constructor(
    private readonly receivers: () => ReadonlyMap<string, readonly LevelReceiver[]>,
    options: RtpLevelSamplerOptions = {},
  ) {
    this.periodMs = options.periodMs ?? defaultSamplePeriodMs;
    this.setTimer = options.setInterval ?? ((callback, ms) => setInterval(callback, ms));
    this.clearTimer = options.clearInterval ?? ((timer) => clearInterval(timer));
  }

  start(): void {
    if (this.timer !== null) return;
    this.timer = this.setTimer(() => this.sample(), this.periodMs);
  }

  stop(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.states.clear();
  }

  /** Reads every receiver once. */
  sample(): void {
    const current = this.receivers();
    for (const peerId of [...this.states.keys()]) if (!current.has(peerId)) this.states.delete(peerId);
    for (const [peerId, receivers] of current) {
      const known = this.states.get(peerId) ?? new Map<LevelReceiver, ReceiverState>();
      this.states.set(peerId, known);
      // A renewed connection brings new receivers: the old ones' readings go with them.
      for (const receiver of [...known.keys()]) if (!receivers.includes(receiver)) known.delete(receiver);
      for (const receiver of receivers) {
        const state = known.get(receiver) ?? { packets: undefined, sumOfSquares: 0, count: 0 };
        known.set(receiver, state);
        let sources: RTCRtpSynchronizationSource[];
        try {
          sources = receiver.getSynchronizationSources();
        } catch {
          continue; // a receiver being torn down
        }
        const reading = readLevel(sources, state.packets);
        if (!reading) continue;
        state.packets = reading.packets;
        state.sumOfSquares += reading.level ** 2;
        state.count++;
      }
    }
  }

  /**
   * Each member's loudness since the last call (the loudest of its audio
   * receivers), and a fresh start for the next interval. Members with no
   * reading are left out.
   */
  take(): Map<string, number> {
    const levels = new Map<string, number>();
    for (const [peerId, receivers] of this.states) {
      let loudest: number | null = null;
      for (const state of receivers.values()) {
        const level = rmsOf(state.sumOfSquares, state.count);
        if (level !== null) loudest = Math.max(loudest ?? 0, level);
        state.sumOfSquares = 0;
        state.count = 0;
      }
      if (loudest !== null) levels.set(peerId, loudest);
    }
    return levels;
  }
}
