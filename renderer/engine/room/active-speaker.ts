/**
 * Who is speaking, from each member's loudness sampled over time (about once
 * a second). The loudest member above a threshold is the speaker, but the
 * choice is held on purpose so the highlight does not jump about:
 * - someone speaking in a quiet room is the speaker at once;
 * - taking over from a speaker who is still talking needs being clearly
 *   louder (by `takeOverRatio`) for `takeOverMs`;
 * - a speaker who falls silent stays the speaker for `releaseMs`, over the
 *   pauses between words (or between the beeps of a test tone);
 * - a muted member is never the speaker, whatever its level says.
 */

export interface SpeakerLevel {
  peerId: string;
  /** Loudness over the last interval, RMS 0..1; null when unknown. */
  level: number | null;
  muted: boolean;
}

export interface ActiveSpeakerOptions {
  /** Quieter than this is silence (RMS; 0.02 is about -34 dBFS, above room noise after noise suppression). */
  threshold: number;
  /** How long someone must lead before taking over from a speaker still talking. */
  takeOverMs: number;
  /** Louder than the current speaker by this factor to count as leading. */
  takeOverRatio: number;
  /** How long a silent speaker stays highlighted. */
  releaseMs: number;
}

export const defaultActiveSpeakerOptions: ActiveSpeakerOptions = {
  threshold: 0.02,
  takeOverMs: 1500,
  takeOverRatio: 1.5,
  releaseMs: 2500,
};

export class ActiveSpeaker {
  private speaker: string | null = null;
  private lastHeard = 0;
  private challenger: { peerId: string; since: number } | null = null;
  private readonly options: ActiveSpeakerOptions;

  constructor(options: Partial<ActiveSpeakerOptions> = {}) {
    this.options = { ...defaultActiveSpeakerOptions, ...options };
  }

  get current(): string | null {
    return this.speaker;
  }

  /** Takes one round of levels taken at `now` (ms); returns the speaker after it. */
  update(now: number, levels: SpeakerLevel[]): string | null {
    const { threshold, takeOverMs, takeOverRatio, releaseMs } = this.options;
    const audible = levels
      .filter((entry) => !entry.muted && entry.level !== null && entry.level >= threshold)
      .sort((a, b) => (b.level ?? 0) - (a.level ?? 0));
    const loudest = audible[0] ?? null;
    const current = levels.find((entry) => entry.peerId === this.speaker);

    // Gone or muted: never shown as speaking, not even for the hold time.
    if (this.speaker !== null && (!current || current.muted)) this.speaker = null;

    if (this.speaker === null) {
      this.challenger = null;
      if (loudest) this.choose(loudest.peerId, now);
      return this.speaker;
    }

    const currentLevel = current?.level ?? 0;
    if (currentLevel >= threshold) this.lastHeard = now;
    const leader =
      loudest && loudest.peerId !== this.speaker && (loudest.level ?? 0) >= currentLevel * takeOverRatio
        ? loudest
        : null;
    if (!leader) {
      this.challenger = null;
    } else if (this.challenger?.peerId !== leader.peerId) {
      this.challenger = { peerId: leader.peerId, since: now };
    }
    const silentFor = now - this.lastHeard;
    if (this.challenger && (now - this.challenger.since >= takeOverMs || silentFor >= releaseMs)) {
      this.choose(this.challenger.peerId, now);
    } else if (silentFor >= releaseMs) {
      this.speaker = null;
    }
    return this.speaker;
  }

  private choose(peerId: string, now: number): void {
    this.speaker = peerId;
    this.lastHeard = now;
    this.challenger = null;
  }
}
