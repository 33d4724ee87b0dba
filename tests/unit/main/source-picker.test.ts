/**
 * What answers getDisplayMedia in the desktop app, with a fake capturer and
 * a fake user in place of Electron's desktopCapturer and the page's picker.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  pickScreenSource,
  thumbnailSize,
  type CapturerSource,
  type SourcePickerOptions,
} from '../../../main/screen-share/source-picker.js';
import type { ScreenSource } from '../../../renderer/contract/host-bridge.js';

function captured(id: string, name: string, picture = `data:image/png;base64,${id}`): CapturerSource {
  return { id, name, thumbnail: { isEmpty: () => picture === '', toDataURL: () => picture } };
}

const screen = captured('screen:0:0', 'Entire screen');
const notes = captured('window:42:0', 'Notes');
const hidden = captured('window:43:0', 'Minimised', '');

function options(overrides: Partial<SourcePickerOptions> = {}) {
  const log = vi.fn<(message: string) => void>();
  const getSources = vi.fn(async () => [screen, notes, hidden]);
  return { getSources, askUser: vi.fn(async () => null), ...overrides, log };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('pickScreenSource', () => {
  it('lists screens and windows, shows them to the user, and gives back the one chosen', async () => {
    const shown: ScreenSource[][] = [];
    const picker = options({
      askUser: async (sources) => {
        shown.push(sources);
        return 'window:42:0';
      },
    });
    expect(await pickScreenSource(picker)).toBe(notes);
    expect(picker.getSources).toHaveBeenCalledWith({ types: ['screen', 'window'], thumbnailSize });
    expect(shown).toEqual([
      [
        {
          id: 'screen:0:0',
          name: 'Entire screen',
          kind: 'screen',
          thumbnail: 'data:image/png;base64,screen:0:0',
        },
        { id: 'window:42:0', name: 'Notes', kind: 'window', thumbnail: 'data:image/png;base64,window:42:0' },
        { id: 'window:43:0', name: 'Minimised', kind: 'window', thumbnail: '' },
      ],
    ]);
    expect(picker.log).not.toHaveBeenCalled();
  });

  it('refuses quietly when the user cancels', async () => {
    const picker = options({ askUser: async () => null });
    expect(await pickScreenSource(picker)).toBeNull();
    expect(picker.log).not.toHaveBeenCalled();
  });

  it.each([
    ['an id that was not offered', 'screen:9:0'],
    ['something that is not an id', { id: 'screen:0:0' }],
  ])('refuses an answer with %s', async (_case, answer) => {
    const picker = options({ askUser: async () => answer });
    expect(await pickScreenSource(picker)).toBeNull();
    expect(picker.log).toHaveBeenCalledWith(
      'Screen sharing refused: the page chose a source that was not offered.',
    );
  });

  it('offers only screens and windows, each once', async () => {
    let shown: ScreenSource[] = [];
    const picker = options({
      getSources: async () => [screen, captured('tab:1', 'A tab'), screen],
      askUser: async (sources) => {
        shown = sources;
        return 'tab:1';
      },
    });
    expect(await pickScreenSource(picker)).toBeNull();
    expect(shown.map((source) => source.id)).toEqual(['screen:0:0']);
  });

  it('refuses, without asking, when nothing can be listed', async () => {
    const failing = options({ getSources: async () => Promise.reject(new Error('Failed to get sources.')) });
    expect(await pickScreenSource(failing)).toBeNull();
    expect(failing.askUser).not.toHaveBeenCalled();
    expect(failing.log.mock.calls[0]?.[0]).toMatch(/could not be listed \(Failed to get sources\.\)/);

    const empty = options({ getSources: async () => [] });
    expect(await pickScreenSource(empty)).toBeNull();
    expect(empty.askUser).not.toHaveBeenCalled();
    expect(empty.log.mock.calls[0]?.[0]).toMatch(/no screen or window to share/);
  });

  it('refuses when the picker cannot be shown', async () => {
    const picker = options({ askUser: async () => Promise.reject(new Error('page gone')) });
    expect(await pickScreenSource(picker)).toBeNull();
    expect(picker.log.mock.calls[0]?.[0]).toMatch(/could not be shown \(page gone\)/);
  });

  it('refuses when no answer comes in time, and tells the asker to stop waiting', async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    let timeoutGiven = 0;
    const picker = options({
      timeoutMs: 30_000,
      askUser: (_sources, timeoutMs, abort) => {
        signal = abort;
        timeoutGiven = timeoutMs;
        return new Promise(() => {});
      },
    });
    const result = pickScreenSource(picker);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await result).toBeNull();
    expect(signal?.aborted).toBe(true);
    expect(timeoutGiven).toBe(30_000);
    expect(picker.log).toHaveBeenCalledWith(
      'Screen sharing refused: no screen or window was chosen within 30 s.',
    );
  });

  it('lets the asker stop waiting once an answer came', async () => {
    let signal: AbortSignal | undefined;
    const picker = options({
      askUser: async (_sources, _timeoutMs, abort) => {
        signal = abort;
        return 'screen:0:0';
      },
    });
    expect(await pickScreenSource(picker)).toBe(screen);
    expect(signal?.aborted).toBe(true);
  });
});
