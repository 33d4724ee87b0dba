/**
 * Which URLs are the app's own page. The Windows cases run here with Node's
 * Windows path rules and a stand-in file system; the symlink cases use real
 * files in a temporary folder.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAppPage,
  filePathOf,
  isAllowedRequest,
  isInside,
  webHostPage,
} from '../../../main/app-page.js';

/**
 * A stand-in Windows file system where every path exists and is its own real
 * path, except the links given; like NTFS, it ignores case.
 */
function realpathWith(links: Record<string, string> = {}): (file: string) => string {
  const byLowerCase = new Map(Object.entries(links).map(([from, to]) => [from.toLowerCase(), to]));
  return (file) => byLowerCase.get(file.toLowerCase()) ?? file;
}

describe('filePathOf', () => {
  it('turns file URLs back into native paths, decoding escapes', () => {
    expect(filePathOf('file:///opt/huddle/My%20App/index.html?room=x#top', 'linux')).toBe(
      '/opt/huddle/My App/index.html',
    );
    expect(filePathOf('file:///C:/Users/J%C3%BCrgen/Huddle/index.html', 'win32')).toBe(
      'C:\\Users\\Jürgen\\Huddle\\index.html',
    );
    expect(filePathOf('file://server/share/Huddle/index.html', 'win32')).toBe(
      '\\\\server\\share\\Huddle\\index.html',
    );
  });

  it('refuses encoded separators, other schemes and nonsense', () => {
    expect(filePathOf('file:///opt/huddle/dist/renderer/..%2f..%2fpackage.json', 'linux')).toBeNull();
    expect(filePathOf('file:///C:/Huddle/renderer/..%5c..%5csecret.txt', 'win32')).toBeNull();
    expect(filePathOf('file:///C:/Huddle/renderer/..%2F..%2Fsecret.txt', 'win32')).toBeNull();
    expect(filePathOf('file:///opt/huddle/a%00b', 'linux')).toBeNull();
    expect(filePathOf('https://example.com/index.html', 'linux')).toBeNull();
    expect(filePathOf('not a url', 'linux')).toBeNull();
    // A POSIX path is no Windows path: it has no drive.
    expect(filePathOf('file:///etc/passwd', 'win32')).toBeNull();
  });
});

describe('isInside', () => {
  it('follows the platform path rules', () => {
    expect(isInside('D:\\apps\\huddle', 'D:\\Apps\\Huddle\\index.html', path.win32)).toBe(true);
    expect(isInside('/opt/huddle', '/opt/Huddle/index.html', path.posix)).toBe(false);
    expect(isInside('/opt/huddle', '/opt/huddle', path.posix)).toBe(false);
    expect(isInside('/opt/huddle', '/opt/huddle-evil/index.html', path.posix)).toBe(false);
    expect(isInside('/opt/huddle', '/opt/huddle/..hidden/index.html', path.posix)).toBe(true);
  });
});

describe('the app page on Windows', () => {
  // The NSIS installer lets people type their own folder, in their own case.
  const directory = 'd:\\apps\\huddle\\resources\\app.asar\\dist\\renderer';
  const page = createAppPage({ directory, platform: 'win32', realpath: realpathWith() });

  it('accepts the page however Chromium spells the drive and the escapes', () => {
    expect(page.contains('file:///D:/apps/huddle/resources/app.asar/dist/renderer/index.html')).toBe(true);
    expect(page.contains('file:///d:/apps/huddle/resources/app.asar/dist/renderer/index.html')).toBe(true);
    expect(page.contains('file:///D:/Apps/Huddle/resources/app.asar/dist/renderer/index.html#/r')).toBe(true);
    expect(page.contains('file:///D:/apps/huddle/resources/app.asar/dist/renderer/assets/a%20b.js')).toBe(
      true,
    );
    expect(page.contains('file:///D:/apps/huddle/resources/app.asar/dist/renderer/%61ssets/x.js')).toBe(true);
  });

  it('accepts an install folder with spaces and letters outside ASCII', () => {
    const home = createAppPage({
      directory: 'C:\\Program Files\\Hüddle\\resources\\app.asar\\dist\\renderer',
      platform: 'win32',
      realpath: realpathWith(),
    });
    expect(
      home.contains('file:///C:/Program%20Files/H%C3%BCddle/resources/app.asar/dist/renderer/index.html'),
    ).toBe(true);
  });

  it('refuses files outside the folder, however they are reached', () => {
    for (const url of [
      'file:///D:/apps/huddle/resources/app.asar/dist/renderer/../../package.json',
      'file:///D:/apps/huddle/resources/app.asar/dist/renderer/%2e%2e/%2e%2e/package.json',
      'file:///D:/apps/huddle/resources/app.asar/dist/renderer/..%5c..%5cpackage.json',
      'file:///D:/apps/huddle/resources/app.asar/dist/renderer-evil/index.html',
      'file:///D:/apps/huddle/resources/app.asar/dist/renderer',
      'file:///E:/apps/huddle/resources/app.asar/dist/renderer/index.html',
      'file://server/share/apps/huddle/resources/app.asar/dist/renderer/index.html',
      'file:///C:/Windows/System32/drivers/etc/hosts',
      'https://example.com/index.html',
    ]) {
      expect(page.contains(url), url).toBe(false);
    }
  });

  it('refuses a file that a link inside the folder sends outside it', () => {
    const linked = createAppPage({
      directory,
      platform: 'win32',
      realpath: realpathWith({
        [`${directory}\\evil.html`]: 'C:\\Users\\me\\Downloads\\evil.html',
      }),
    });
    expect(linked.contains('file:///D:/apps/huddle/resources/app.asar/dist/renderer/evil.html')).toBe(false);
    expect(linked.contains('file:///D:/apps/huddle/resources/app.asar/dist/renderer/index.html')).toBe(true);
  });
});

describe('the app page on Linux and macOS, with real files', () => {
  let root: string;
  let renderer: string;
  let page: ReturnType<typeof createAppPage>;

  beforeAll(() => {
    root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'huddle-app-page-')));
    renderer = path.join(root, 'dist', 'renderer');
    mkdirSync(path.join(renderer, 'assets'), { recursive: true });
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html>');
    writeFileSync(path.join(renderer, 'assets', 'app.js'), '');
    writeFileSync(path.join(root, 'secret.txt'), 'secret');
    mkdirSync(path.join(root, 'outside'));
    writeFileSync(path.join(root, 'outside', 'page.html'), '<!doctype html>');
    symlinkSync(path.join(root, 'secret.txt'), path.join(renderer, 'secret-link.txt'));
    symlinkSync(path.join(root, 'outside'), path.join(renderer, 'outside-dir'));
    symlinkSync(path.join(renderer, 'index.html'), path.join(renderer, 'inside-link.html'));
    page = createAppPage({ directory: renderer, platform: 'linux', realpath: realpathSync });
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const url = (...parts: string[]): string => pathToFileURL(path.join(renderer, ...parts)).href;

  it('accepts the page and the files beside it', () => {
    expect(page.contains(url('index.html'))).toBe(true);
    expect(page.contains(`${url('index.html')}?room=maple#/x`)).toBe(true);
    expect(page.contains(url('assets', 'app.js'))).toBe(true);
    expect(page.contains(url('inside-link.html'))).toBe(true);
  });

  it('refuses traversal, encoded separators, absolute paths and the folder itself', () => {
    expect(page.contains(`${url()}/../../secret.txt`)).toBe(false);
    expect(page.contains(`${url()}/%2e%2e/%2e%2e/secret.txt`)).toBe(false);
    expect(page.contains(`${url()}/..%2f..%2fsecret.txt`)).toBe(false);
    expect(page.contains(pathToFileURL(path.join(root, 'secret.txt')).href)).toBe(false);
    expect(page.contains('file:///etc/passwd')).toBe(false);
    expect(page.contains(url())).toBe(false);
    expect(page.contains(`${url()}-evil/index.html`)).toBe(false);
  });

  it('refuses files that symlinks inside the folder lead out to', () => {
    expect(page.contains(url('secret-link.txt'))).toBe(false);
    expect(page.contains(url('outside-dir', 'page.html'))).toBe(false);
  });

  it('refuses files that do not exist', () => {
    expect(page.contains(url('missing.html'))).toBe(false);
  });

  it('recognises the page when the folder itself is reached through a symlink', () => {
    const alias = path.join(root, 'alias');
    symlinkSync(renderer, alias);
    const viaAlias = createAppPage({ directory: alias, platform: 'linux', realpath: realpathSync });
    expect(viaAlias.contains(pathToFileURL(path.join(alias, 'index.html')).href)).toBe(true);
    expect(viaAlias.contains(pathToFileURL(path.join(alias, 'secret-link.txt')).href)).toBe(false);
  });

  it('is case-sensitive where the platform is', () => {
    expect(page.contains(url('INDEX.html'))).toBe(false);
  });
});

describe('webHostPage', () => {
  const webHost = webHostPage('http://127.0.0.1:8765');

  it('matches the loopback web host by exact origin', () => {
    expect(webHost.contains('http://127.0.0.1:8765/')).toBe(true);
    expect(webHost.contains('http://127.0.0.1:8765/?room=x')).toBe(true);
    expect(webHost.contains('http://127.0.0.1:8766/')).toBe(false);
    expect(webHost.contains('http://localhost:8765/')).toBe(false);
    expect(webHost.contains('https://127.0.0.1:8765/')).toBe(false);
    expect(webHost.contains('not a url')).toBe(false);
  });

  it('never treats a LAN origin as the app', () => {
    expect(webHostPage('http://192.168.1.5:8765').contains('http://192.168.1.5:8765/')).toBe(false);
  });
});

describe('isAllowedRequest', () => {
  const page = createAppPage({
    directory: '/opt/huddle/dist/renderer',
    platform: 'linux',
    realpath: (file) => file,
  });

  it('loads files of the app, and no other file', () => {
    expect(isAllowedRequest('file:///opt/huddle/dist/renderer/index.html', page)).toBe(true);
    expect(isAllowedRequest('file:///opt/huddle/dist/renderer/assets/app.js', page)).toBe(true);
    expect(isAllowedRequest('file:///opt/huddle/dist/renderer/../../package.json', page)).toBe(false);
    expect(isAllowedRequest('file:///opt/huddle/dist/renderer/..%2f..%2fpackage.json', page)).toBe(false);
    expect(isAllowedRequest('file:///etc/passwd', page)).toBe(false);
    expect(isAllowedRequest('FILE:///etc/passwd', page)).toBe(false);
  });

  it('leaves other schemes to the other rules', () => {
    expect(isAllowedRequest('ws://192.168.1.5:9000/peerjs?key=peerjs', page)).toBe(true);
    expect(isAllowedRequest('https://example.com/', page)).toBe(true);
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', page)).toBe(true);
  });
});
