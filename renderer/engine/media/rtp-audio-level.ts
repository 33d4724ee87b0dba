/**
 * A member's loudness as the sender measured it, read from the audio level
 * every RTP packet carries (the ssrc-audio-level header extension, which
 * Chromium negotiates by default). Unlike the playout energy in getStats, it
 * does not depend on how the sound is played here: a tile the browser made
 * play muted (autoplay refused) still shows who is speaking.
 *
 * The browser exposes only the last packet's level (the RMS of its 20 ms of
 * sound, 0..1), so a sampler reads each audio receiver several times a second
 * and keeps the loudest reading over the statistics interval. The loudest,
 * not the mean: the playout and microphone loudness the speaker is otherwise
 * chosen from come from a peak meter that holds each peak for 100 ms, which
 * reads a sound several times louder than its mean RMS; the loudest packet of
 * a sound is on about the same scale. Short sounds (a test tone's beep lasts
 * about two packets) need the sampling period near the packet length to be
 * caught; 50 ms catches most at the cost of a few cheap calls per receiver.
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

interface ReceiverState {
  packets: ReadonlyMap<number, number> | undefined;
  /** The loudest reading since the last take(); null before any. */
  loudest: number | null;
}

export interface RtpLevelSamplerOptions {
  periodMs?: number;
  setInterval?: (callback: () => void, ms: number) => ReturnType<typeof setInterval>;
  clearInterval?: (timer: ReturnType<typeof setInterval>) => void;
}

/**
 * Reads every member's audio receivers on a timer and gives, on `take()`,
 * each member's loudest RTP level since the previous `take()`.
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
        const state = known.get(receiver) ?? { packets: undefined, loudest: null };
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
        state.loudest = Math.max(state.loudest ?? 0, reading.level);
      }
    }
  }

  /**
   * Each member's loudest reading since the last call (over all its audio
   * receivers), and a fresh start for the next interval. Members with no
   * reading are left out.
   */
  take(): Map<string, number> {
    const levels = new Map<string, number>();
    for (const [peerId, receivers] of this.states) {
      let loudest: number | null = null;
      for (const state of receivers.values()) {
        if (state.loudest !== null) loudest = Math.max(loudest ?? 0, state.loudest);
        state.loudest = null;
      }
      if (loudest !== null) levels.set(peerId, loudest);
    }
    return levels;
  }
}
