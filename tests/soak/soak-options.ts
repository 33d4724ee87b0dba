/**
 * The soak's settings, from the environment:
 * HUDDLE_SOAK_JOINS (joins to drive), HUDDLE_SOAK_PRESET (quality preset;
 * low-latency, the smallest capture, by default) and HUDDLE_SOAK_SCENARIOS
 * (comma-separated scenario names, to run one kind of trouble over and over;
 * all of them by default) and HUDDLE_SOAK_CAMERA_FPS (the fake cameras'
 * frame rate; the browser's own, 20, by default). Rooms hold at most four
 * members at once, each in a browser of its own: what 2 cores carry.
 */
import { isQualityPresetName } from '../../renderer/engine/media/quality.js';
import { scenarioNames } from './scenarios.js';

export interface SoakOptions {
  joins: number;
  preset: string;
  /** The scenarios the rounds take turns through. */
  scenarios: string[];
  /** Browsers, one per member present: the most members a scenario has at once. */
  browsers: number;
  /** How long every member gets, once a step's action is done, to play and hear every publisher. */
  mediaTimeoutMs: number;
  /** How often the in-page probe samples. */
  tickMs: number;
  /** The fake cameras' frames per second, or null for the browser's own rate (FAKE_CAMERA_FPS). */
  cameraFps: number | null;
  /** Each member's page size: its tiles' size is what each link sends. */
  pageSize: { width: number; height: number };
}

/** What a caller may set in place of the defaults (the environment still wins). */
export type SoakDefaults = Partial<Pick<SoakOptions, 'cameraFps' | 'pageSize'>>;

/** The variable `name` as a whole number above 0, `fallback` when unset; anything else is refused, by name. */
function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number;
function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number | null): number | null;
function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number | null): number | null {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0)
    throw new Error(`${name}: '${value}' is not a whole number above 0`);
  return parsed;
}

export function soakOptions(
  defaultJoins: number,
  env: NodeJS.ProcessEnv = process.env,
  defaults: SoakDefaults = {},
): SoakOptions {
  const preset = env.HUDDLE_SOAK_PRESET ?? 'low-latency';
  if (!isQualityPresetName(preset)) throw new Error(`HUDDLE_SOAK_PRESET: no preset named '${preset}'`);
  const scenarios = env.HUDDLE_SOAK_SCENARIOS
    ? env.HUDDLE_SOAK_SCENARIOS.split(',').map((name) => name.trim())
    : [...scenarioNames];
  const unknown = scenarios.filter((name) => !scenarioNames.includes(name));
  if (unknown.length || !scenarios.length)
    throw new Error(
      `HUDDLE_SOAK_SCENARIOS: no scenario named '${unknown.join("', '")}' (there are ${scenarioNames.join(', ')})`,
    );
  return {
    joins: positiveInteger(env, 'HUDDLE_SOAK_JOINS', defaultJoins),
    preset,
    scenarios,
    browsers: 4,
    mediaTimeoutMs: 20_000,
    tickMs: 150,
    cameraFps: positiveInteger(env, 'HUDDLE_SOAK_CAMERA_FPS', defaults.cameraFps ?? null),
    pageSize: defaults.pageSize ?? { width: 960, height: 600 },
  };
}
