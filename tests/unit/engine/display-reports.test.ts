import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MEMBER_FEATURES,
  type DisplaySizeReport,
  type Unstamped,
} from '../../../renderer/engine/protocol/messages.js';
import {
  DisplayReports,
  REPORT_DEBOUNCE_MS,
  type ReportedLink,
} from '../../../renderer/engine/room/display-reports.js';

class FakeLink implements ReportedLink {
  isOpen = true;
  readonly sent: Array<Unstamped<DisplaySizeReport>> = [];
  cameraShown: boolean | null = null;
  constructor(private readonly features: readonly string[]) {}
  offers(feature: string): boolean {
    return this.features.includes(feature);
  }
  send(message: Unstamped<DisplaySizeReport>): void {
    this.sent.push(message);
  }
  setCameraShown(shown: boolean): void {
    this.cameraShown = shown;
  }
}

describe('telling members what we show of their video', () => {
  let links: Map<string, FakeLink>;
  let reports: DisplayReports;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    links = new Map([
      ['ann', new FakeLink(MEMBER_FEATURES)],
      ['old', new FakeLink(['media-renew', 'chat', 'files'])],
    ]);
    reports = new DisplayReports((peerId) => links.get(peerId));
  });
  afterEach(() => {
    reports.clear();
    vi.useRealTimers();
  });
  const ann = (): FakeLink => links.get('ann')!;

  it('offers display-size in every hello this build sends', () => {
    expect(MEMBER_FEATURES).toContain('display-size');
  });

  it('tells a size once it has settled, rounded up to its step', () => {
    reports.set('ann', 'camera', { width: 300, height: 170 });
    vi.advanceTimersByTime(REPORT_DEBOUNCE_MS - 1);
    expect(ann().sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ann().sent).toEqual([{ type: 'display-size', stream: 'camera', width: 320, height: 180 }]);
    expect(ann().cameraShown).toBe(true);
  });

  it('tells only the last of a burst of changes (a window being dragged)', () => {
    for (let height = 100; height <= 700; height += 20) {
      reports.set('ann', 'camera', { width: (height * 16) / 9, height });
      vi.advanceTimersByTime(REPORT_DEBOUNCE_MS / 4);
    }
    vi.advanceTimersByTime(REPORT_DEBOUNCE_MS);
    expect(ann().sent).toEqual([{ type: 'display-size', stream: 'camera', width: 1280, height: 720 }]);
  });

  it('tells nothing when the size stays within its step, or comes back before it settled', () => {
    reports.set('ann', 'camera', { width: 630, height: 350 });
    vi.advanceTimersByTime(REPORT_DEBOUNCE_MS);
    reports.set('ann', 'camera', { width: 600, height: 340 });
    reports.set('ann', 'camera', { width: 100, height: 50 });
    reports.set('ann', 'camera', { width: 640, height: 360 });
    vi.advanceTimersByTime(REPORT_DEBOUNCE_MS * 3);
    expect(ann().sent).toHaveLength(1);
  });

  it('tells 0 by 0 for a stream not shown, and stops expecting a camera it hid', () => {
    reports.set('ann', 'screen', { width: 1920, height: 1080 });
    reports.set('ann', 'camera', { width: 640, height: 360 });
    vi.advanceTimersByTime(REPORT_DEBOUNCE_MS);
    reports.set('ann', 'camera', null);
    reports.set('ann', 'screen', null);
    vi.advanceTimersByTime(REPORT_DEBOUNCE_MS);
    expect(ann().sent.slice(2)).toEqual([
      { type: 'display-size', stream: 'camera', width: 0, height: 0 },
      { type: 'display-size', stream: 'screen', width: 0, height: 0 },
    ]);
    expect(ann().cameraShown).toBe(false);
  });

  it('tells a member of an earlier build nothing, so it goes on sending full size', () => {
    const old = links.get('old')!;
    old.cameraShown = false;
    reports.set('old', 'camera', null);
    reports.set('old', 'screen', { width: 10, height: 10 });
    vi.advanceTimersByTime(REPORT_DEBOUNCE_MS);
    reports.helloFrom('old');
    expect(old.sent).toEqual([]);
    // It sends its camera whatever we show: its silence is still a fault to repair.
    expect(old.cameraShown).toBe(true);
  });

  it('tells a member what we show as soon as its hello comes, again after a break', () => {
    links.get('ann')!.isOpen = false;
    reports.set('ann', 'camera', { width: 320, height: 180 });
    vi.advanceTimersByTime(REPORT_DEBOUNCE_MS);
    expect(ann().sent).toEqual([]);
    ann().isOpen = true;
    reports.helloFrom('ann');
    expect(ann().sent).toEqual([{ type: 'display-size', stream: 'camera', width: 320, height: 180 }]);
    // A member back from a break (or restarted) may have lost it: told again, unchanged or not.
    reports.helloFrom('ann');
    expect(ann().sent).toHaveLength(2);
  });

  it('forgets a member that left: no report waits for it', () => {
    reports.set('ann', 'camera', { width: 320, height: 180 });
    reports.forget('ann');
    vi.advanceTimersByTime(REPORT_DEBOUNCE_MS);
    reports.helloFrom('ann');
    expect(ann().sent).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
