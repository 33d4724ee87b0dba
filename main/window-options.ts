/**
 * The desktop window's security policy as plain data and predicates.
 *
 * Kept free of `electron` so every rule here is unit-tested under Node; the
 * thin `electron-main.ts` only wires these into Electron's hooks. Which
 * page is the app's own is app-page.ts's question.
 */
import type { AppPage } from './app-page.js';

/** The subset of Electron's BrowserWindowConstructorOptions this app sets. */
export interface MainWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  backgroundColor: string;
  /** Shown once the first frame is painted, so the window never flashes white. */
  show: boolean;
  autoHideMenuBar: boolean;
  /** The window's icon on Linux and Windows (macOS takes the app bundle's). */
  icon: string;
  webPreferences: {
    /** The page and the preload script get separate JavaScript worlds. */
    contextIsolation: true;
    /** The renderer runs in Chromium's OS sandbox; the preload may only use `electron`. */
    sandbox: true;
    /** The page never gets `require` or Node APIs. */
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    webSecurity: true;
    /** No <webview> tags: the page has no reason to embed other sites. */
    webviewTag: false;
    allowRunningInsecureContent: false;
    /** Chromium's experimental web platform features stay off. */
    experimentalFeatures: false;
    /** No `auxclick` events: a middle click is one more way for a link to ask for a new window. */
    disableBlinkFeatures: 'Auxclick';
    spellcheck: false;
    preload: string;
  };
}

export const appBackgroundColor = '#111318';

export function mainWindowOptions(preloadPath: string, iconPath: string): MainWindowOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    title: 'Huddle',
    backgroundColor: appBackgroundColor,
    show: false,
    autoHideMenuBar: true,
    icon: iconPath,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      preload: preloadPath,
    },
  };
}

/**
 * Permissions the app's own page may have. Camera and microphone (`media`)
 * and screen capture are the product; sanitized clipboard writes let
 * "copy invite link" work. Everything else (geolocation, notifications,
 * MIDI, HID, USB, ...) is refused.
 */
export const allowedPermissions: ReadonlySet<string> = new Set([
  'media',
  'display-capture',
  'clipboard-sanitized-write',
]);

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** Grant only the listed permissions, and only to the app's own page. */
export function isAllowedPermission(permission: string, requestingUrl: string, appPage: AppPage): boolean {
  return allowedPermissions.has(permission) && appPage.contains(requestingUrl);
}

/** Links the app may hand to the system browser: web pages only, never `file:` or custom schemes. */
export function isExternalWebUrl(url: string): boolean {
  const target = parseUrl(url);
  return target !== null && (target.protocol === 'http:' || target.protocol === 'https:');
}

/** What to do when the page tries to go to `url` (a link, a redirect, a window.open). */
export type NavigationDecision = 'stay' | 'open-in-browser' | 'block';

/**
 * The navigation policy: the app's own pages load in the window, web links
 * open in the system browser, and anything else (other files, custom
 * schemes, `javascript:`) goes nowhere. `newWindow` is a window.open or a
 * target=_blank link: the app never opens a second window, even on itself.
 */
export function navigationDecision(url: string, appPage: AppPage, newWindow = false): NavigationDecision {
  if (!newWindow && appPage.contains(url)) return 'stay';
  if (isExternalWebUrl(url) && !appPage.contains(url)) return 'open-in-browser';
  return 'block';
}
