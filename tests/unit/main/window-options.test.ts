import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  allowedPermissions,
  isAllowedPermission,
  isAppUrl,
  isExternalWebUrl,
  mainWindowOptions,
  navigationDecision,
} from '../../../main/window-options.js';

const appDir = pathToFileURL('/opt/huddle/dist/renderer/').href;
const appPage = `${appDir}index.html`;
const webHost = 'http://127.0.0.1:8765';

describe('mainWindowOptions', () => {
  const options = mainWindowOptions('/opt/huddle/dist/node/preload/preload.js');

  it('isolates and sandboxes the page', () => {
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/opt/huddle/dist/node/preload/preload.js',
    });
  });

  it('never allows insecure content or experimental features, and disables auxclick', () => {
    const preferences: Record<string, unknown> = options.webPreferences;
    expect(preferences.allowRunningInsecureContent ?? false).toBe(false);
    expect(preferences.experimentalFeatures ?? false).toBe(false);
    expect(preferences.enableBlinkFeatures).toBeUndefined();
    expect(preferences.disableBlinkFeatures).toBe('Auxclick');
  });

  it('sets no option that loosens Electron defaults', () => {
    const preferences: Record<string, unknown> = options.webPreferences;
    for (const loosening of [
      'nodeIntegrationInSubFrames',
      'enableRemoteModule',
      'enableBlinkFeatures',
      'additionalArguments',
      'safeDialogs',
      'navigateOnDragDrop',
      'plugins',
      'partition',
    ]) {
      expect(preferences[loosening], loosening).toBeUndefined();
    }
    expect(Object.keys(preferences).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'disableBlinkFeatures',
        'experimentalFeatures',
        'nodeIntegration',
        'nodeIntegrationInWorker',
        'preload',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    );
  });

  it('has the app size, title and dark background', () => {
    expect(options).toMatchObject({
      width: 1280,
      height: 800,
      minWidth: 800,
      minHeight: 560,
      title: 'Huddle',
    });
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
    const channel = parseInt(options.backgroundColor.slice(1, 3), 16);
    expect(channel).toBeLessThan(64);
  });
});

describe('isAppUrl', () => {
  it('accepts the app page and files beside it', () => {
    expect(isAppUrl(appPage, appDir)).toBe(true);
    expect(isAppUrl(`${appPage}#/room/abc`, appDir)).toBe(true);
    expect(isAppUrl(`${appDir}assets/index.js`, appDir)).toBe(true);
  });

  it('refuses other files, including ones reached by traversal', () => {
    expect(isAppUrl('file:///etc/passwd', appDir)).toBe(false);
    expect(isAppUrl(`${appDir}../../package.json`, appDir)).toBe(false);
    expect(isAppUrl(`${appDir}..%2f..%2fpackage.json`, appDir)).toBe(false);
    expect(isAppUrl(`${appDir}%2e%2e/secret`, appDir)).toBe(false);
    expect(isAppUrl('file:///opt/huddle/dist/renderer-evil/index.html', appDir)).toBe(false);
  });

  it('refuses web pages when the app is on disk', () => {
    expect(isAppUrl('https://example.com/', appDir)).toBe(false);
    expect(isAppUrl('not a url', appDir)).toBe(false);
  });

  it('matches the loopback web host by exact origin', () => {
    expect(isAppUrl('http://127.0.0.1:8765/', webHost)).toBe(true);
    expect(isAppUrl('http://127.0.0.1:8766/', webHost)).toBe(false);
    expect(isAppUrl('http://localhost:8765/', webHost)).toBe(false);
    expect(isAppUrl('https://127.0.0.1:8765/', webHost)).toBe(false);
  });

  it('never treats a non-loopback web origin as the app', () => {
    expect(isAppUrl('http://192.168.1.5:8765/', 'http://192.168.1.5:8765')).toBe(false);
  });
});

describe('isAllowedPermission', () => {
  it('grants camera/microphone, screen capture and clipboard writes to the app page', () => {
    expect(isAllowedPermission('media', appPage, appDir)).toBe(true);
    expect(isAllowedPermission('display-capture', appPage, appDir)).toBe(true);
    expect(isAllowedPermission('clipboard-sanitized-write', appPage, appDir)).toBe(true);
    expect(isAllowedPermission('media', 'http://127.0.0.1:8765/', webHost)).toBe(true);
    expect([...allowedPermissions].sort()).toEqual(['clipboard-sanitized-write', 'display-capture', 'media']);
  });

  it('refuses every other permission, even to the app page', () => {
    for (const permission of [
      'geolocation',
      'notifications',
      'midiSysex',
      'hid',
      'usb',
      'serial',
      'openExternal',
      'clipboard-read',
      'pointerLock',
      'fullscreen',
      'idle-detection',
      'window-management',
      'fileSystem',
      'storage-access',
      'unknown',
      '',
    ]) {
      expect(isAllowedPermission(permission, appPage, appDir)).toBe(false);
    }
  });

  it('refuses camera and microphone to any other page', () => {
    expect(isAllowedPermission('media', 'https://evil.example/', appDir)).toBe(false);
    expect(isAllowedPermission('media', 'file:///tmp/other.html', appDir)).toBe(false);
    expect(isAllowedPermission('media', 'http://127.0.0.1:9999/', webHost)).toBe(false);
    expect(isAllowedPermission('media', '', appDir)).toBe(false);
    expect(isAllowedPermission('display-capture', 'https://evil.example/', appDir)).toBe(false);
    expect(isAllowedPermission('clipboard-sanitized-write', 'http://192.168.1.5:8765/', appDir)).toBe(false);
    expect(isAllowedPermission('display-capture', 'http://localhost:8765/', webHost)).toBe(false);
  });
});

describe('isExternalWebUrl', () => {
  it('opens only http and https links externally', () => {
    expect(isExternalWebUrl('https://peerjs.com/')).toBe(true);
    expect(isExternalWebUrl('http://192.168.1.5:8765/')).toBe(true);
    expect(isExternalWebUrl('file:///etc/passwd')).toBe(false);
    expect(isExternalWebUrl('javascript:alert(1)')).toBe(false);
    expect(isExternalWebUrl('smb://server/share')).toBe(false);
  });
});

describe('navigationDecision', () => {
  it('keeps the app page in the window', () => {
    expect(navigationDecision(`${appPage}#/room/abc`, appDir)).toBe('stay');
    expect(navigationDecision('http://127.0.0.1:8765/?room=x', webHost)).toBe('stay');
  });

  it('sends web links to the system browser', () => {
    expect(navigationDecision('https://peerjs.com/', appDir)).toBe('open-in-browser');
    expect(navigationDecision('http://192.168.1.5:8765/?room=x', appDir)).toBe('open-in-browser');
    expect(navigationDecision('https://peerjs.com/', appDir, true)).toBe('open-in-browser');
  });

  it('goes nowhere for other files, custom schemes and script URLs', () => {
    for (const url of [
      'file:///etc/passwd',
      `${appDir}../../package.json`,
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'smb://server/share',
      'ms-settings:privacy',
      'not a url',
    ]) {
      expect(navigationDecision(url, appDir), url).toBe('block');
      expect(navigationDecision(url, appDir, true), url).toBe('block');
    }
  });

  it('never opens a second window, not even on the app itself', () => {
    expect(navigationDecision(appPage, appDir, true)).toBe('block');
    expect(navigationDecision('http://127.0.0.1:8765/', webHost, true)).toBe('block');
  });
});
