/**
 * Display-size reports between real sessions (room-harness.ts) and members
 * speaking raw messages: a member is told what we show of its video only
 * when its hello offers `display-size`; a member of an earlier build is told
 * nothing, so it goes on sending full size, as it always did.
 */
import { describe, expect, it, vi } from 'vitest';
import { memberPeerId } from '../../../renderer/engine/names.js';
import { REPORT_DEBOUNCE_MS } from '../../../renderer/engine/room/display-reports.js';
import { fakeCamera } from './fake-peer-connection.js';
import { rawMember } from './raw-member.js';
import { join, pass, ROOM, useRoomHarness } from './room-harness.js';

const harness = useRoomHarness();
const peerIdOf = (name: string): string => memberPeerId(ROOM, name);

const reportsIn = (received: string[]): unknown[] =>
  received
    .map((text) => JSON.parse(text) as { type: string })
    .filter((message) => message.type === 'display-size');

describe('telling members what we show', () => {
  it('tells a member that offers display-size, rounded and settled, and 0 by 0 once hidden', async () => {
    const ann = harness.member('Ann');
    await join(ann);
    const newer = await rawMember(harness, 'New', {
      features: ['media-renew', 'display-size'],
      publishing: true,
    });
    await pass(500);
    ann.session.displays.set(peerIdOf('New'), 'camera', { width: 600, height: 330 });
    ann.session.displays.set(peerIdOf('New'), 'screen', { width: 1900, height: 1000 });
    await pass(REPORT_DEBOUNCE_MS + 100);
    ann.session.displays.set(peerIdOf('New'), 'camera', null);
    await pass(REPORT_DEBOUNCE_MS + 100);
    expect(reportsIn(newer.received)).toEqual([
      { v: 1, type: 'display-size', stream: 'camera', width: 640, height: 360 },
      { v: 1, type: 'display-size', stream: 'screen', width: 1920, height: 1080 },
      { v: 1, type: 'display-size', stream: 'camera', width: 0, height: 0 },
    ]);
    newer.stop();
  });

  it('tells a member of an earlier build nothing: it goes on sending full size', async () => {
    const ann = harness.member('Ann');
    await join(ann);
    const older = await rawMember(harness, 'Old', {
      features: ['media-renew', 'chat', 'files'],
      publishing: true,
    });
    await pass(500);
    ann.session.displays.set(peerIdOf('Old'), 'camera', { width: 160, height: 90 });
    ann.session.displays.set(peerIdOf('Old'), 'screen', null);
    await pass(REPORT_DEBOUNCE_MS * 3);
    expect(older.received.map((text) => (JSON.parse(text) as { type: string }).type)).toContain('hello');
    expect(reportsIn(older.received)).toEqual([]);
    older.stop();
  });
});

describe("a member's camera we do not show", () => {
  /** Log lines saying the guard repaired media to `name`. */
  const repairsTo = (lines: string[], name: string): string[] =>
    lines.filter((line) => line.includes('media guard: repairing') && line.includes(peerIdOf(name)));
  it('is paused for us, so its silence is no fault for our guard; shown again, it is expected again', async () => {
    const logged: string[] = [];
    vi.spyOn(console, 'info').mockImplementation((line: string) => void logged.push(line));
    const ann = harness.member('Ann');
    const ben = harness.member('Ben');
    await join(ann);
    await join(ben);
    await pass(500);
    // Both publish; no packet ever flows between fake connections, so Ben's camera looks silent to Ann.
    await ann.session.publish(fakeCamera());
    await ben.session.publish(fakeCamera());
    ann.session.displays.set(peerIdOf('Ben'), 'camera', null);
    await pass(30_000);
    expect(repairsTo(logged, 'Ben')).toEqual([]);

    ann.session.displays.set(peerIdOf('Ben'), 'camera', { width: 640, height: 360 });
    await pass(30_000);
    expect(repairsTo(logged, 'Ben').length).toBeGreaterThan(0);
  });
});
