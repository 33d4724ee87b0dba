import { describe, expect, it } from 'vitest';
import { createAppPage, webHostPage } from '../../../main/app-page.js';
import {
  allowedPermissions,
  isAllowedPermission,
  isExternalWebUrl,
  mainWindowOptions,
  navigationDecision,
} from '../../../main/window-options.js';

// Which URLs are the app's page is app-page.test.ts's subject; here a
// renderer folder whose files all exist, without symlinks.
const appDir = createAppPage({
  directory: '/opt/huddle/dist/renderer',
  platform: 'linux',
  realpath: (file) => file,
});
const appPage = 'file:///opt/huddle/dist/renderer/index.html';
const webHost = webHostPage('http://127.0.0.1:8765');

describe('mainWindowOptions', () => {
  const options = mainWindowOptions(
    '/opt/huddle/dist/node/preload/preload.js',
    '/opt/huddle/resources/icon.png',
  );

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

  it("has the app's icon", () => {
    expect(options.icon).toBe('/opt/huddle/resources/icon.png');
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
      'file:///opt/huddle/dist/renderer/../../package.json',
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
