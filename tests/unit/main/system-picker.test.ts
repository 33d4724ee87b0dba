/** When the desktop's own picker has already chosen what to share (Wayland with PipeWire). */
import { describe, expect, it, vi } from 'vitest';
import { pickScreenSource, type CapturerSource } from '../../../main/screen-share/source-picker.js';
import { capturerAsksTheSystem, systemChosenSource } from '../../../main/screen-share/system-picker.js';

const wayland = { XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0' };

describe('capturerAsksTheSystem', () => {
  it('is true in a Wayland session on Linux, as WebRTC decides it', () => {
    expect(capturerAsksTheSystem('linux', wayland)).toBe(true);
  });

  it('is false on X11, without a Wayland display, and off Linux', () => {
    expect(capturerAsksTheSystem('linux', { XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' })).toBe(false);
    expect(capturerAsksTheSystem('linux', { XDG_SESSION_TYPE: 'wayland' })).toBe(false);
    expect(capturerAsksTheSystem('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(false);
    expect(capturerAsksTheSystem('linux', {})).toBe(false);
    expect(capturerAsksTheSystem('darwin', wayland)).toBe(false);
    expect(capturerAsksTheSystem('win32', wayland)).toBe(false);
  });
});

describe('systemChosenSource', () => {
  it("takes the single source the system's picker returned", () => {
    expect(systemChosenSource(['window:1:0'], true)).toBe('window:1:0');
  });

  it('leaves the choice to Huddle when nothing was asked or the list is a full one', () => {
    expect(systemChosenSource(['screen:0:0'], false)).toBeNull();
    expect(systemChosenSource(['screen:0:0', 'window:1:0'], true)).toBeNull();
    expect(systemChosenSource([], true)).toBeNull();
  });
});

function captured(id: string, name: string): CapturerSource {
  return { id, name, thumbnail: { isEmpty: () => true, toDataURL: () => '' } };
}

describe("pickScreenSource with the system's picker", () => {
  // PipeWire lists the chosen screen as a window when both kinds are asked for.
  const chosen = captured('window:87:0', 'Screen 1');

  it('shares what the system picker chose, without asking again', async () => {
    const askUser = vi.fn(async () => null);
    const log = vi.fn();
    const source = await pickScreenSource({
      getSources: async () => [chosen],
      askUser,
      log,
      systemPicker: true,
    });
    expect(source).toBe(chosen);
    expect(askUser).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it("treats an empty answer as the user's cancel, quietly", async () => {
    const askUser = vi.fn(async () => null);
    const log = vi.fn();
    expect(
      await pickScreenSource({ getSources: async () => [], askUser, log, systemPicker: true }),
    ).toBeNull();
    expect(askUser).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it("still asks with Huddle's picker when the capturer listed everything", async () => {
    const screen = captured('screen:0:0', 'Entire screen');
    const askUser = vi.fn(async () => 'screen:0:0');
    const source = await pickScreenSource({
      getSources: async () => [screen, chosen],
      askUser,
      log: vi.fn(),
      systemPicker: true,
    });
    expect(source).toBe(screen);
    expect(askUser).toHaveBeenCalledOnce();
  });

  it('asks before sharing a lone screen where no system picker was shown', async () => {
    const screen = captured('screen:0:0', 'Entire screen');
    const askUser = vi.fn(async () => null);
    expect(await pickScreenSource({ getSources: async () => [screen], askUser, log: vi.fn() })).toBeNull();
    expect(askUser).toHaveBeenCalledOnce();
  });
});
