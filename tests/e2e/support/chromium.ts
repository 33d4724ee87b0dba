/**
 * How tests start Chromium: the system's build (Playwright's own download is
 * not used), with a fake camera and microphone, and without the background
 * traffic a normal profile makes.
 */
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate));
  if (!found)
    throw new Error('No Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH.');
  return found;
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

export function chromiumLaunchOptions(extraArgs: string[] = []): LaunchOptions {
  return { executablePath: chromiumPath(), args: [...chromiumArgs, ...extraArgs] };
}

/** Frames a second the fake camera makes unless told otherwise (fakeCameraFps). */
export const FAKE_CAMERA_FPS = 20;

/** The switch, given again after chromiumArgs' (the last one counts), for a fake camera at `fps`. */
export function fakeCameraFps(fps: number): string {
  return `--use-fake-device-for-media-stream=fps=${fps}`;
}
