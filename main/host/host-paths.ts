/**
 * Where `npm run host` keeps its certificate: the desktop app's user-data
 * folder (the one Electron's `app.getPath('userData')` gives the packaged
 * app, where its settings.json lives), so the app and the headless host on
 * one machine show guests the same fingerprint.
 */
import os from 'node:os';
import path from 'node:path';

/** The packaged app's name (electron-builder's productName), which names its folder. */
export const appFolderName = 'Huddle';

export function defaultHostDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (platform === 'win32')
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), appFolderName);
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', appFolderName);
  // XDG: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const config =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : path.join(home, '.config');
  return path.join(config, appFolderName);
}
