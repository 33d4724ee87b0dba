/**
 * Which URL paths the web host answers from the renderer folder: every
 * symlink resolved, the file must still be inside. POSIX cases use real
 * files; Windows cases use Node's Windows path rules and a stand-in realpath.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedFileDecision } from '../../../main/host/served-files.js';

describe('servedFileDecision with real files', () => {
  let root: string;
  let renderer: string;

  beforeAll(() => {
    root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'huddle-served-files-')));
    renderer = path.join(root, 'renderer');
    mkdirSync(path.join(renderer, 'assets'), { recursive: true });
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html>');
    writeFileSync(path.join(renderer, 'assets', 'app.js'), '');
    writeFileSync(path.join(root, 'secret.txt'), 'secret');
    symlinkSync(path.join(root, 'secret.txt'), path.join(renderer, 'assets', 'secret.txt'));
    symlinkSync(root, path.join(renderer, 'up'));
    symlinkSync(path.join(renderer, 'assets', 'app.js'), path.join(renderer, 'same.js'));
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const decide = (requestPath: string): string =>
    servedFileDecision(requestPath, { realDirectory: renderer, realpath: realpathSync });

  it('serves the page, its files and links that stay inside', () => {
    expect(decide('/')).toBe('serve');
    expect(decide('/index.html')).toBe('serve');
    expect(decide('/assets/app.js')).toBe('serve');
    expect(decide('/%61ssets/app.js')).toBe('serve');
    expect(decide('/same.js')).toBe('serve');
  });

  it('refuses what symlinks lead out to, traversal and encoded separators', () => {
    for (const requestPath of [
      '/assets/secret.txt',
      '/up/secret.txt',
      '/up/renderer/../secret.txt',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%00',
      '/%E0%A4%A',
    ]) {
      expect(decide(requestPath), requestPath).toBe('refuse');
    }
  });

  it('keeps an absolute-looking path under the folder', () => {
    expect(decide(`/${root}/secret.txt`)).toBe('missing');
    expect(decide('//etc/passwd')).toBe('missing');
  });

  it('leaves files that do not exist to the static server', () => {
    expect(decide('/missing.js')).toBe('missing');
    expect(decide('/assets/')).toBe('missing');
  });
});

describe('servedFileDecision with Windows path rules', () => {
  const realDirectory = 'D:\\apps\\huddle\\resources\\app.asar\\dist\\renderer';
  const links: Record<string, string> = {
    [`${realDirectory}\\evil.js`.toLowerCase()]: 'C:\\Users\\me\\secret.txt',
  };
  const realpath = (file: string): string => links[file.toLowerCase()] ?? file;
  const decide = (requestPath: string): string =>
    servedFileDecision(requestPath, { realDirectory, realpath, paths: path.win32 });

  it('serves files inside, and refuses backslash traversal, other drives and links out', () => {
    expect(decide('/assets/app.js')).toBe('serve');
    expect(decide('/assets%5c..%5c..%5c..%5cpackage.json')).toBe('refuse');
    expect(decide('/..\\..\\package.json')).toBe('refuse');
    expect(decide('/evil.js')).toBe('refuse');
    expect(decide('/EVIL.JS')).toBe('refuse');
  });
});
