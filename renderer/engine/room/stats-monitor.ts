/**
 * Polls every member link's media connection while in a room (once a second
 * by default; the page sets the pace by what it shows, see stats-cadence.ts): turns each pair of getStats() snapshots into figures and a quality
 * grade per member, and picks the active speaker from everyone's loudness,
 * our own included (read from what we send). A remote member's loudness is
 * the louder of its sound as played here and the level its RTP packets carry
 * (sampled between polls): a member whose sound plays muted here (autoplay
 * refused) can still be the speaker, and one whose packets carry no level is
 * heard as before.
 *
 * The packets' level is read only for members not heard in the last round's
 * playout (quieter than the speaker threshold: silent, or playing muted).
 * Each reading is a call the page's main thread waits on while the
 * browser's WebRTC thread answers it, twenty a second per member: in a
 * room of four on two busy cores, profiled, that wait took half of a
 * page's main thread. A member heard as played is already measured from
 * every sample it played.
 */
import { Emitter } from '../emitter.js';
import {
  connectionQuality,
  linkFigures,
  localStats,
  snapshotOf,
  type ConnectionQuality,
  type LinkFigures,
  type LocalStats,
  type StatsSnapshot,
} from '../media/link-stats.js';
import { RtpLevelSampler, type RtpLevelSamplerOptions } from '../media/rtp-audio-level.js';
import {
  ActiveSpeaker,
  defaultActiveSpeakerOptions,
  type ActiveSpeakerOptions,
  type SpeakerLevel,
} from './active-speaker.js';
import type { Participant } from './participants.js';

/** What the monitor needs of a session (RoomSession has both). */
export interface StatsSource {
  participants(): Participant[];
  mediaConnectionTo(peerId: string): RTCPeerConnection | undefined;
}

export interface MemberStats {
  figures: LinkFigures;
  quality: ConnectionQuality;
}

export interface StatsMonitorEvents {
  /** Figures per remote member's peer id, after each round. */
  figures: ReadonlyMap<string, MemberStats>;
  local: LocalStats | null;
  /** The active speaker's peer id (possibly our own), or null. */
  speaker: string | null;
}

export interface StatsMonitorOptions {
  intervalMs?: number;
  speaker?: Partial<ActiveSpeakerOptions>;
  now?: () => number;
  /** How often the RTP audio levels are read between polls. */
  levelSampler?: RtpLevelSamplerOptions;
}

interface Previous {
  pc: RTCPeerConnection;
  report: StatsSnapshot;
}

export class StatsMonitor extends Emitter<StatsMonitorEvents> {
  private intervalMs: number;
  private readonly now: () => number;
  private readonly speaker: ActiveSpeaker;
  private readonly levels: RtpLevelSampler;
  private readonly previous = new Map<string, Previous>();
  /** Members whose sound, as played here, was above the speaker threshold in the last round. */
  private readonly heardPlayed = new Set<string>();
  private readonly threshold: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;

  constructor(
    private readonly source: StatsSource,
    options: StatsMonitorOptions = {},
  ) {
    super();
    this.intervalMs = options.intervalMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
    this.speaker = new ActiveSpeaker(options.speaker);
    this.threshold = options.speaker?.threshold ?? defaultActiveSpeakerOptions.threshold;
    this.levels = new RtpLevelSampler(() => this.audioReceivers(), options.levelSampler);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.levels.start();
    void this.round();
  }

  /**
   * Changes the pace. A shorter one takes effect at once (someone opened the
   * figures and should not wait out the slow round); a longer one from the
   * next round.
   */
  setIntervalMs(intervalMs: number): void {
    const sooner = intervalMs < this.intervalMs;
    this.intervalMs = intervalMs;
    if (!sooner || !this.running || this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.round(), intervalMs);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.levels.stop();
    this.previous.clear();
    this.heardPlayed.clear();
    this.removeAllListeners();
  }

  /** The audio receivers of each remote member not heard as played, for the level sampler. */
  private audioReceivers(): Map<string, RTCRtpReceiver[]> {
    const receivers = new Map<string, RTCRtpReceiver[]>();
    for (const participant of this.source.participants()) {
      if (participant.isLocal || this.heardPlayed.has(participant.peerId)) continue;
      const pc = this.source.mediaConnectionTo(participant.peerId);
      // No packet arrives before the connection is up: reading one still being set up only waits on its busy thread.
      if (!pc || pc.connectionState !== 'connected') continue;
      receivers.set(
        participant.peerId,
        pc.getReceivers().filter((receiver) => receiver.track.kind === 'audio'),
      );
    }
    return receivers;
  }

  /** One round of polling; the next is scheduled when this one is done, so rounds never pile up on a busy machine. */
  private async round(): Promise<void> {
    // No timer while a round runs: a change of pace meanwhile applies when it ends.
    this.timer = null;
    try {
      await this.poll();
    } catch (error) {
      console.warn('[huddle] reading connection statistics failed', error);
    }
    if (this.running) this.timer = setTimeout(() => void this.round(), this.intervalMs);
  }

  private async poll(): Promise<void> {
    const participants = this.source.participants();
    const remote = participants.filter((participant) => !participant.isLocal);
    const polled = await Promise.all(
      remote.map(async (participant) => {
        const pc = this.source.mediaConnectionTo(participant.peerId);
        if (!pc || pc.connectionState === 'closed') return null;
        const report = await pc
          .getStats()
          .then(snapshotOf)
          .catch(() => null);
        if (!report) return null;
        const earlier = this.previous.get(participant.peerId);
        // A renewed connection starts its counters again: it has no earlier snapshot.
        const figures = linkFigures(earlier?.pc === pc ? earlier.report : null, report);
        this.previous.set(participant.peerId, { pc, report });
        return {
          participant,
          figures,
          broken: pc.connectionState === 'disconnected' || pc.connectionState === 'failed',
        };
      }),
    );
    if (!this.running) return;
    const rtpLevels = this.levels.take();

    const figures = new Map<string, MemberStats>();
    for (const entry of polled) {
      if (!entry || entry.figures.intervalMs === 0) continue;
      const { media } = entry.participant;
      const expectVideo = media.publishing && !media.videoMuted;
      figures.set(entry.participant.peerId, {
        figures: entry.figures,
        // Its last figures may still look fine, but nothing is getting through.
        quality: entry.broken ? 'poor' : connectionQuality(entry.figures, expectVideo),
      });
    }
    for (const peerId of this.previous.keys()) {
      if (!remote.some((participant) => participant.peerId === peerId)) this.previous.delete(peerId);
    }
    this.heardPlayed.clear();
    for (const [peerId, { figures: link }] of figures)
      if ((link.audioLevel ?? 0) >= this.threshold) this.heardPlayed.add(peerId);
    const local = localStats([...figures.values()].map((entry) => entry.figures));
    const me = participants.find((participant) => participant.isLocal);
    const levels: SpeakerLevel[] = [
      ...(me ? [{ peerId: me.peerId, level: local?.audioLevel ?? null, muted: isSilent(me) }] : []),
      ...remote.map((participant) => ({
        peerId: participant.peerId,
        level: louder(rtpLevels.get(participant.peerId), figures.get(participant.peerId)?.figures.audioLevel),
        muted: isSilent(participant),
      })),
    ];
    const speaker = this.speaker.update(this.now(), levels);

    this.emit('figures', figures);
    this.emit('local', local);
    this.emit('speaker', speaker);
  }
}

/** The louder of two loudness readings, either of which may be unknown. */
function louder(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined) return b ?? null;
  return b === null || b === undefined ? a : Math.max(a, b);
}

function isSilent(participant: Participant): boolean {
  return !participant.media.publishing || participant.media.audioMuted;
}
