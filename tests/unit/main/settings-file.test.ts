/**
 * The desktop settings file, against real files in a fresh temporary
 * directory per test.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSettingsFile, validateSettingsForSave } from '../../../main/settings/settings-file.js';
import { defaultSettings, type UserSettings } from '../../../renderer/contract/user-settings.js';

const chosen: UserSettings = {
  version: 1,
  quality: 'low-latency',
  cameraId: 'camera-2',
  microphoneId: null,
  speakerId: 'default',
  name: 'Ada',
  layout: 'speaker',
};

let directory: string;
let filePath: string;
const warn = vi.fn<(message: string) => void>();

beforeEach(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'huddle-settings-'));
  filePath = path.join(directory, 'settings.json');
  warn.mockReset();
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const open = () => createSettingsFile(filePath, { warn });

describe('the settings file', () => {
  it('gives back what was saved, also to a new reader', async () => {
    await open().save(chosen);
    expect(await open().load()).toEqual(chosen);
    expect(JSON.parse(await readFile(filePath, 'utf8'))).toEqual(chosen);
    expect(warn).not.toHaveBeenCalled();
  });

  it('gives the defaults, quietly, when there is no file yet', async () => {
    expect(await open().load()).toEqual(defaultSettings);
    expect(warn).not.toHaveBeenCalled();
    expect(await readdir(directory)).toEqual([]);
  });

  it('creates the directory when it does not exist yet', async () => {
    filePath = path.join(directory, 'not', 'yet', 'settings.json');
    await open().save(chosen);
    expect(await open().load()).toEqual(chosen);
  });

  it('survives a corrupt file: defaults, a warning, and the file kept aside', async () => {
    await writeFile(filePath, '{"quality": "low-lat');
    expect(await open().load()).toEqual(defaultSettings);
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]?.[0]).toMatch(/not valid JSON.*settings\.json\.corrupt/);
    expect(await readFile(`${filePath}.corrupt`, 'utf8')).toBe('{"quality": "low-lat');

    // Saving afterwards replaces the bad file and leaves the copy alone.
    await open().save(chosen);
    expect(await open().load()).toEqual(chosen);
    expect(await readFile(`${filePath}.corrupt`, 'utf8')).toBe('{"quality": "low-lat');
  });

  it('keeps the valid fields of a file with wrong types and defaults the rest', async () => {
    const stored = { version: 1, quality: 'ultra', cameraId: 7, microphoneId: 'mic-1', name: 'Ada' };
    await writeFile(filePath, JSON.stringify(stored));
    expect(await open().load()).toEqual({
      ...defaultSettings,
      microphoneId: 'mic-1',
      name: 'Ada',
    });
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]?.[0]).toMatch(/quality is not a known preset; cameraId is not a device id/);
    expect(JSON.parse(await readFile(`${filePath}.corrupt`, 'utf8'))).toEqual(stored);
  });

  it('treats JSON that is not an object as corrupt', async () => {
    await writeFile(filePath, '[1, 2, 3]');
    expect(await open().load()).toEqual(defaultSettings);
    expect(warn.mock.calls[0]?.[0]).toMatch(/not an object/);
  });

  it('warns and gives defaults when the path cannot be read as a file', async () => {
    filePath = directory;
    expect(await open().load()).toEqual(defaultSettings);
    expect(warn.mock.calls[0]?.[0]).toMatch(/could not be read/);
  });

  it('is not confused by a temporary file left behind by a crash', async () => {
    await open().save(chosen);
    await writeFile(`${filePath}.tmp`, '{"quality": "hi');
    expect(await open().load()).toEqual(chosen);
    const renamed = { ...chosen, name: 'Grace' };
    await open().save(renamed);
    expect(await open().load()).toEqual(renamed);
    expect((await readdir(directory)).sort()).toEqual(['settings.json']);
  });

  it('ends with the last of many concurrent saves, each written whole', async () => {
    const file = open();
    const names = Array.from({ length: 25 }, (_, index) => `name ${index}`);
    await Promise.all(names.map((name) => file.save({ ...chosen, name })));
    expect(await file.load()).toEqual({ ...chosen, name: 'name 24' });
    expect(await readdir(directory)).toEqual(['settings.json']);
  });

  it('refuses invalid settings and leaves the file as it was', async () => {
    const file = open();
    await file.save(chosen);
    await expect(file.save({ ...chosen, quality: 'ultra' })).rejects.toThrow(
      'Settings not saved: quality is not a known preset.',
    );
    await expect(file.save('{"name": "x"}')).rejects.toThrow(/not an object/);
    await expect(file.save({ ...chosen, name: 'x'.repeat(1000) })).rejects.toThrow(/name/);
    expect(await file.load()).toEqual(chosen);
    expect(warn).not.toHaveBeenCalled();
  });

  it('goes on saving after a refused save', async () => {
    const file = open();
    const refused = file.save(null);
    const next = file.save(chosen);
    await expect(refused).rejects.toThrow(/not an object/);
    await next;
    expect(await file.load()).toEqual(chosen);
  });
});

describe('validateSettingsForSave', () => {
  it('accepts complete settings and drops unknown fields', () => {
    expect(validateSettingsForSave({ ...chosen, extra: { deep: true } })).toEqual(chosen);
  });

  it('refuses partial settings, naming what is missing', () => {
    expect(() => validateSettingsForSave({ quality: 'balanced' })).toThrow(
      /missing version, cameraId, microphoneId, speakerId, name, layout/,
    );
  });

  it('refuses settings of another version', () => {
    expect(() => validateSettingsForSave({ ...chosen, version: 2 })).toThrow(/unknown settings version 2/);
  });
});
