/**
 * What one member link's media is doing, from two successive getStats()
 * snapshots of its RTCPeerConnection: counters (bytes, frames, packets,
 * audio energy) become rates over the interval between them; gauges (round
 * trip, jitter, frame size) are read from the newer one.
 *
 * Pure functions over Map-like reports, so they can be tested with hand-made
 * snapshots; browsers leave out fields they do not know, so every figure may
 * be null.
 */

/** What getStats() resolves to, or a Map of stats objects made by hand. */
export type StatsSnapshot = ReadonlyMap<string, object>;

/**
 * Every stats object of a report, read once into a plain Map. Each pass over
 * a browser's RTCStatsReport builds all its objects afresh, and the figures
 * take a dozen passes (one per kind of object) over each of two reports: in
 * a room of four, profiled, that rebuilding (`forEach`) was most of a page's
 * script time. Read once, the copy also serves as the next round's earlier
 * snapshot.
 */
export function snapshotOf(report: StatsSnapshot): Map<string, object> {
  const copy = new Map<string, object>();
  report.forEach((value, id) => copy.set(id, value));
  return copy;
}

/**
 * Bytes received on all of a connection's transports, or null when it has
 * none. They count what the far end's browser sends by itself, beside what
 * its page sends: media, and the acknowledgements of a data channel's
 * messages, which its network thread sends while its page is busy.
 */
export function transportBytesReceived(report: StatsSnapshot): number | null {
  let total: number | null = null;
  report.forEach((value) => {
    const { type, bytesReceived } = value as { type?: string; bytesReceived?: unknown };
    if (type === 'transport' && typeof bytesReceived === 'number') total = (total ?? 0) + bytesReceived;
  });
  return total;
}

export interface LinkFigures {
  /** Milliseconds between the two snapshots; 0 when there was no earlier one. */
  intervalMs: number;
  /** Received video: frames decoded per second, and the size of the last frame. */
  videoFrameRate: number | null;
  videoWidth: number | null;
  videoHeight: number | null;
  /** Media bits per second received from and sent to this member (audio and video, RTP payload and headers). */
  bitrateInBps: number | null;
  bitrateOutBps: number | null;
  /** Packets from this member lost over the interval, as a percentage of those expected. */
  packetLossPercent: number | null;
  /** The selected candidate pair's current round trip, else the one the member's reports give. */
  roundTripTimeMs: number | null;
  /** Interarrival jitter of what we receive (video if any, else audio). */
  jitterMs: number | null;
  /** Loudness of the member's sound as played here over the interval (RMS, 0..1). */
  audioLevel: number | null;
  /** Average time to decode one received video frame over the interval. */
  decodeMsPerFrame: number | null;
  /** Average time a received video frame waited in the jitter buffer over the interval. */
  jitterBufferMsPerFrame: number | null;
  /** Our own microphone's loudness over the interval (RMS, 0..1), from what we send. */
  sentAudioLevel: number | null;
  /** Our own camera as captured: frames per second and size. */
  sentFrameRate: number | null;
  sentWidth: number | null;
  sentHeight: number | null;
}

/** What we send, summed over every link. */
export interface LocalStats {
  bitrateOutBps: number | null;
  frameRate: number | null;
  width: number | null;
  height: number | null;
  audioLevel: number | null;
}

export type ConnectionQuality = 'good' | 'fair' | 'poor';

/**
 * Where the quality indicator changes. The first limit crossed decides:
 * a link is only as good as its worst figure.
 * - Round trip: conversation stays natural below 150 ms and breaks down
 *   (people talk over each other) beyond 400 ms.
 * - Packet loss: up to 1% is hidden by concealment and retransmission;
 *   beyond 5% video freezes and sound breaks up.
 * - Frame rate: only when the member's camera is on. Capture asks for 30
 *   fps, but cameras in dim light and busy senders (which trade frame rate
 *   for resolution) often give 10–20, which still looks like video; below
 *   8 fps motion is jerky, below 3 fps the picture is close to frozen.
 * Bitrate and jitter are shown but do not grade the link: the bitrate a
 * link needs depends on the picture and the quality preset, and jitter is
 * absorbed by the jitter buffer (its cost shows as delay in the overlay).
 */
export const qualityThresholds = {
  fair: { roundTripTimeMs: 150, packetLossPercent: 1, videoFrameRate: 8 },
  poor: { roundTripTimeMs: 400, packetLossPercent: 5, videoFrameRate: 3 },
} as const;

/** Grades a link from its figures; `expectVideo` false when the member's camera is off. */
export function connectionQuality(figures: LinkFigures, expectVideo = true): ConnectionQuality {
  const worse = (limits: (typeof qualityThresholds)['fair' | 'poor']): boolean =>
    (figures.roundTripTimeMs !== null && figures.roundTripTimeMs > limits.roundTripTimeMs) ||
    (figures.packetLossPercent !== null && figures.packetLossPercent > limits.packetLossPercent) ||
    (expectVideo && figures.videoFrameRate !== null && figures.videoFrameRate < limits.videoFrameRate);
  if (worse(qualityThresholds.poor)) return 'poor';
  if (worse(qualityThresholds.fair)) return 'fair';
  return 'good';
}

type Entry = Record<string, unknown>;

function number(entry: Entry | undefined, key: string): number | null {
  const value = entry?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function entriesOf(report: StatsSnapshot, type: string, kind?: string): Array<[string, Entry]> {
  const found: Array<[string, Entry]> = [];
  report.forEach((value, id) => {
    const entry = value as Entry;
    if (entry.type === type && (kind === undefined || entry.kind === kind)) found.push([id, entry]);
  });
  return found;
}

/** The same stats object in the earlier snapshot, if it is there. */
function before(previous: StatsSnapshot | null, id: string): Entry | undefined {
  return previous?.get(id) as Entry | undefined;
}

/** How much a counter grew; null if either side lacks it or it went back (a new stream). */
function growth(previous: Entry | undefined, current: Entry, key: string): number | null {
  const [then, now] = [number(previous, key), number(current, key)];
  if (then === null || now === null || now < then) return null;
  return now - then;
}

function sum(values: Array<number | null>): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length ? known.reduce((total, value) => total + value, 0) : null;
}

function latestTimestamp(report: StatsSnapshot): number | null {
  let latest: number | null = null;
  report.forEach((value) => {
    const timestamp = number(value as Entry, 'timestamp');
    if (timestamp !== null && (latest === null || timestamp > latest)) latest = timestamp;
  });
  return latest;
}

/**
 * Loudness over the interval from the total energy and duration counters
 * (RMS), which takes in every sample; the instantaneous audioLevel is a
 * decaying peak that misses short sounds between two polls.
 */
function loudness(previous: Entry | undefined, current: Entry): number | null {
  const energy = growth(previous, current, 'totalAudioEnergy');
  const duration = growth(previous, current, 'totalSamplesDuration');
  if (energy !== null && duration !== null && duration > 0) return Math.min(1, Math.sqrt(energy / duration));
  return number(current, 'audioLevel');
}

/** Bits per second from the byte counters of a set of RTP streams. */
function bitrate(
  previous: StatsSnapshot | null,
  streams: Array<[string, Entry]>,
  key: 'bytesReceived' | 'bytesSent',
  seconds: number,
): number | null {
  if (seconds <= 0) return null;
  const bytes = sum(
    streams.map(([id, entry]) => {
      const grown = growth(before(previous, id), entry, key);
      const headers = growth(
        before(previous, id),
        entry,
        key === 'bytesSent' ? 'headerBytesSent' : 'headerBytesReceived',
      );
      return grown === null ? null : grown + (headers ?? 0);
    }),
  );
  return bytes === null ? null : Math.round((bytes * 8) / seconds);
}

/**
 * Packets lost as a share of those expected, over the streams whose counters
 * both snapshots have. Duplicates can make a lost count go down: no loss.
 */
function lossPercent(previous: StatsSnapshot, streams: Array<[string, Entry]>): number | null {
  let [received, lost, known] = [0, 0, false];
  for (const [id, entry] of streams) {
    const arrived = growth(before(previous, id), entry, 'packetsReceived');
    if (arrived === null) continue;
    known = true;
    received += arrived;
    lost += growth(before(previous, id), entry, 'packetsLost') ?? 0;
  }
  if (!known) return null;
  return received + lost > 0 ? (lost / (received + lost)) * 100 : 0;
}

function roundTripMs(report: StatsSnapshot): number | null {
  const transport = entriesOf(report, 'transport').find(
    ([, entry]) => typeof entry.selectedCandidatePairId === 'string',
  );
  const selectedId = transport?.[1].selectedCandidatePairId;
  const pairs = entriesOf(report, 'candidate-pair');
  const pair =
    pairs.find(([id]) => id === selectedId)?.[1] ??
    pairs.find(
      ([, entry]) => entry.selected === true || (entry.nominated === true && entry.state === 'succeeded'),
    )?.[1];
  const current = number(pair, 'currentRoundTripTime');
  if (current !== null) return current * 1000;
  const remote = entriesOf(report, 'remote-inbound-rtp')
    .map(([, entry]) => number(entry, 'roundTripTime'))
    .filter((value): value is number => value !== null);
  return remote.length ? Math.max(...remote) * 1000 : null;
}

/** Figures for the interval between `previous` (null for the first snapshot) and `current`. */
export function linkFigures(previous: StatsSnapshot | null, current: StatsSnapshot): LinkFigures {
  const [then, now] = [previous && latestTimestamp(previous), latestTimestamp(current)];
  const intervalMs = then !== null && now !== null && now > then ? now - then : 0;
  const seconds = intervalMs / 1000;
  const earlier = intervalMs > 0 ? previous : null;

  const inbound = entriesOf(current, 'inbound-rtp');
  const outbound = entriesOf(current, 'outbound-rtp');
  // With more than one incoming video (camera and screen), figures describe the busiest.
  const video = entriesOf(current, 'inbound-rtp', 'video').sort(
    ([, a], [, b]) => (number(b, 'bytesReceived') ?? 0) - (number(a, 'bytesReceived') ?? 0),
  )[0];
  const audio = entriesOf(current, 'inbound-rtp', 'audio')[0];
  const videoBefore = video && before(earlier, video[0]);
  const perFrame = (total: string, count: string): number | null => {
    if (!video || !videoBefore) return null;
    const [time, frames] = [growth(videoBefore, video[1], total), growth(videoBefore, video[1], count)];
    return time !== null && frames ? (time / frames) * 1000 : null;
  };

  const framesDecoded = video && videoBefore ? growth(videoBefore, video[1], 'framesDecoded') : null;
  const packetLossPercent = earlier ? lossPercent(earlier, inbound) : null;
  const jitterSource = video?.[1] ?? audio?.[1];
  const jitter = number(jitterSource, 'jitter');

  const micSource = entriesOf(current, 'media-source', 'audio')[0];
  const cameraSource = entriesOf(current, 'media-source', 'video')[0];

  return {
    intervalMs,
    videoFrameRate:
      framesDecoded !== null && seconds > 0 ? framesDecoded / seconds : number(video?.[1], 'framesPerSecond'),
    videoWidth: number(video?.[1], 'frameWidth'),
    videoHeight: number(video?.[1], 'frameHeight'),
    bitrateInBps: earlier ? bitrate(earlier, inbound, 'bytesReceived', seconds) : null,
    bitrateOutBps: earlier ? bitrate(earlier, outbound, 'bytesSent', seconds) : null,
    packetLossPercent,
    roundTripTimeMs: roundTripMs(current),
    jitterMs: jitter === null ? null : jitter * 1000,
    audioLevel: audio ? loudness(before(earlier, audio[0]), audio[1]) : null,
    decodeMsPerFrame: perFrame('totalDecodeTime', 'framesDecoded'),
    jitterBufferMsPerFrame: perFrame('jitterBufferDelay', 'jitterBufferEmittedCount'),
    sentAudioLevel: micSource ? loudness(before(earlier, micSource[0]), micSource[1]) : null,
    sentFrameRate: number(cameraSource?.[1], 'framesPerSecond'),
    sentWidth: number(cameraSource?.[1], 'width'),
    sentHeight: number(cameraSource?.[1], 'height'),
  };
}

/** Our own camera and mic as every link reports them; the bitrate is what all links send together. */
export function localStats(links: LinkFigures[]): LocalStats | null {
  if (links.length === 0) return null;
  const first = <K extends keyof LinkFigures>(key: K): LinkFigures[K] | null =>
    links.find((figures) => figures[key] !== null)?.[key] ?? null;
  const sent = links
    .map((figures) => figures.bitrateOutBps)
    .filter((value): value is number => value !== null);
  return {
    bitrateOutBps: sent.length ? sent.reduce((total, value) => total + value, 0) : null,
    frameRate: first('sentFrameRate'),
    width: first('sentWidth'),
    height: first('sentHeight'),
    audioLevel: first('sentAudioLevel'),
  };
}
