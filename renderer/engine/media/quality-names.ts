/**
 * The quality presets' names alone, free of WebRTC types, so code that only
 * stores or checks a choice (the settings file in the main process, which
 * compiles without the DOM library) need not know what the presets hold.
 */
export const qualityPresetNames = ['low-latency', 'balanced', 'high-quality'] as const;

export type QualityPresetName = (typeof qualityPresetNames)[number];

export function isQualityPresetName(value: unknown): value is QualityPresetName {
  return typeof value === 'string' && (qualityPresetNames as readonly string[]).includes(value);
}
