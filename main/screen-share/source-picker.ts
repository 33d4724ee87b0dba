/**
 * Screen sharing in the desktop app: what answers a page's getDisplayMedia.
 *
 * Browsers show their own picker; Electron instead calls the app's display
 * media handler, which must name the screen or window to capture. This lists
 * them with the system capturer, asks the user through the page's picker
 * dialog (ScreenPicker.vue), and gives back the source they chose, or null
 * to refuse the request: on cancel, on an answer naming a source that was not
 * offered, on a capturer failure, or when nobody answers in time.
 *
 * The capturer and the way of asking are parameters, so all of this is
 * unit-tested without Electron; electron-main.ts passes Electron's
 * desktopCapturer and an IPC round trip to the page (picker-requests.ts).
 */
import type { ScreenSource } from '../../renderer/contract/host-bridge.js';
import { systemChosenSource } from './system-picker.js';

export type ScreenSourceKind = ScreenSource['kind'];

/** The part of Electron's DesktopCapturerSource used here. */
export interface CapturerSource {
  /** `screen:<n>:<m>` or `window:<n>:<m>`. */
  id: string;
  name: string;
  thumbnail: { isEmpty(): boolean; toDataURL(): string };
}

/** The part of Electron's SourcesOptions used here. */
export interface CapturerOptions {
  types: ScreenSourceKind[];
  thumbnailSize: { width: number; height: number };
}

export interface SourcePickerOptions {
  /** Lists what can be captured (Electron's desktopCapturer.getSources). */
  getSources(options: CapturerOptions): Promise<CapturerSource[]>;
  /**
   * Shows `sources` to the user and resolves with their answer: a source id,
   * or null for cancel. The answer is untrusted and checked here. `signal`
   * aborts when the picker stops waiting; the asker should then resolve.
   */
  askUser(sources: ScreenSource[], timeoutMs: number, signal: AbortSignal): Promise<unknown>;
  /**
   * True where getSources itself shows the system's picker (Wayland with
   * PipeWire, see system-picker.ts): its single result is the user's choice,
   * and an empty result is their cancel.
   */
  systemPicker?: boolean;
  /** How long the user has to choose; one minute unless given. */
  timeoutMs?: number;
  /** Where refusals other than a plain cancel are explained; console.warn unless given. */
  log?: (message: string) => void;
}

export const defaultPickTimeoutMs = 60_000;
/** Big enough to recognise a window by, small enough to send a few dozen over IPC. */
export const thumbnailSize = { width: 320, height: 180 };

/** What the wait for an answer ends with when time runs out; no answer from the page can equal it. */
const timedOut = Symbol('timed out');

function kindOf(id: string): ScreenSourceKind | null {
  if (id.startsWith('screen:')) return 'screen';
  if (id.startsWith('window:')) return 'window';
  return null;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The source the user chose, or null to refuse the request. Never rejects. */
export async function pickScreenSource(options: SourcePickerOptions): Promise<CapturerSource | null> {
  const log = options.log ?? ((message: string) => console.warn(message));
  const timeoutMs = options.timeoutMs ?? defaultPickTimeoutMs;

  let captured: CapturerSource[];
  try {
    captured = await options.getSources({ types: ['screen', 'window'], thumbnailSize });
  } catch (error) {
    // E.g. macOS without the Screen Recording permission.
    log(`Screen sharing refused: the screens and windows could not be listed (${describe(error)}).`);
    return null;
  }
  const offered = new Map<string, CapturerSource>();
  const sources: ScreenSource[] = [];
  for (const source of captured) {
    const kind = kindOf(source.id);
    if (!kind || offered.has(source.id)) continue;
    offered.set(source.id, source);
    const thumbnail = source.thumbnail.isEmpty() ? '' : source.thumbnail.toDataURL();
    sources.push({ id: source.id, name: source.name, kind, thumbnail });
  }
  const systemPicker = options.systemPicker ?? false;
  if (sources.length === 0) {
    // In the system's picker, choosing nothing is a cancel, as in ours.
    if (!systemPicker) log('Screen sharing refused: there is no screen or window to share.');
    return null;
  }
  const chosenBySystem = systemChosenSource(sources, systemPicker);
  if (chosenBySystem) return offered.get(chosenBySystem.id) ?? null;

  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  let answer: unknown;
  try {
    answer = await Promise.race([
      options.askUser(sources, timeoutMs, timeout.signal),
      new Promise<typeof timedOut>((resolve) =>
        timeout.signal.addEventListener('abort', () => resolve(timedOut), { once: true }),
      ),
    ]);
  } catch (error) {
    log(`Screen sharing refused: the picker could not be shown (${describe(error)}).`);
    return null;
  } finally {
    clearTimeout(timer);
    timeout.abort();
  }

  if (answer === timedOut) {
    log(`Screen sharing refused: no screen or window was chosen within ${timeoutMs / 1000} s.`);
    return null;
  }
  if (answer === null) return null;
  const chosen = typeof answer === 'string' ? offered.get(answer) : undefined;
  if (!chosen) {
    log('Screen sharing refused: the page chose a source that was not offered.');
    return null;
  }
  return chosen;
}
