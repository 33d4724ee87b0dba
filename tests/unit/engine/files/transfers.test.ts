/**
 * File transfers between members' RoomFiles over fake links and fake
 * transfer channels (files-world.ts): chunking and backpressure, acks and
 * resume after a blip, decline, cancel from either side, a damaged file, a
 * receiver leaving, a receiver that cannot hold the file, and a member of an
 * earlier build, which is offered nothing.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  ACK_EVERY_BYTES,
  CHUNK_BYTES,
  FIRST_HIGH_WATER_BYTES,
  HIGH_WATER_BYTES,
  STALL_MS,
  WINDOW_BYTES,
  type TransferView,
} from '../../../../renderer/engine/files/transfer-types.js';
import {
  BLOCK_HASH_FILES_FEATURE,
  FILES_FEATURE,
} from '../../../../renderer/engine/protocol/file-messages.js';
import { FileHash } from '../../../../renderer/engine/files/file-hash.js';
import { fileBytes, memorySource, pass, useFilesWorld, type WorldMember } from './files-world.js';

const world = useFilesWorld();

const MiB = 1024 * 1024;
const only = (member: WorldMember): TransferView => {
  const list = member.files.list();
  expect(list).toHaveLength(1);
  return list[0]!;
};
/** Whether the received file holds exactly `data` (compared as buffers: deep equality over MiBs is slow). */
const holds = async (view: TransferView, data: Uint8Array): Promise<boolean> =>
  view.file !== null && Buffer.from(await view.file.arrayBuffer()).equals(Buffer.from(data));

/** Offers `data` from `from` to `to` (or everyone) and has every receiver accept. */
async function sendAndAccept(
  from: WorldMember,
  data: Uint8Array,
  receivers: WorldMember[],
  to: string | null = null,
): Promise<void> {
  from.files.send([memorySource('data.bin', data)], to);
  await pass(20);
  for (const receiver of receivers) receiver.files.accept(only(receiver).key);
}

describe('a file to everyone', () => {
  it('reaches every member whole, in chunks, with the channel buffer bounded and progress on both sides', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    const cal = world().add('Cal');
    const data = fileBytes(5 * MiB + 12345);
    const offers: TransferView[] = [];
    ben.files.on('offered', (view) => offers.push(view));
    ann.files.send([memorySource('data.bin', data, 'application/x-test')], null);
    await pass(20);
    expect(offers).toEqual([
      expect.objectContaining({
        name: 'data.bin',
        size: data.length,
        mediaType: 'application/x-test',
        state: 'offered',
        peerName: 'Ann',
        direct: false,
      }),
    ]);
    // Nothing moves before an answer.
    expect(world().channels).toEqual([]);
    ben.files.accept(only(ben).key);
    cal.files.accept(only(cal).key);
    await pass(3000);
    // Part-way, both sides showed bytes moving, a rate and the time left.
    const moving = (member: WorldMember): TransferView[] =>
      member.views.flat().filter((view) => view.state === 'active' && view.bytes > 0 && view.rate !== null);
    for (const member of [ann, ben]) {
      expect(moving(member).length).toBeGreaterThan(0);
      const { rate, secondsLeft } = moving(member)[0]!;
      // The fake channel carries 10 MB/s.
      expect(rate).toBeGreaterThan(5e6);
      expect(rate).toBeLessThan(12e6);
      expect(secondsLeft).toBeGreaterThan(0);
    }
    for (const receiver of [ben, cal]) {
      const view = only(receiver);
      expect(view).toMatchObject({ state: 'done', bytes: data.length, problem: null });
      expect(await holds(view, data)).toBe(true);
    }
    expect(ann.files.list().map((view) => [view.peerName, view.state, view.bytes])).toEqual([
      ['Ben', 'done', data.length],
      ['Cal', 'done', data.length],
    ]);
    // Every side shows the file's plain SHA-256, as `sha256sum` would print it.
    const expected = createHash('sha256').update(data).digest('hex');
    const shown = [...ann.files.list(), only(ben), only(cal)].map((view) => view.sha256);
    expect(shown).toEqual([expected, expected, expected, expected]);
    for (const { mine } of world().channels) {
      // Backpressure engaged (the buffer filled past the drain mark) and held (never past the high-water mark).
      expect(mine.peakBuffered).toBeGreaterThan(MiB);
      expect(mine.peakBuffered).toBeLessThanOrEqual(HIGH_WATER_BYTES);
    }
  });

  it('lets a new channel hold 1 MiB waiting until the first acknowledgement, then more, up to 4 MiB', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    const data = fileBytes(12 * MiB);
    await sendAndAccept(ann, data, [ben]);
    await pass(2000);
    expect(only(ben).state).toBe('done');
    const sending = world().channels[0]!.mine;
    // Its first text is the receiver's `resume`: until the next (the first ack), at most FIRST_HIGH_WATER_BYTES wait.
    expect(sending.peakBufferedAfterTexts[1]).toBeGreaterThan(FIRST_HIGH_WATER_BYTES / 2);
    expect(sending.peakBufferedAfterTexts[1]).toBeLessThanOrEqual(FIRST_HIGH_WATER_BYTES);
    expect(sending.peakBuffered).toBeGreaterThan(2 * FIRST_HIGH_WATER_BYTES);
    expect(sending.peakBuffered).toBeLessThanOrEqual(HIGH_WATER_BYTES);
  });

  it('sends no frame larger than a chunk, and acknowledges by offset every MiB and at the end', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    const frames: number[] = [];
    world().tamper = (bytes) => frames.push(bytes.length);
    const data = fileBytes(3 * MiB + 7);
    await sendAndAccept(ann, data, [ben]);
    const acks: number[] = [];
    await pass(10);
    world().channels[0]!.theirs.send = ((send) => (text: string) => {
      const frame = JSON.parse(text) as { type: string; offset?: number };
      if (frame.type === 'ack') acks.push(frame.offset ?? -1);
      send(text);
    })(world().channels[0]!.theirs.send.bind(world().channels[0]!.theirs));
    await pass(2000);
    expect(Math.max(...frames)).toBe(CHUNK_BYTES);
    expect(frames.reduce((sum, length) => sum + length, 0)).toBe(data.length);
    expect(acks).toEqual([ACK_EVERY_BYTES, 2 * ACK_EVERY_BYTES, 3 * ACK_EVERY_BYTES, data.length]);
    expect(only(ben).state).toBe('done');
  });

  it('hashes each byte once on the sender, however many members the file goes to', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    const cal = world().add('Cal');
    const fed = vi.spyOn(FileHash.prototype, 'update');
    const data = fileBytes(3 * MiB + 5);
    await sendAndAccept(ann, data, [ben, cal]);
    await pass(3000);
    expect([only(ben).state, only(cal).state]).toEqual(['done', 'done']);
    // Every member runs in this process: the sender's one hash and each receiver's take the file once each.
    const hashed = fed.mock.calls.reduce((sum, [bytes]) => sum + bytes.length, 0);
    expect(hashed).toBe(3 * data.length);
    fed.mockRestore();
  });

  it('sends an empty file too, checked like any other', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    await sendAndAccept(ann, new Uint8Array(0), [ben]);
    await pass(200);
    expect(only(ben)).toMatchObject({ state: 'done', size: 0 });
    expect(only(ann).state).toBe('done');
  });
});

describe('a member of an earlier build', () => {
  it('is offered nothing, while the others get the file; a file for it alone is refused', async () => {
    const ann = world().add('Ann');
    const old = world().add('Old', { features: ['media-renew', 'chat'] });
    const ben = world().add('Ben');
    await sendAndAccept(ann, fileBytes(1000), [ben]);
    await pass(200);
    expect(old.received).toEqual([]);
    expect(ann.files.list().map((view) => view.peerName)).toEqual(['Ben']);
    expect(() => ann.files.send([memorySource('x.txt', fileBytes(10))], old.peerId)).toThrow(
      /older and cannot receive files/,
    );
  });

  it('leaves a room of only older members with nothing to send to', () => {
    const ann = world().add('Ann');
    world().add('Old', { features: [] });
    expect(() => ann.files.send([memorySource('x.txt', fileBytes(10))], null)).toThrow(
      expect.objectContaining({ code: 'files-unreachable' }),
    );
    expect(ann.files.list()).toEqual([]);
  });
});

describe('a member of the build that hashed files block by block (its hello offers `files`)', () => {
  it('is offered nothing; a file for it alone is refused, saying it needs to update', async () => {
    const ann = world().add('Ann');
    const old = world().add('Old', { features: ['media-renew', 'chat', BLOCK_HASH_FILES_FEATURE] });
    const ben = world().add('Ben');
    await sendAndAccept(ann, fileBytes(1000), [ben]);
    await pass(200);
    expect(old.received).toEqual([]);
    expect(ann.files.list().map((view) => [view.peerName, view.state])).toEqual([['Ben', 'done']]);
    expect(() => ann.files.send([memorySource('x.txt', fileBytes(10))], old.peerId)).toThrow(
      "Old's app is an older version that checks files differently: Old needs to update it to receive files.",
    );
  });

  it('alone in the room with us: the sender is told the others need to update', () => {
    const ann = world().add('Ann');
    world().add('Old', { features: [BLOCK_HASH_FILES_FEATURE] });
    expect(() => ann.files.send([memorySource('x.txt', fileBytes(10))], null)).toThrow(
      'Nobody in the room can receive files from this version of the app: the others need to update it.',
    );
    expect(ann.files.list()).toEqual([]);
  });

  it('has its offers ignored: they could only end as a checksum mismatch', async () => {
    const old = world().add('Old', { features: [BLOCK_HASH_FILES_FEATURE] });
    const ann = world().add('Ann');
    const offers: TransferView[] = [];
    ann.files.on('offered', (view) => offers.push(view));
    old.files.send([memorySource('x.txt', fileBytes(10))], ann.peerId);
    await pass(200);
    expect(ann.received).toHaveLength(1);
    expect(offers).toEqual([]);
    expect(ann.files.list()).toEqual([]);
    expect(world().log).toContain(
      `ignored a file-offer from ${old.peerId}: its hello does not offer ${FILES_FEATURE}`,
    );
  });
});

describe('a member whose hello has not come yet', () => {
  it('is said to be still connecting, not to have an older app', () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    ann.roster.others.update(ben.peerId, { status: 'joining' });
    expect(() => ann.files.send([memorySource('x.txt', fileBytes(1))], ben.peerId)).toThrow(
      'Ben is still connecting: try again in a moment.',
    );
    expect(() => ann.files.send([memorySource('x.txt', fileBytes(1))], null)).toThrow(/still connecting/);
  });
});

describe('a file to one member', () => {
  it('is offered to that member alone, marked direct', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    const cal = world().add('Cal');
    ann.files.send([memorySource('x.txt', fileBytes(10))], ben.peerId);
    await pass(20);
    expect(only(ben)).toMatchObject({ direct: true, state: 'offered' });
    expect(cal.files.list()).toEqual([]);
  });
});

describe('what a sender may not send', () => {
  it('refuses a name that is not a file name, and more files than one send may offer', () => {
    const ann = world().add('Ann');
    world().add('Ben');
    expect(() => ann.files.send([memorySource('a/b.txt', fileBytes(1))], null)).toThrow(
      /"a\/b.txt" cannot be sent: its name must be a file name/,
    );
    const many = Array.from({ length: 51 }, (_, index) => memorySource(`f${index}.txt`, fileBytes(1)));
    expect(() => ann.files.send(many, null)).toThrow(/at most 50 files/);
    expect(ann.files.list()).toEqual([]);
  });
});

describe('declining and refusing', () => {
  it('a declined offer ends on both sides and nothing is dialed', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    ann.files.send([memorySource('x.txt', fileBytes(10))], null);
    await pass(20);
    ben.files.decline(only(ben).key);
    await pass(20);
    expect(only(ben).state).toBe('declined');
    expect(only(ann)).toMatchObject({ state: 'declined', problem: 'Ben declined the file.' });
    expect(world().channels).toEqual([]);
  });

  it('an acceptance given while the link is interrupted is kept, says why, and goes once the link is back', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    ann.files.send([memorySource('x.txt', fileBytes(10))], null);
    await pass(20);
    world().blip(ann, ben);
    ben.files.accept(only(ben).key);
    expect(only(ben)).toMatchObject({
      state: 'active',
      problem: 'Ann is reconnecting: your answer goes once they are back.',
    });
    await pass(500);
    expect(only(ann).state).toBe('offered');
    expect(world().channels).toEqual([]);
    world().restore(ann, ben);
    await pass(500);
    expect(only(ben)).toMatchObject({ state: 'done', problem: null });
    expect(only(ann).state).toBe('done');
  });

  it('a decline given while the link is interrupted reaches the sender once the link is back', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    ann.files.send([memorySource('x.txt', fileBytes(10))], null);
    await pass(20);
    world().blip(ann, ben);
    ben.files.decline(only(ben).key);
    expect(only(ben).state).toBe('declined');
    await pass(500);
    expect(only(ann).state).toBe('offered');
    world().restore(ann, ben);
    await pass(500);
    expect(only(ann)).toMatchObject({ state: 'declined', problem: 'Ben declined the file.' });
    expect(world().channels).toEqual([]);
  });

  it('a file larger than the receiver can hold is refused at once, with the reason on both sides', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben', { limit: MiB });
    ann.files.send([memorySource('big.bin', fileBytes(2 * MiB))], null);
    await pass(20);
    expect(only(ben)).toMatchObject({
      state: 'failed',
      problem: expect.stringMatching(/Too large to receive \(2 MiB\).*1 MiB/),
    });
    expect(only(ann)).toMatchObject({
      state: 'failed',
      problem: 'The file is too large for Ben to receive.',
    });
    expect(world().channels).toEqual([]);
  });
});

describe('cancelling', () => {
  it('by the sender mid-way stops the bytes and tells the receiver, who keeps nothing', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    await sendAndAccept(ann, fileBytes(8 * MiB), [ben]);
    await pass(100);
    expect(only(ben).bytes).toBeGreaterThan(0);
    ann.files.cancel(only(ann).key);
    await pass(500);
    expect(only(ann).state).toBe('cancelled');
    expect(only(ben)).toMatchObject({
      state: 'cancelled',
      problem: 'Ann cancelled the transfer.',
      file: null,
    });
    expect(world().channels[0]!.mine.open).toBe(false);
    expect(world().channels[0]!.theirs.open).toBe(false);
  });

  it('by the receiver mid-way stops the sender', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    await sendAndAccept(ann, fileBytes(8 * MiB), [ben]);
    await pass(100);
    ben.files.cancel(only(ben).key);
    await pass(500);
    expect(only(ben).state).toBe('cancelled');
    expect(only(ann)).toMatchObject({ state: 'cancelled', problem: 'Ben cancelled the transfer.' });
    expect(world().channels).toHaveLength(1);
  });
});

describe('a damaged file', () => {
  it('is caught by the checksum, discarded, and said to be damaged on both sides', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    let flipped = false;
    world().tamper = (bytes) => {
      if (!flipped && bytes.length > 100) {
        bytes[100]! ^= 0xff;
        flipped = true;
      }
    };
    await sendAndAccept(ann, fileBytes(2 * MiB), [ben]);
    await pass(1000);
    expect(only(ben)).toMatchObject({
      state: 'failed',
      file: null,
      problem: expect.stringMatching(/checksum mismatch/),
    });
    expect(only(ann)).toMatchObject({
      state: 'failed',
      problem: 'The file reached Ben damaged (checksum mismatch).',
    });
  });
});

describe('a receiver whose disk fills up', () => {
  it('fails the transfer on both sides with the reason, after writing what it could', async () => {
    const ann = world().add('Ann');
    let written = 0;
    const ben = world().add('Ben', {
      sinks: {
        limit: 1024 ** 4,
        limitText: 'a disk',
        create: () => ({
          write: async (bytes) => {
            await new Promise((resolve) => setTimeout(resolve, 1));
            if (written + bytes.length > MiB) throw new Error('ENOSPC: no space left on device');
            written += bytes.length;
          },
          finish: () => Promise.reject(new Error('never finished')),
          discard: () => {},
        }),
      },
    });
    await sendAndAccept(ann, fileBytes(4 * MiB), [ben]);
    await pass(2000);
    expect(only(ben)).toMatchObject({
      state: 'failed',
      problem: 'The file could not be saved: ENOSPC: no space left on device',
    });
    expect(only(ann)).toMatchObject({ state: 'failed', problem: 'Ben could not receive the file.' });
    expect(written).toBe(MiB);
  });
});

describe('a receiver who leaves mid-transfer', () => {
  it('ends the transfer cleanly on the sender, while another receiver gets the file', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    const cal = world().add('Cal');
    const data = fileBytes(6 * MiB);
    await sendAndAccept(ann, data, [ben, cal]);
    await pass(100);
    world().leave(ben);
    await pass(3000);
    const [toBen, toCal] = ann.files.list();
    expect(toBen).toMatchObject({ peerName: 'Ben', state: 'failed', problem: 'Ben left the room.' });
    expect(toCal).toMatchObject({ peerName: 'Cal', state: 'done' });
    expect(await holds(only(cal), data)).toBe(true);
    // No redial to a member who is gone.
    expect(world().channels.filter((channel) => channel.to === ben.peerId)).toHaveLength(1);
  });
});

describe('a link blip mid-transfer', () => {
  it('pauses the transfer, which resumes from the last acknowledged byte once the link is back', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    const data = fileBytes(12 * MiB + 99);
    await sendAndAccept(ann, data, [ben]);
    await pass(150);
    const heldBefore = only(ben).bytes;
    expect(heldBefore).toBeGreaterThan(0);
    expect(heldBefore).toBeLessThan(data.length);
    world().blip(ann, ben);
    await pass(100);
    expect(only(ann).state).toBe('interrupted');
    expect(only(ben).state).toBe('interrupted');
    const acked = only(ann).bytes;
    const held = only(ben).bytes;
    // The receiver holds at least what it acknowledged; the sender never ran further ahead than its window.
    expect(held).toBeGreaterThanOrEqual(acked);
    const sentOnFirst = world().channels[0]!.mine.bufferedAmount + held;
    expect(sentOnFirst - acked).toBeLessThanOrEqual(WINDOW_BYTES);
    // Nothing is dialed while the link is down.
    await pass(5000);
    expect(world().channels).toHaveLength(1);
    const sentOnSecond: number[] = [];
    const startOfSecond: number[] = [];
    world().tamper = (bytes, index) => {
      if (index !== 1) return;
      if (sentOnSecond.length === 0) startOfSecond.push(...bytes.subarray(0, 8));
      sentOnSecond.push(bytes.length);
    };
    world().restore(ann, ben);
    await pass(5000);
    expect(world().channels).toHaveLength(2);
    // The second channel carried exactly what the receiver did not hold, from where it stopped.
    expect(sentOnSecond.reduce((sum, length) => sum + length, 0)).toBe(data.length - held);
    expect(startOfSecond).toEqual([...data.subarray(held, held + 8)]);
    expect(only(ann).state).toBe('done');
    // What was in flight when the link dropped was sent again, and counted.
    expect(only(ann).resent).toBeGreaterThan(0);
    expect(only(ann).resent).toBeLessThanOrEqual(WINDOW_BYTES);
    expect(await holds(only(ben), data)).toBe(true);
    // The sender logs where it went on from and what that cost (the network lab's resume test reads this).
    const resumes = world().log.filter((line) => line.includes('resuming from byte'));
    expect(resumes).toEqual([
      expect.stringContaining(
        `resuming from byte ${held} (acknowledged ${acked}, sent ${held + only(ann).resent}); ${only(ann).resent} bytes sent again`,
      ),
    ]);
    // Both running hashes went on across the resume, each byte fed once: the file's plain SHA-256.
    const expected = createHash('sha256').update(data).digest('hex');
    expect([only(ann).sha256, only(ben).sha256]).toEqual([expected, expected]);
  });

  it('lets the sender hear of the file received though the link dropped as the receiver said so', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    const data = fileBytes(3 * MiB + 5);
    await sendAndAccept(ann, data, [ben]);
    // Step by a millisecond until the receiver is done: its `received` is then on its way, not yet heard.
    for (let step = 0; step < 10_000 && only(ben).state !== 'done'; step++) await pass(1);
    expect(only(ben).state).toBe('done');
    expect(only(ann).state).not.toBe('done');
    world().blip(ann, ben);
    await pass(100);
    world().restore(ann, ben);
    await pass(3000);
    expect(only(ann)).toMatchObject({ state: 'done', bytes: data.length, problem: null });
    expect(only(ben).state).toBe('done');
    // The receiver took the second offer as the same file, and offered nothing new.
    expect(ben.files.list()).toHaveLength(1);
  });

  it('redials at once when only the transfer channel dropped and the link stayed up', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    const data = fileBytes(6 * MiB);
    await sendAndAccept(ann, data, [ben]);
    await pass(100);
    world().channels[0]!.theirs.close();
    await pass(4000);
    expect(world().channels).toHaveLength(2);
    expect(only(ann).state).toBe('done');
    expect(await holds(only(ben), data)).toBe(true);
  });

  it('waits for the rendezvous server when the link is up but no channel can be dialed, then sends it all', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    const data = fileBytes(2 * MiB);
    world().serverAway = true;
    await sendAndAccept(ann, data, [ben]);
    await pass(30_000);
    expect(only(ann).state).toBe('interrupted');
    expect(world().channels).toEqual([]);
    expect(world().log.filter((line) => line.includes('no rendezvous server'))).toHaveLength(1);
    world().serverAway = false;
    await pass(3000);
    expect(only(ann).state).toBe('done');
    expect(await holds(only(ben), data)).toBe(true);
  });

  it('loses no offer, and no answer, to a blip: the offer is made again and answered as before', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    ann.files.send([memorySource('x.bin', fileBytes(100_000))], null);
    // The offer was on its way when the link dropped.
    world().blip(ann, ben);
    await pass(20);
    expect(ben.files.list()).toEqual([]);
    world().restore(ann, ben);
    await pass(20);
    expect(only(ben).state).toBe('offered');
    ben.files.accept(only(ben).key);
    // And now the answer is lost.
    world().blip(ann, ben);
    await pass(20);
    expect(only(ann).state).toBe('offered');
    world().restore(ann, ben);
    await pass(1000);
    expect(only(ann).state).toBe('done');
    expect(only(ben).state).toBe('done');
    expect(ben.files.list()).toHaveLength(1);
  });

  it('says a decline again when the offer comes again', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    ann.files.send([memorySource('x.bin', fileBytes(10))], null);
    await pass(20);
    ben.files.decline(only(ben).key);
    world().blip(ann, ben);
    await pass(20);
    world().restore(ann, ben);
    await pass(100);
    expect(only(ann)).toMatchObject({ state: 'declined', problem: 'Ben declined the file.' });
  });

  it('takes a channel that went silent without a close as dead, and dials again', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    const data = fileBytes(6 * MiB);
    await sendAndAccept(ann, data, [ben]);
    await pass(100);
    // Ben's end of the channel stops hearing anything, and nobody sees it close.
    world().channels[0]!.theirs.dead = true;
    await pass(STALL_MS - 1000);
    expect(world().channels).toHaveLength(1);
    await pass(5000);
    expect(world().channels).toHaveLength(2);
    expect(only(ann).state).toBe('done');
    expect(await holds(only(ben), data)).toBe(true);
  });

  it('dials again at once when the member link comes back, though its channel never said it closed', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    const data = fileBytes(6 * MiB);
    await sendAndAccept(ann, data, [ben]);
    await pass(100);
    world().channels[0]!.theirs.dead = true;
    world().restore(ann, ben);
    await pass(3000);
    expect(world().channels).toHaveLength(2);
    expect(only(ann).state).toBe('done');
    expect(await holds(only(ben), data)).toBe(true);
  });

  it('fails the transfers with a member that came back as a new session', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    await sendAndAccept(ann, fileBytes(8 * MiB), [ben]);
    await pass(100);
    world().blip(ann, ben);
    ann.files.helloFrom(ben.peerId, 'restarted');
    await pass(100);
    expect(only(ann)).toMatchObject({ state: 'failed', problem: "Ben's app restarted." });
  });
});

describe('channels nobody asked for', () => {
  it('are closed: a transfer channel for a transfer not accepted', async () => {
    const ann = world().add('Ann');
    const ben = world().add('Ben');
    ann.files.send([memorySource('x.txt', fileBytes(10))], null);
    await pass(20);
    // Ann dials before Ben accepts (a hostile or confused sender).
    const channel = world()['dial'](ann, ben.peerId, only(ann).id);
    await pass(20);
    expect(channel?.open).toBe(false);
    expect(world().log.some((line) => line.includes('refused a transfer channel'))).toBe(true);
  });
});
