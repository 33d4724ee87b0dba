import { describe, expect, it } from 'vitest';
import { defaultSettings, parseUserSettings } from '../../../renderer/contract/user-settings.js';

describe('parseUserSettings', () => {
  it('keeps valid settings as they are', () => {
    const input = {
      version: 1,
      quality: 'low-latency',
      cameraId: 'cam-2',
      microphoneId: null,
      speakerId: 'default',
      name: 'Ada',
      layout: 'speaker',
    };
    expect(parseUserSettings(input)).toEqual({ settings: input, problems: [] });
  });

  it('fills what is missing from the defaults without complaint', () => {
    expect(parseUserSettings({ quality: 'high-quality' })).toEqual({
      settings: { ...defaultSettings, quality: 'high-quality' },
      problems: [],
    });
  });

  it('replaces each bad field with its default and says which', () => {
    const { settings, problems } = parseUserSettings({
      quality: 'ultra',
      cameraId: 42,
      speakerId: 'x'.repeat(600),
      name: { first: 'Ada' },
      layout: 'mosaic',
    });
    expect(settings).toEqual(defaultSettings);
    expect(problems).toEqual([
      'quality is not a known preset',
      'name is not a short string',
      'layout is not a known layout',
      'cameraId is not a device id',
      'speakerId is not a device id',
    ]);
  });

  it('reads settings saved before layouts existed as the grid', () => {
    const { settings, problems } = parseUserSettings({ version: 1, quality: 'balanced', name: 'Ada' });
    expect(settings.layout).toBe('grid');
    expect(problems).toEqual([]);
  });

  it.each([7, null, ['speaker'], 'Speaker'])('refuses the layout %j, keeping the grid', (layout) => {
    const { settings, problems } = parseUserSettings({ layout });
    expect(settings.layout).toBe('grid');
    expect(problems).toEqual(['layout is not a known layout']);
  });

  it.each([null, 'settings', 7, ['balanced']])('falls back to defaults for %j', (value) => {
    const { settings, problems } = parseUserSettings(value);
    expect(settings).toEqual(defaultSettings);
    expect(problems).toEqual(['the settings are not an object']);
  });

  it('notes a version it does not know but still reads what it can', () => {
    const { settings, problems } = parseUserSettings({ version: 9, quality: 'low-latency' });
    expect(settings.quality).toBe('low-latency');
    expect(problems).toEqual(['unknown settings version 9']);
  });
});
