/**
 * The receiving half of "send what is shown": what this member shows of
 * each other member's camera and screen, told to that member on its link
 * (`display-size`), so it sends us no more than that.
 *
 * The UI says the measured size whenever it changes (null: not shown); it
 * is rounded up to steps, and a stream whose step keeps changing is told
 * only once it has settled for REPORT_DEBOUNCE_MS, so a window being
 * dragged costs one message, not one per frame. Only members whose hello
 * lists `display-size` are told anything: one of an earlier build never
 * hears a report, and goes on sending full size.
 */
import {
  isShown,
  sameSize,
  stepDisplaySize,
  type DisplaySize,
  type StreamKind,
} from '../media/display-size.js';
import type { DisplaySizeReport, Unstamped } from '../protocol/messages.js';

/** A step change is told once it has held this long. */
export const REPORT_DEBOUNCE_MS = 400;

export const DISPLAY_SIZE_FEATURE = 'display-size';

/** What the reports need of a member link. */
export interface ReportedLink {
  readonly isOpen: boolean;
  offers(feature: string): boolean;
  send(message: Unstamped<DisplaySizeReport>): void;
  /** Whether we show the member's camera: one we hide is paused for us, and its silence is no fault. */
  setCameraShown(shown: boolean): void;
}

type Key = `${string} ${StreamKind}`;

export class DisplayReports {
  /** What we show now, stepped, per member and stream. */
  private readonly shown = new Map<Key, DisplaySize>();
  /** What we last told each member, per stream. */
  private readonly told = new Map<Key, DisplaySize>();
  private readonly timers = new Map<Key, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly linkTo: (peerId: string) => ReportedLink | undefined,
    private readonly debounceMs = REPORT_DEBOUNCE_MS,
  ) {}

  /** The size at which we show `peerId`'s stream now, in device pixels; null when we do not show it. */
  set(peerId: string, stream: StreamKind, measured: DisplaySize | null): void {
    const key: Key = `${peerId} ${stream}`;
    const size = stepDisplaySize(measured);
    this.shown.set(key, size);
    this.cancel(key);
    if (sameSize(this.told.get(key) ?? null, size)) return;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.tell(peerId, stream);
      }, this.debounceMs),
    );
  }

  /**
   * The member's hello: it may be new, restarted or back from a break, and
   * know nothing of what we show. Told at once, without waiting.
   */
  helloFrom(peerId: string): void {
    const link = this.linkTo(peerId);
    for (const stream of ['camera', 'screen'] as const) {
      const key: Key = `${peerId} ${stream}`;
      this.cancel(key);
      this.told.delete(key);
      if (this.shown.has(key)) this.tell(peerId, stream);
      // A member that cannot pause for us keeps sending: its camera's silence is a fault again.
      else if (stream === 'camera') link?.setCameraShown(true);
    }
  }

  /** The member left: nothing more to tell it. */
  forget(peerId: string): void {
    for (const stream of ['camera', 'screen'] as const) {
      const key: Key = `${peerId} ${stream}`;
      this.cancel(key);
      this.shown.delete(key);
      this.told.delete(key);
    }
  }

  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.shown.clear();
    this.told.clear();
  }

  private tell(peerId: string, stream: StreamKind): void {
    const key: Key = `${peerId} ${stream}`;
    const size = this.shown.get(key);
    const link = this.linkTo(peerId);
    if (!size || !link) return;
    if (!link.offers(DISPLAY_SIZE_FEATURE)) {
      if (stream === 'camera') link.setCameraShown(true);
      return;
    }
    // Not open: its hello will bring it up to date.
    if (!link.isOpen) return;
    link.send({ type: 'display-size', stream, width: size.width, height: size.height });
    this.told.set(key, size);
    if (stream === 'camera') link.setCameraShown(isShown(size));
  }

  private cancel(key: Key): void {
    const timer = this.timers.get(key);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(key);
  }
}
