/**
 * The desktop app's settings file (`settings.json` in Electron's userData
 * directory), read and written by the main process only.
 *
 * Reading never fails: a missing file is a first start (defaults, quietly);
 * a file that cannot be read or parsed, or holds invalid fields, gives
 * defaults for what is bad and a warning, and a copy of it is kept beside it
 * as `settings.json.corrupt` so the next save does not destroy what the user
 * had. Writing is atomic (a temporary file in the same directory, flushed to
 * disk, then renamed over the old one), so a crash mid-write leaves the old
 * file or the new one, never half of each. Writes run one at a time in the
 * order they were asked for, so the last save is what the file ends up
 * holding.
 *
 * Plain Node: no `electron` import, so all of it is unit-tested.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  defaultSettings,
  parseUserSettings,
  type UserSettings,
} from '../../renderer/contract/user-settings.js';

export interface SettingsFile {
  /** The settings in the file, or defaults for whatever is missing or bad in it. */
  load(): Promise<UserSettings>;
  /**
   * Replaces the file's settings. `value` is untrusted (it arrives over IPC):
   * anything that is not complete, valid settings is refused with an error
   * naming the problems, and the file is left as it was.
   */
  save(value: unknown): Promise<void>;
}

export interface SettingsFileOptions {
  /** Where problems found while loading are reported; console.warn by default. */
  warn?: (message: string) => void;
}

/** The fields a saved settings object must have; a partial one is a bug in the caller, not a patch. */
const requiredFields: ReadonlyArray<keyof UserSettings> = Object.keys(defaultSettings) as Array<
  keyof UserSettings
>;

/** Checks settings on their way into the file; returns them as they will be written. */
export function validateSettingsForSave(value: unknown): UserSettings {
  const { settings, problems } = parseUserSettings(value);
  if (problems.length === 0) {
    const missing = requiredFields.filter((field) => !(field in (value as object)));
    if (missing.length) problems.push(`missing ${missing.join(', ')}`);
  }
  if (problems.length) throw new Error(`Settings not saved: ${problems.join('; ')}.`);
  return settings;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createSettingsFile(filePath: string, options: SettingsFileOptions = {}): SettingsFile {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const corruptPath = `${filePath}.corrupt`;
  // One temporary name is enough: writes never overlap (see `queue`), and the
  // single-instance lock keeps a second app from writing the same file. A
  // temporary file left by a crash is simply overwritten by the next save.
  const tempPath = `${filePath}.tmp`;
  /** The write in progress, if any; each save waits for the one before it. */
  let queue: Promise<void> = Promise.resolve();

  async function keepCorruptCopy(): Promise<string> {
    try {
      await copyFile(filePath, corruptPath);
      return ` A copy of it was kept as ${corruptPath}.`;
    } catch (error) {
      return ` It could not be copied aside (${describe(error)}).`;
    }
  }

  async function load(): Promise<UserSettings> {
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') {
        warn(`Settings file ${filePath} could not be read (${describe(error)}); using the defaults.`);
      }
      return { ...defaultSettings };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      const kept = await keepCorruptCopy();
      warn(`Settings file ${filePath} is not valid JSON (${describe(error)}); using the defaults.${kept}`);
      return { ...defaultSettings };
    }
    const { settings, problems } = parseUserSettings(json);
    if (problems.length) {
      const kept = await keepCorruptCopy();
      warn(`Settings file ${filePath}: ${problems.join('; ')}; using the defaults for those.${kept}`);
    }
    return settings;
  }

  async function write(settings: UserSettings): Promise<void> {
    const directory = path.dirname(filePath);
    await mkdir(directory, { recursive: true });
    try {
      const file = await open(tempPath, 'w', 0o600);
      try {
        await file.writeFile(`${JSON.stringify(settings, null, 2)}\n`, 'utf8');
        // On disk before the rename, or a power cut could leave the renamed file empty.
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(tempPath, filePath);
    } catch (error) {
      await rm(tempPath, { force: true }).catch(() => undefined);
      throw error;
    }
    await syncDirectory(directory);
  }

  function save(value: unknown): Promise<void> {
    let settings: UserSettings;
    try {
      settings = validateSettingsForSave(value);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const done = queue.then(() => write(settings));
    // The next save waits for this one whether it worked or not.
    queue = done.catch(() => undefined);
    return done;
  }

  return { load, save };
}

/**
 * Makes the rename itself durable. Best effort: some platforms (Windows) and
 * file systems cannot open or sync a directory, and the rename has happened
 * either way.
 */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Nothing more can be done here; the file is already in place.
  }
}
