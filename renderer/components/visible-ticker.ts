/**
 * A timer that runs only while the page is visible and its owner is shown:
 * for readings nobody can see in a hidden page or a closed menu (a level
 * meter's), so nothing is measured on their behalf. `paused` and `resumed`
 * let the owner stop what feeds the readings too (an audio context, whose
 * rendering costs the browser's audio process as long as it runs).
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
  /** Whether the readings are shown at first (default true); see setShown. */
  shown?: boolean;
}

export class VisibleTicker {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly page: VisibilitySource;
  private readonly onVisibility = (): void => this.follow();
  private started = false;
  private shown: boolean;

  constructor(private readonly options: VisibleTickerOptions) {
    this.page = options.page ?? document;
    this.shown = options.shown ?? true;
  }

  /** The readings are shown (a menu opened) or not (closed): the ticker runs only while they are. */
  setShown(shown: boolean): void {
    this.shown = shown;
    if (this.started) this.follow();
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
    const visible = this.page.visibilityState === 'visible' && this.shown;
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
