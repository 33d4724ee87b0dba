/**
 * Whether listing screens and windows already asked the user.
 *
 * In a Wayland session Chromium captures through PipeWire, and there
 * `desktopCapturer.getSources` itself opens the desktop's own picker
 * (xdg-desktop-portal) and returns the one source the user chose there,
 * listed as a window even when it is a screen. Huddle's picker would then
 * ask a second time, with one item, under the wrong heading.
 *
 * The test mirrors WebRTC's DesktopCapturer::IsRunningUnderWayland, which
 * decides whether the PipeWire capturer is used: XDG_SESSION_TYPE says
 * wayland and WAYLAND_DISPLAY is set. Elsewhere (X11, Windows, macOS) the
 * list is complete and nothing was asked, so even a single screen goes
 * through Huddle's picker: sharing starts only when someone said so.
 */

export type Environment = Readonly<Record<string, string | undefined>>;

export function capturerAsksTheSystem(platform: NodeJS.Platform, env: Environment): boolean {
  if (platform !== 'linux') return false;
  return (env.XDG_SESSION_TYPE ?? '').startsWith('wayland') && Boolean(env.WAYLAND_DISPLAY);
}

/**
 * The source to share without asking again, if the system's picker chose it:
 * only when the capturer asks the system and returned exactly one source.
 * Several sources mean PipeWire was not used after all (e.g. the X11
 * capturer under XWayland), and Huddle's picker must ask.
 */
export function systemChosenSource<T>(sources: readonly T[], capturerAsks: boolean): T | null {
  return capturerAsks && sources.length === 1 ? (sources[0] ?? null) : null;
}
