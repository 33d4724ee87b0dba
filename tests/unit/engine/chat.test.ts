/**
 * The room's chat between real sessions (room-harness.ts): to everyone and
 * to one member, the history a late joiner gets (without anyone's direct
 * messages, each line once), what is refused, and a member of an earlier
 * build, which is sent no chat at all.
 */
import { describe, expect, it, vi } from 'vitest';
import { keeperPeerId, memberPeerId } from '../../../renderer/engine/names.js';
import {
  CHAT_HISTORY_LIMIT,
  MAX_CHAT_BYTES,
  MAX_MESSAGE_LENGTH,
  type ChatEntry,
} from '../../../renderer/engine/protocol/messages.js';
import { encode, parsePeerMessage } from '../../../renderer/engine/protocol/validate.js';
import {
  historyChunks,
  RoomChat,
  type ChatLine,
  type ChatLink,
} from '../../../renderer/engine/room/room-chat.js';
import { Roster } from '../../../renderer/engine/room/roster.js';
import { rawMember } from './raw-member.js';
import { join, pass, ROOM, useRoomHarness, type Member } from './room-harness.js';

const harness = useRoomHarness();
const member = harness.member;

/** Every member's chat as its session last told it. */
const chatLines = new Map<Member, readonly ChatLine[]>();
const lines = (m: Member): readonly ChatLine[] => chatLines.get(m) ?? [];
const texts = (m: Member): string[] => lines(m).map((line) => line.text);

/** A member whose chat lines the test can read. */
function chatting(name: string): Member {
  const m = member(name);
  m.session.on('chat', (all) => chatLines.set(m, all));
  return m;
}

/** Everyone joins, in this order, and links to everyone. */
async function room<const Names extends string[]>(...people: Names): Promise<{ [K in keyof Names]: Member }> {
  const members = people.map(chatting) as { [K in keyof Names]: Member };
  for (const m of members) await join(m);
  await pass(500);
  return members;
}

const peerIdOf = (name: string): string => memberPeerId(ROOM, name);

describe('chat to everyone', () => {
  it('reaches every member once, shown with its sender and time, and as ours to the sender', async () => {
    const [ann, ben, cal] = await room('Ann', 'Ben', 'Cal');
    const arrived: ChatLine[] = [];
    ben.session.on('chat-arrived', (fresh) => arrived.push(...fresh));
    vi.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-30T08:00:00Z'));
    ann.session.sendChat('Hello, room', null);
    await pass(100);
    for (const m of [ben, cal]) {
      expect(lines(m)).toEqual([
        expect.objectContaining({
          from: peerIdOf('Ann'),
          name: 'Ann',
          text: 'Hello, room',
          to: null,
          mine: false,
          sentAt: Date.parse('2026-11-30T08:00:00Z'),
        }),
      ]);
    }
    expect(lines(ann)).toEqual([expect.objectContaining({ text: 'Hello, room', mine: true, to: null })]);
    expect(arrived.map((line) => line.text)).toEqual(['Hello, room']);
  });
});

describe('a direct message', () => {
  it('reaches its one recipient and nobody else', async () => {
    const [ann, ben, cal] = await room('Ann', 'Ben', 'Cal');
    ann.session.sendChat('Just for you, Ben', peerIdOf('Ben'));
    await pass(100);
    expect(lines(ben)).toEqual([
      expect.objectContaining({ text: 'Just for you, Ben', from: peerIdOf('Ann'), to: peerIdOf('Ben') }),
    ]);
    expect(lines(ann)).toEqual([expect.objectContaining({ mine: true, to: peerIdOf('Ben') })]);
    expect(lines(cal)).toEqual([]);
  });

  it('is refused, and not shown, when its recipient is not in the room', async () => {
    const [ann] = await room('Ann', 'Ben');
    expect(() => ann.session.sendChat('hello?', peerIdOf('Zed'))).toThrow(
      expect.objectContaining({ code: 'chat-unreachable' }),
    );
    expect(lines(ann)).toEqual([]);
  });
});

describe('a member who arrives later', () => {
  it("sees the room's earlier messages once each, in order, and nobody's direct messages", async () => {
    const [ann, ben] = await room('Ann', 'Ben');
    ann.session.sendChat('one', null);
    await pass(20);
    ben.session.sendChat('two', null);
    await pass(20);
    ann.session.sendChat('a secret for Ben', peerIdOf('Ben'));
    ben.session.sendChat('a secret for Ann', peerIdOf('Ann'));
    await pass(100);
    const dee = chatting('Dee');
    await join(dee);
    await pass(500);
    // Ann and Ben both gave Dee the history: each line shows once.
    expect(texts(dee)).toEqual(['one', 'two']);
    expect(lines(dee).map((line) => line.name)).toEqual(['Ann', 'Ben']);
    // What Dee says now reaches everyone as usual.
    dee.session.sendChat('hi, I am late', null);
    await pass(100);
    expect(texts(ann)).toEqual(['one', 'two', 'a secret for Ben', 'a secret for Ann', 'hi, I am late']);
  });

  it('gets a full history of the longest messages whole, within the size and rate limits', async () => {
    const [ann] = await room('Ann', 'Ben');
    const long = (index: number): string => `${index} `.padEnd(MAX_CHAT_BYTES, 'x');
    for (let index = 0; index < CHAT_HISTORY_LIMIT + 20; index++) ann.session.sendChat(long(index), null);
    await pass(3000);
    const dee = chatting('Dee');
    await join(dee);
    await pass(2000);
    // The last 200 of 220: what each member passes on.
    expect(lines(dee)).toHaveLength(CHAT_HISTORY_LIMIT);
    expect(lines(dee)[0]?.text).toBe(long(20));
  });

  it('when everyone has left, there is nothing: the conversation went with them', async () => {
    const [ann] = await room('Ann');
    ann.session.sendChat('anyone?', null);
    ann.session.leave();
    await pass(500);
    const ben = chatting('Ben');
    await join(ben);
    await pass(500);
    expect(lines(ben)).toEqual([]);
    expect(lines(ann)).toEqual([]);
  });
});

describe('a link interrupted and back', () => {
  it('brings the member what was said while it was away, and not the whole history again', async () => {
    const [ann, ben, cal] = await room('Ann', 'Ben', 'Cal');
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    ann.session.sendChat('long before', null);
    await pass(100);
    now.mockReturnValue(1_010_000);
    const benPeer = ben.peers[0];
    if (!benPeer) throw new Error('Ben has no member peer');
    // What Ann sends Ben on his new channel (he is the newer member: he dials again).
    const historyToBen: string[][] = [];
    const connect = benPeer.connect.bind(benPeer);
    vi.spyOn(benPeer, 'connect').mockImplementation((peerId, options) => {
      const channel = connect(peerId, options);
      channel.on('data', (data) => {
        const message = JSON.parse(String(data)) as { type: string; messages?: Array<{ text: string }> };
        if (message.type === 'chat-history') historyToBen.push(message.messages?.map((m) => m.text) ?? []);
      });
      return channel;
    });
    // Ben's side of his link to Ann dies; what Ann sends at that moment dies with it. (Ann
    // keeps the room: his link to her is the connection he asked to join on, to the room's id.)
    for (const channel of benPeer.channels)
      if (channel.peer === peerIdOf('Ann') || channel.peer === keeperPeerId(ROOM)) channel.close();
    ann.session.sendChat('while Ben was away', null);
    cal.session.sendChat('Cal, meanwhile', null);
    await pass(5000);
    expect(ben.session.participants().every((participant) => participant.status === 'connected')).toBe(true);
    expect(texts(ben)).toEqual(['long before', 'Cal, meanwhile', 'while Ben was away']);
    expect(historyToBen).toEqual([['while Ben was away', 'Cal, meanwhile']]);
  });
});

describe('what is refused', () => {
  it('refuses to send an empty message, or one over 4 KiB of UTF-8', async () => {
    const [ann, ben] = await room('Ann', 'Ben');
    expect(() => ann.session.sendChat('  \n ', null)).toThrow(
      expect.objectContaining({ code: 'chat-invalid' }),
    );
    // 2,049 two-byte characters: under 4,096 characters, over 4,096 bytes.
    expect(() => ann.session.sendChat('é'.repeat(2049), null)).toThrow(/longer than 4096 bytes/);
    ann.session.sendChat('é'.repeat(2048), null);
    await pass(100);
    expect(lines(ben).map((line) => line.text.length)).toEqual([2048]);
  });

  it('refuses chat before joining', () => {
    expect(() => chatting('Ann').session.sendChat('hi', null)).toThrow(
      expect.objectContaining({ code: 'not-joined' }),
    );
  });
});

describe('a member of an earlier build', () => {
  it('is sent no chat and no history, while the others chat as usual', async () => {
    const [ann, ben] = await room('Ann', 'Ben');
    ann.session.sendChat('before the older member came', null);
    await pass(100);
    // It says hello without the chat feature.
    const older = await rawMember(harness, 'Old', { features: ['media-renew'], publishing: false });
    await pass(1000);
    expect(ben.session.participants().find((p) => p.name === 'Old')?.status).toBe('connected');
    ann.session.sendChat('after', null);
    expect(() => ann.session.sendChat('psst', peerIdOf('Old'))).toThrow(/older and has no chat/);
    await pass(200);
    const types = older.received.map((text) => (JSON.parse(text) as { type: string }).type);
    expect(types).toContain('hello');
    expect(types.filter((type) => type.startsWith('chat'))).toEqual([]);
    expect(texts(ben)).toEqual(['before the older member came', 'after']);
    older.stop();
  });
});

describe('the chat of one member, alone', () => {
  const entry = (id: string, name: string, sentAt: number, text = id): ChatEntry => ({
    id: id.padEnd(8, '0'),
    from: peerIdOf(name),
    name,
    sentAt,
    text,
  });

  function alone(): { chat: RoomChat; logged: string[]; arrived: number[] } {
    const roster = new Roster();
    roster.me = { peerId: peerIdOf('Ann'), name: 'Ann', order: 0 };
    roster.others.admit({ peerId: peerIdOf('Ben'), name: 'Ben', order: 1 });
    const logged: string[] = [];
    const chat = new RoomChat(
      { roomId: ROOM, roster, log: (message) => logged.push(message) },
      { get: () => undefined, all: () => [] },
    );
    const arrived: number[] = [];
    chat.on('arrived', (fresh) => arrived.push(fresh.length));
    return { chat, logged, arrived };
  }

  it('shows a history once however often it comes, merged by time without moving what is shown', () => {
    const { chat, arrived } = alone();
    chat.received(peerIdOf('Ben'), {
      v: 1,
      type: 'chat',
      id: 'live0000',
      sentAt: 50,
      text: 'live',
      direct: false,
    });
    const history = {
      v: 1,
      type: 'chat-history' as const,
      // The same line twice in one history counts once too.
      messages: [entry('a', 'Ann', 10), entry('b', 'Cal', 100), entry('b', 'Cal', 100)],
    };
    chat.received(peerIdOf('Ben'), history);
    chat.received(peerIdOf('Ben'), history);
    expect(chat.messages.map((line) => line.text)).toEqual(['a', 'live', 'b']);
    // Ann's own line from history is hers, and not news to her.
    expect(chat.messages.map((line) => line.mine)).toEqual([true, false, false]);
    expect(arrived).toEqual([1, 1]);
  });

  it('drops a history line whose name is not the one its sender id encodes', () => {
    const { chat, logged } = alone();
    chat.received(peerIdOf('Ben'), {
      v: 1,
      type: 'chat-history',
      messages: [{ ...entry('forged', 'Cal', 1), name: 'Dee' }, entry('fine', 'Cal', 2)],
    });
    expect(chat.messages.map((line) => line.id)).toEqual(['fine0000']);
    expect(logged).toEqual([expect.stringMatching(/name and id disagree/)]);
  });

  it('ignores chat from a peer not in the roster', () => {
    const { chat } = alone();
    chat.received(peerIdOf('Zed'), {
      v: 1,
      type: 'chat',
      id: 'zzzzzzzz',
      sentAt: 1,
      text: 'hi',
      direct: false,
    });
    expect(chat.messages).toEqual([]);
  });
});

describe('what a member is sent after its hello', () => {
  function sentTo(): { link: ChatLink; histories: string[][] } {
    const histories: string[][] = [];
    const link: ChatLink = {
      peerId: peerIdOf('Ben'),
      isOpen: true,
      offers: (feature) => feature === 'chat',
      send: (message) => {
        if (message.type === 'chat-history') histories.push(message.messages.map((entry) => entry.text));
      },
    };
    return { link, histories };
  }

  it('is the whole history when the member is new to us, and what arrived since a blip began when not', () => {
    const roster = new Roster();
    roster.me = { peerId: peerIdOf('Ann'), name: 'Ann', order: 0 };
    roster.others.admit({ peerId: peerIdOf('Ben'), name: 'Ben', order: 1 });
    const { link, histories } = sentTo();
    const chat = new RoomChat(
      { roomId: ROOM, roster, log: () => {} },
      { get: () => link, all: () => [link] },
    );
    const now = vi.spyOn(Date, 'now');
    now.mockReturnValue(1_000_000);
    chat.send('old', null);
    chat.send('private', peerIdOf('Ben'));
    now.mockReturnValue(2_000_000);
    chat.send('new', null);
    histories.length = 0;
    chat.helloFrom(link, null);
    chat.helloFrom(link, 2_000_000);
    // Neither ever holds the direct message.
    expect(histories).toEqual([['old', 'new'], ['new']]);
    chat.helloFrom(link, 3_000_000);
    expect(histories).toHaveLength(2);
  });
});

describe('history messages', () => {
  it('split a full history of the longest texts into messages a receiver accepts', () => {
    // Escaped control characters are the worst case: six characters of JSON for one byte of text.
    const entries = Array.from({ length: CHAT_HISTORY_LIMIT }, (_, index) => ({
      id: `id${index}`.padEnd(8, '0'),
      from: peerIdOf('Ann'),
      name: 'Ann',
      sentAt: index,
      text: `${index}`.padEnd(MAX_CHAT_BYTES, '\u0001'),
    }));
    const chunks = historyChunks(entries);
    expect(chunks.flat()).toEqual(entries);
    for (const messages of chunks) {
      const text = encode({ type: 'chat-history', messages });
      expect(text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      expect(parsePeerMessage(text).ok).toBe(true);
    }
    // Well within the link's burst of 400 messages.
    expect(chunks.length).toBeLessThanOrEqual(CHAT_HISTORY_LIMIT);
  });
});
