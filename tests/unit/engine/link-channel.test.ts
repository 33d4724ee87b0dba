import type { PeerChannel } from '../../../renderer/engine/rendezvous/rendezvous-port.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  LinkChannel,
  PING_INTERVAL_MS,
  SILENCE_LIMIT_MS,
  FIRST_WORD_MS,
  STALLED_BEAT_MS,
  QUIET_MS,
  LIVE_PATH_SILENCE_LIMIT_MS,
  UNDECIDED_SILENCE_LIMIT_MS,
} from '../../../renderer/engine/room/link-channel.js';
import type { QuietProbe } from '../../../renderer/engine/room/path-liveness.js';
import { encode } from '../../../renderer/engine/protocol/validate.js';
import { FakeDataConnection } from './fake-data-connection.js';

const ping = encode({ type: 'ping' });

describe('the link heartbeat', () => {
  let now = 0;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  /** Moves both clocks on by `ms`, one heartbeat at a time (a page that is not stalled). */
  const pass = (ms: number): void => {
    for (let step = 0; step < ms; step += PING_INTERVAL_MS) {
      now += PING_INTERVAL_MS;
      vi.advanceTimersByTime(PING_INTERVAL_MS);
    }
  };

  const openChannel = async (): Promise<{
    connection: FakeDataConnection;
    channel: LinkChannel;
    interruptions: string[];
  }> => {
    const connection = new FakeDataConnection();
    const channel = new LinkChannel(connection as unknown as PeerChannel, connection.peer, () => {});
    const interruptions: string[] = [];
    channel.on('interrupted', (reason) => interruptions.push(reason));
    await Promise.resolve(); // the already-open connection opens the channel in a microtask
    return { connection, channel, interruptions };
  };

  it('pings every interval and declares a silent peer dead once the silence limit has passed', async () => {
    const { connection, channel, interruptions } = await openChannel();
    connection.deliver(ping);
    pass(SILENCE_LIMIT_MS);
    expect(connection.sent.length).toBe(SILENCE_LIMIT_MS / PING_INTERVAL_MS);
    expect(interruptions).toEqual([]);
    pass(PING_INTERVAL_MS);
    expect(interruptions).toEqual([`nothing heard for ${SILENCE_LIMIT_MS / 1000} s`]);
    expect(channel.isOpen).toBe(false);
    channel.close();
  });

  it('gives a new connection time for its first word before judging it silent', async () => {
    const { channel, interruptions } = await openChannel();
    // The peer may be holding us, unanswered, while word of our admission reaches it.
    pass(FIRST_WORD_MS - PING_INTERVAL_MS);
    expect(interruptions).toEqual([]);
    pass(2 * PING_INTERVAL_MS);
    expect(interruptions).toEqual([`the member said nothing for ${FIRST_WORD_MS / 1000} s`]);
    channel.close();
  });

  it('keeps a peer that pings alive for as long as it does', async () => {
    const { connection, channel, interruptions } = await openChannel();
    for (let beat = 0; beat < 20; beat++) {
      pass(PING_INTERVAL_MS);
      connection.deliver(ping);
    }
    expect(interruptions).toEqual([]);
    expect(channel.isOpen).toBe(true);
    channel.close();
  });

  it('does not blame the peer for silence while our own page was stalled', async () => {
    const { connection, channel, interruptions } = await openChannel();
    // Our timers do not run for longer than the silence limit; the peer's pings wait to be read.
    now += SILENCE_LIMIT_MS + STALLED_BEAT_MS;
    vi.advanceTimersByTime(PING_INTERVAL_MS);
    expect(interruptions).toEqual([]);
    connection.deliver(ping);
    pass(PING_INTERVAL_MS);
    expect(interruptions).toEqual([]);
    // A peer that stays silent after the stall is still found dead.
    pass(SILENCE_LIMIT_MS);
    expect(interruptions).toHaveLength(1);
    channel.close();
  });

  describe("with a probe of the member's media", () => {
    /**
     * A probe whose answer the test sets: whether bytes still come from the
     * member, and whether its samples have come back (a slow getStats).
     */
    const probeSaying = (media: { arrives: boolean; answered?: boolean }) => {
      const asked = { samples: 0, resets: 0 };
      const probe: QuietProbe = {
        sample: () => void asked.samples++,
        alive: () => media.arrives,
        decided: () => media.answered ?? true,
        reset: () => void asked.resets++,
      };
      return { probe, asked };
    };
    const openProbed = async (probe: QuietProbe) => {
      const connection = new FakeDataConnection();
      const channel = new LinkChannel(connection as unknown as PeerChannel, connection.peer, () => {}, probe);
      const interruptions: string[] = [];
      channel.on('interrupted', (reason) => interruptions.push(reason));
      await Promise.resolve();
      connection.deliver(ping);
      return { connection, channel, interruptions };
    };

    it('waits for a quiet member from whom bytes still come, and hears it again', async () => {
      const media = { arrives: true };
      const { probe, asked } = probeSaying(media);
      const { connection, channel, interruptions } = await openProbed(probe);
      pass(QUIET_MS);
      expect(asked.samples).toBe(0);
      pass(LIVE_PATH_SILENCE_LIMIT_MS - QUIET_MS - PING_INTERVAL_MS);
      expect(asked.samples).toBeGreaterThan(0);
      expect(interruptions).toEqual([]);
      connection.deliver(ping);
      // Once as the connection was wired, once as the member was heard again.
      expect(asked.resets).toBe(2);
      pass(PING_INTERVAL_MS);
      expect(channel.isOpen).toBe(true);
      channel.close();
    });

    it('finds a member gone in the usual time once its media stops too', async () => {
      const { probe } = probeSaying({ arrives: false });
      const { channel, interruptions } = await openProbed(probe);
      pass(SILENCE_LIMIT_MS + PING_INTERVAL_MS);
      expect(interruptions).toEqual([`nothing heard for ${SILENCE_LIMIT_MS / 1000} s`]);
      channel.close();
    });

    it('waits for a probe that has not answered yet, and finds the member gone once it says so', async () => {
      const media = { arrives: false, answered: false };
      const { probe } = probeSaying(media);
      const { channel, interruptions } = await openProbed(probe);
      pass(SILENCE_LIMIT_MS + PING_INTERVAL_MS);
      expect(interruptions).toEqual([]);
      media.answered = true;
      pass(PING_INTERVAL_MS);
      expect(interruptions).toEqual([`nothing heard for ${SILENCE_LIMIT_MS / 1000} s`]);
      channel.close();
    });

    it('waits for an unanswering probe only so long: a dead path is still found in seconds', async () => {
      const { probe } = probeSaying({ arrives: false, answered: false });
      const { channel, interruptions } = await openProbed(probe);
      pass(UNDECIDED_SILENCE_LIMIT_MS);
      expect(interruptions).toEqual([]);
      pass(PING_INTERVAL_MS);
      expect(interruptions).toEqual([
        `nothing heard for ${Math.round((UNDECIDED_SILENCE_LIMIT_MS + PING_INTERVAL_MS) / 1000)} s, and its connections could not be read in time`,
      ]);
      channel.close();
    });

    it('after our own page stalled, samples afresh before judging the member', async () => {
      const { probe, asked } = probeSaying({ arrives: false });
      const { channel, interruptions } = await openProbed(probe);
      pass(SILENCE_LIMIT_MS - PING_INTERVAL_MS);
      const resets = asked.resets;
      // Our timers stand still past the silence limit: the probe's samples are of before.
      now += STALLED_BEAT_MS + PING_INTERVAL_MS;
      vi.advanceTimersByTime(PING_INTERVAL_MS);
      expect(asked.resets).toBe(resets + 1);
      expect(interruptions).toEqual([]);
      // Silence counts from just quiet: the member gets the rest of the limit, sampled again.
      pass(SILENCE_LIMIT_MS - QUIET_MS);
      expect(interruptions).toEqual([]);
      pass(PING_INTERVAL_MS);
      expect(interruptions).toHaveLength(1);
      channel.close();
    });

    it('gives up on a member silent for too long, whatever its media does', async () => {
      const { probe } = probeSaying({ arrives: true });
      const { channel, interruptions } = await openProbed(probe);
      pass(LIVE_PATH_SILENCE_LIMIT_MS);
      expect(interruptions).toEqual([]);
      pass(PING_INTERVAL_MS);
      expect(interruptions).toHaveLength(1);
      expect(interruptions[0]).toMatch(
        /^nothing heard for 1[56] s, though its connections carried bytes for a while$/,
      );
      channel.close();
    });
  });

  it('drops a message of a type this build does not know, with a reason, and the link goes on', async () => {
    // What a member of an earlier build does with `chat` from a newer one, should one ever come.
    const connection = new FakeDataConnection();
    const logged: string[] = [];
    const channel = new LinkChannel(connection as unknown as PeerChannel, connection.peer, (line) =>
      logged.push(line),
    );
    const messages: string[] = [];
    channel.on('message', (message) => messages.push(message.type));
    const interruptions: string[] = [];
    channel.on('interrupted', (reason) => interruptions.push(reason));
    await Promise.resolve();
    connection.deliver(JSON.stringify({ v: 1, type: 'poll', id: 'p1', question: 'Lunch?' }));
    connection.deliver(encode({ type: 'bye' }));
    expect(logged).toEqual([expect.stringMatching(/dropped a message .*unknown message type "poll"/)]);
    expect(messages).toEqual(['bye']);
    pass(PING_INTERVAL_MS);
    expect(interruptions).toEqual([]);
    expect(channel.isOpen).toBe(true);
    channel.close();
  });
});
