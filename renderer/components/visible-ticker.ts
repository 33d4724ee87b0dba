/**
 * A timer that runs only while the page is visible: for readings nobody can
 * see in a hidden page (a level meter's), so a page in the background does no
 * work on their behalf. `paused` and `resumed` let the owner stop what feeds
 * the readings too (an audio context).
 */

/** What the ticker needs of `document`. */
export interface VisibilitySource {
  readonly visibilityState: DocumentVisibilityState;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

export interface VisibleTickerOptions {
  periodMs: number;
  tick: () => void;
  paused?: () => void;
  resumed?: () => void;
  page?: VisibilitySource;
}

export class VisibleTicker {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly page: VisibilitySource;
  private readonly onVisibility = (): void => this.follow();
  private started = false;

  constructor(private readonly options: VisibleTickerOptions) {
    this.page = options.page ?? document;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.page.addEventListener('visibilitychange', this.onVisibility);
    this.follow();
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.page.removeEventListener('visibilitychange', this.onVisibility);
    this.clear();
  }

  get ticking(): boolean {
    return this.timer !== null;
  }

  private follow(): void {
    const visible = this.page.visibilityState === 'visible';
    if (visible && this.timer === null) {
      this.options.resumed?.();
      this.timer = setInterval(this.options.tick, this.options.periodMs);
    } else if (!visible && this.timer !== null) {
      this.clear();
      this.options.paused?.();
    }
  }

  private clear(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
