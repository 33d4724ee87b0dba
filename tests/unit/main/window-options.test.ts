import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  isAllowedPermission,
  isAppUrl,
  isExternalWebUrl,
  mainWindowOptions,
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
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      preload: '/opt/huddle/dist/node/preload/preload.js',
    });
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
  it('grants camera/microphone and screen capture to the app page', () => {
    expect(isAllowedPermission('media', appPage, appDir)).toBe(true);
    expect(isAllowedPermission('display-capture', appPage, appDir)).toBe(true);
    expect(isAllowedPermission('media', 'http://127.0.0.1:8765/', webHost)).toBe(true);
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
    ]) {
      expect(isAllowedPermission(permission, appPage, appDir)).toBe(false);
    }
  });

  it('refuses camera and microphone to any other page', () => {
    expect(isAllowedPermission('media', 'https://evil.example/', appDir)).toBe(false);
    expect(isAllowedPermission('media', 'file:///tmp/other.html', appDir)).toBe(false);
    expect(isAllowedPermission('media', 'http://127.0.0.1:9999/', webHost)).toBe(false);
    expect(isAllowedPermission('media', '', appDir)).toBe(false);
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
