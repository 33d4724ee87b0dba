import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MediaState } from '../../../renderer/engine/protocol/messages.js';
import type { Participant } from '../../../renderer/engine/room/participants.js';
import {
  StatsMonitor,
  type MemberStats,
  type StatsSource,
} from '../../../renderer/engine/room/stats-monitor.js';

const publishing: MediaState = { publishing: true, audioMuted: false, videoMuted: false };

function participant(peerId: string, isLocal: boolean, media: MediaState = publishing): Participant {
  return {
    peerId,
    name: peerId,
    order: 0,
    isLocal,
    isKeeper: false,
    status: 'connected',
    media,
    relayed: false,
    problem: null,
    stream: null,
    screen: null,
  };
}

/**
 * A stand-in RTCPeerConnection whose counters grow by a fixed step a second:
 * 25 frames, 100 kB in and out, the member's sound as played here and ours at
 * the given loudness (RMS). Its one audio receiver reports the level the
 * member's packets carry (by default the same loudness; null when the packets
 * carry none), with a new packet at every reading.
 */
class FakeConnection {
  connectionState: RTCPeerConnectionState = 'connected';
  polls = 0;
  /** Readings of the packets' level (getSynchronizationSources calls). */
  levelReads = 0;
  /** Passes over the reports getStats gave. */
  reportPasses = 0;

  constructor(
    private readonly clock: () => number,
    /** The member's sound as played here; a test may change it. */
    public level: number,
    private readonly micLevel: number,
    private readonly rtpLevel: number | null = level,
  ) {}

  getReceivers(): RTCRtpReceiver[] {
    const audio = {
      track: { kind: 'audio' },
      getSynchronizationSources: (): RTCRtpSynchronizationSource[] => {
        this.levelReads++;
        return [
          {
            source: 1,
            timestamp: this.clock(),
            rtpTimestamp: this.clock() * 48,
            ...(this.rtpLevel === null ? {} : { audioLevel: this.rtpLevel }),
          },
        ];
      },
    };
    const video = { track: { kind: 'video' }, getSynchronizationSources: () => [] };
    return [audio, video] as unknown as RTCRtpReceiver[];
  }

  getStats(): Promise<RTCStatsReport> {
    this.polls++;
    const seconds = this.clock() / 1000;
    const entries: Array<[string, object]> = [
      ['CP', { type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.002 }],
      [
        'IV',
        {
          type: 'inbound-rtp',
          kind: 'video',
          bytesReceived: 90_000 * seconds,
          packetsReceived: 100 * seconds,
          packetsLost: 0,
          framesDecoded: 25 * seconds,
          frameWidth: 640,
          frameHeight: 360,
        },
      ],
      [
        'IA',
        {
          type: 'inbound-rtp',
          kind: 'audio',
          bytesReceived: 10_000 * seconds,
          packetsReceived: 50 * seconds,
          packetsLost: 0,
          totalAudioEnergy: this.level ** 2 * seconds,
          totalSamplesDuration: seconds,
        },
      ],
      ['OV', { type: 'outbound-rtp', kind: 'video', bytesSent: 100_000 * seconds }],
      [
        'MA',
        {
          type: 'media-source',
          kind: 'audio',
          totalAudioEnergy: this.micLevel ** 2 * seconds,
          totalSamplesDuration: seconds,
        },
      ],
    ];
    const report = new Map(entries.map(([id, entry]) => [id, { ...entry, id, timestamp: this.clock() }]));
    // Counts the passes over the report, each of which costs a browser a fresh copy of every object.
    const forEach = report.forEach.bind(report);
    report.forEach = (...args: Parameters<typeof forEach>) => {
      this.reportPasses++;
      forEach(...args);
    };
    return Promise.resolve(report as unknown as RTCStatsReport);
  }
}

describe('StatsMonitor', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1000);
  });
  afterEach(() => vi.useRealTimers());

  function setUp(
    levels: { bea: number; cal: number; mic: number; beaRtp?: number | null; calRtp?: number | null },
    media: Record<string, MediaState> = {},
  ) {
    const clock = (): number => Date.now();
    const connections = new Map([
      ['bea', new FakeConnection(clock, levels.bea, levels.mic, levels.beaRtp)],
      ['cal', new FakeConnection(clock, levels.cal, levels.mic, levels.calRtp)],
    ]);
    const people = [
      participant('ada', true, media.ada),
      participant('bea', false, media.bea),
      participant('cal', false, media.cal),
    ];
    const source: StatsSource = {
      participants: () => people,
      mediaConnectionTo: (peerId) => connections.get(peerId) as unknown as RTCPeerConnection | undefined,
    };
    const monitor = new StatsMonitor(source, { now: clock });
    const figures: Array<ReadonlyMap<string, MemberStats>> = [];
    const speakers: Array<string | null> = [];
    monitor.on('figures', (value) => figures.push(value));
    monitor.on('speaker', (value) => speakers.push(value));
    return { monitor, connections, figures, speakers, people };
  }

  it('gives every member link’s figures and grade once a second', async () => {
    const { monitor, figures } = setUp({ bea: 0, cal: 0, mic: 0 });
    monitor.start();
    await vi.advanceTimersByTimeAsync(2100);
    monitor.stop();
    const last = figures.at(-1);
    expect([...(last?.keys() ?? [])].sort()).toEqual(['bea', 'cal']);
    const bea = last?.get('bea');
    expect(bea?.quality).toBe('good');
    expect(bea?.figures.videoFrameRate).toBeCloseTo(25);
    expect(bea?.figures.bitrateInBps).toBe(800_000);
    expect(bea?.figures.roundTripTimeMs).toBe(2);
    // The very first round has nothing to compare with: no figures yet.
    expect(figures[0]?.size).toBe(0);
  });

  it('picks the loudest member as the speaker, ourselves included, and never a muted one', async () => {
    const loudCal = setUp({ bea: 0.1, cal: 0.4, mic: 0.05 });
    loudCal.monitor.start();
    await vi.advanceTimersByTimeAsync(2100);
    loudCal.monitor.stop();
    expect(loudCal.speakers.at(-1)).toBe('cal');

    const mutedCal = setUp({ bea: 0.1, cal: 0.4, mic: 0.3 }, { cal: { ...publishing, audioMuted: true } });
    mutedCal.monitor.start();
    await vi.advanceTimersByTimeAsync(2100);
    mutedCal.monitor.stop();
    expect(mutedCal.speakers.at(-1)).toBe('ada');
    expect(mutedCal.speakers).not.toContain('cal');
  });

  it('hears a member whose sound plays muted here from the level its packets carry', async () => {
    // Autoplay was refused for Bea's tile: her sound plays at volume 0, her packets say she speaks.
    const { monitor, speakers, figures } = setUp({ bea: 0, cal: 0, mic: 0, beaRtp: 0.3, calRtp: 0 });
    monitor.start();
    await vi.advanceTimersByTimeAsync(2100);
    monitor.stop();
    expect(figures.at(-1)?.get('bea')?.figures.audioLevel).toBe(0);
    expect(speakers.at(-1)).toBe('bea');
  });

  it('reads the packets’ level only of members not heard in their sound as played here', async () => {
    // Bea is heard playing; Cal plays silent (muted, or not speaking): only Cal's packets are read.
    const { monitor, connections, speakers } = setUp({ bea: 0.3, cal: 0, mic: 0, calRtp: 0.05 });
    monitor.start();
    // The first round has nothing to compare with: until the second, everyone is read.
    await vi.advanceTimersByTimeAsync(1050);
    const [bea, cal] = [connections.get('bea')!, connections.get('cal')!];
    const before = { bea: bea.levelReads, cal: cal.levelReads };
    expect(before.bea).toBeGreaterThan(0);
    await vi.advanceTimersByTimeAsync(2000);
    monitor.stop();
    expect(bea.levelReads).toBe(before.bea);
    expect(cal.levelReads - before.cal).toBeGreaterThanOrEqual(35);
    expect(speakers.at(-1)).toBe('bea');
  });

  it('reads no packets’ level of a connection still being set up, and starts once it is up', async () => {
    // Cal has just joined: its connection is still connecting, no packet can have arrived yet.
    const { monitor, connections } = setUp({ bea: 0, cal: 0, mic: 0, calRtp: 0.2 });
    const cal = connections.get('cal')!;
    cal.connectionState = 'connecting';
    monitor.start();
    await vi.advanceTimersByTimeAsync(1500);
    expect(cal.levelReads).toBe(0);
    expect(connections.get('bea')!.levelReads).toBeGreaterThan(0);
    cal.connectionState = 'connected';
    await vi.advanceTimersByTimeAsync(500);
    monitor.stop();
    expect(cal.levelReads).toBeGreaterThan(0);
  });

  it('reads a member’s packets again once its sound as played here falls silent', async () => {
    const { monitor, connections } = setUp({ bea: 0.3, cal: 0, mic: 0 });
    const bea = connections.get('bea')!;
    monitor.start();
    await vi.advanceTimersByTimeAsync(1050);
    const heard = bea.levelReads;
    await vi.advanceTimersByTimeAsync(900);
    expect(bea.levelReads).toBe(heard);
    // Bea's sound stops playing (autoplay refused after a new track): nothing heard in the next round.
    bea.level = 0;
    await vi.advanceTimersByTimeAsync(1100);
    expect(bea.levelReads).toBeGreaterThan(heard);
    monitor.stop();
  });

  it('reads each statistics report once, however many figures it gives', async () => {
    const { monitor, connections, figures } = setUp({ bea: 0.1, cal: 0, mic: 0 });
    monitor.start();
    await vi.advanceTimersByTimeAsync(4100);
    monitor.stop();
    const bea = connections.get('bea')!;
    expect(bea.polls).toBeGreaterThanOrEqual(3);
    expect(bea.reportPasses).toBe(bea.polls);
    expect(figures.at(-1)?.get('bea')?.figures.videoFrameRate).toBeCloseTo(25);
  });

  it('falls back to the sound as played here when packets carry no level', async () => {
    const { monitor, speakers } = setUp({ bea: 0, cal: 0.3, mic: 0, beaRtp: null, calRtp: null });
    monitor.start();
    await vi.advanceTimersByTimeAsync(2100);
    monitor.stop();
    expect(speakers.at(-1)).toBe('cal');
  });

  it('takes the louder of the sound as played here and the packets’ level', async () => {
    const { monitor, speakers } = setUp({ bea: 0.4, cal: 0.1, mic: 0, beaRtp: 0.1, calRtp: 0.3 });
    monitor.start();
    await vi.advanceTimersByTimeAsync(2100);
    monitor.stop();
    expect(speakers.at(-1)).toBe('bea');
  });

  it('grades a connection that has lost its path poor, whatever its last figures say', async () => {
    const { monitor, connections, figures } = setUp({ bea: 0, cal: 0, mic: 0 });
    monitor.start();
    await vi.advanceTimersByTimeAsync(1100);
    expect(figures.at(-1)?.get('bea')?.quality).toBe('good');
    const bea = connections.get('bea');
    if (bea) bea.connectionState = 'disconnected';
    await vi.advanceTimersByTimeAsync(1000);
    monitor.stop();
    expect(figures.at(-1)?.get('bea')?.quality).toBe('poor');
    expect(figures.at(-1)?.get('cal')?.quality).toBe('good');
  });

  it('stops polling when stopped', async () => {
    const { monitor, connections } = setUp({ bea: 0, cal: 0, mic: 0 });
    monitor.start();
    await vi.advanceTimersByTimeAsync(1100);
    monitor.stop();
    const polls = connections.get('bea')?.polls;
    await vi.advanceTimersByTimeAsync(5000);
    expect(connections.get('bea')?.polls).toBe(polls);
  });

  it('starts a renewed connection’s figures afresh instead of comparing two connections', async () => {
    const { monitor, connections, figures } = setUp({ bea: 0, cal: 0, mic: 0 });
    monitor.start();
    await vi.advanceTimersByTimeAsync(1100);
    connections.set('bea', new FakeConnection(() => Date.now(), 0, 0));
    await vi.advanceTimersByTimeAsync(1000);
    expect(figures.at(-1)?.has('bea')).toBe(false);
    expect(figures.at(-1)?.has('cal')).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    monitor.stop();
    expect(figures.at(-1)?.has('bea')).toBe(true);
  });

  it('changes pace: a slower one from the next round, a faster one at once', async () => {
    const { monitor, connections } = setUp({ bea: 0, cal: 0, mic: 0 });
    const polls = (): number => connections.get('bea')?.polls ?? 0;
    monitor.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(polls()).toBe(1);
    monitor.setIntervalMs(5000);
    // The round already scheduled for one second keeps its time; the one after waits five.
    await vi.advanceTimersByTimeAsync(1000);
    expect(polls()).toBe(2);
    await vi.advanceTimersByTimeAsync(4000);
    expect(polls()).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(polls()).toBe(3);
    // Two seconds into a five-second wait, the overlay opens: the next round comes a second later, not three.
    await vi.advanceTimersByTimeAsync(2000);
    monitor.setIntervalMs(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(polls()).toBe(4);
    await vi.advanceTimersByTimeAsync(1000);
    expect(polls()).toBe(5);
    monitor.stop();
  });

  it('never runs two chains of rounds when the pace changes during a round', async () => {
    const { monitor, connections } = setUp({ bea: 0, cal: 0, mic: 0 });
    // Every reading takes 50 ms, as getStats does on a busy machine; counted as it starts.
    let started = 0;
    for (const [peerId, connection] of connections) {
      const read = connection.getStats.bind(connection);
      connection.getStats = () => {
        if (peerId === 'bea') started++;
        return new Promise((resolve) => setTimeout(resolve, 50)).then(read);
      };
    }
    const polls = (): number => started;
    monitor.start();
    // The second round starts at 1050 ms (the first took 50); at 1060 it is in flight.
    await vi.advanceTimersByTimeAsync(1060);
    expect(polls()).toBe(2);
    monitor.setIntervalMs(500);
    await vi.advanceTimersByTimeAsync(2000);
    monitor.stop();
    // From 1100 ms, a round every 550 ms (500 waited, 50 reading): 1650, 2200, 2750. Two chains would read twice as often.
    expect(polls()).toBe(5);
  });
});
