/**
 * What a user chooses once and expects to find again: the quality preset, the
 * camera, microphone and speaker, the name they join with, and how the room
 * lays out its videos. One schema for
 * both homes of these choices — a settings file owned by the desktop app's
 * main process, and the browser's local storage for guests — and one parser,
 * so whatever is read back (a hand-edited file, an older version, a corrupt
 * write) becomes valid settings, or defaults with the reason why.
 */
import { isQualityPresetName, type QualityPresetName } from '../engine/media/quality-names.js';

export const SETTINGS_VERSION = 1;

/** How the room shows its videos: all alike in a grid, or one large above a strip of small ones. */
export const LAYOUT_MODES = ['grid', 'speaker'] as const;
export type LayoutMode = (typeof LAYOUT_MODES)[number];

export function isLayoutMode(value: unknown): value is LayoutMode {
  return LAYOUT_MODES.some((mode) => mode === value);
}

export interface UserSettings {
  version: typeof SETTINGS_VERSION;
  quality: QualityPresetName;
  /** MediaDeviceInfo.deviceId of the chosen device; null means the system default. */
  cameraId: string | null;
  microphoneId: string | null;
  speakerId: string | null;
  /** The display name last joined with. */
  name: string;
  layout: LayoutMode;
}

export const defaultSettings: Readonly<UserSettings> = Object.freeze({
  version: SETTINGS_VERSION,
  quality: 'balanced',
  cameraId: null,
  microphoneId: null,
  speakerId: null,
  name: '',
  layout: 'grid',
});

/** Device ids are opaque strings from the browser; anything longer is not one. */
const MAX_ID_LENGTH = 512;
const MAX_NAME_LENGTH = 64;

export interface ParsedSettings {
  settings: UserSettings;
  /** What was wrong with the input and replaced by a default; empty when it was all valid. */
  problems: string[];
}

function deviceId(value: unknown, field: string, problems: string[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH) return value;
  problems.push(`${field} is not a device id`);
  return null;
}

/** Reads settings from anything (parsed JSON, storage); never throws. */
export function parseUserSettings(value: unknown): ParsedSettings {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { settings: { ...defaultSettings }, problems: ['the settings are not an object'] };
  }
  const input = value as Record<string, unknown>;
  if (input.version !== undefined && input.version !== SETTINGS_VERSION) {
    problems.push(`unknown settings version ${String(input.version)}`);
  }
  let quality = defaultSettings.quality;
  if (isQualityPresetName(input.quality)) quality = input.quality;
  else if (input.quality !== undefined) problems.push('quality is not a known preset');
  let name = defaultSettings.name;
  if (typeof input.name === 'string' && input.name.length <= MAX_NAME_LENGTH) name = input.name;
  else if (input.name !== undefined) problems.push('name is not a short string');
  let layout = defaultSettings.layout;
  if (isLayoutMode(input.layout)) layout = input.layout;
  else if (input.layout !== undefined) problems.push('layout is not a known layout');
  return {
    settings: {
      version: SETTINGS_VERSION,
      quality,
      cameraId: deviceId(input.cameraId, 'cameraId', problems),
      microphoneId: deviceId(input.microphoneId, 'microphoneId', problems),
      speakerId: deviceId(input.speakerId, 'speakerId', problems),
      name,
      layout,
    },
    problems,
  };
}
