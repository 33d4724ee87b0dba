/**
 * The bridge for browser guests: the page was served by a Huddle web host,
 * which runs the rendezvous server on the same origin and describes it in
 * the page itself (and at `/api/host-info`). Settings live in the browser's local storage. There is
 * no screen-source picker here: browsers show their own for getDisplayMedia.
 */
import { defaultSettings, parseUserSettings, type UserSettings } from '../contract/user-settings.js';
import { fingerprintFromHex } from '../contract/certificate-fingerprint.js';
import {
  inlineHostInfoId,
  type HostBridge,
  type HostedServer,
  type HostInfo,
} from '../contract/host-bridge.js';

const SETTINGS_STORAGE_KEY = 'huddle.settings';
/** Browsers have no access to multicast DNS; guests join by an invite link. */
export const BROWSERS_CANNOT_BROWSE =
  'A browser cannot look for rooms on the network: open an invite link, or use the desktop app.';

/** Stored settings, or defaults for whatever is missing or bad (storage may be off, or hand-edited). */
function loadStoredSettings(storage: () => Storage): UserSettings {
  try {
    const raw = storage().getItem(SETTINGS_STORAGE_KEY);
    if (raw === null) return { ...defaultSettings };
    const { settings, problems } = parseUserSettings(JSON.parse(raw));
    if (problems.length) console.warn(`[huddle] settings: ${problems.join('; ')}; using defaults for those`);
    return settings;
  } catch (error) {
    console.warn('[huddle] settings could not be read; using defaults', error);
    return { ...defaultSettings };
  }
}

function isHostedServer(value: unknown): value is HostedServer {
  if (typeof value !== 'object' || value === null) return false;
  const { server, lanUrls } = value as Record<string, unknown>;
  if (typeof server !== 'object' || server === null || !Array.isArray(lanUrls)) return false;
  const s = server as Record<string, unknown>;
  return (
    typeof s.host === 'string' &&
    typeof s.port === 'number' &&
    typeof s.path === 'string' &&
    typeof s.key === 'string' &&
    typeof s.secure === 'boolean' &&
    lanUrls.every((url) => typeof url === 'string')
  );
}

/** The fingerprint in its canonical form, or null: a malformed one is dropped, never shown. */
function withCheckedFingerprint(hosted: HostedServer): HostedServer {
  const raw: unknown = hosted.certificateFingerprint;
  return { ...hosted, certificateFingerprint: typeof raw === 'string' ? fingerprintFromHex(raw) : null };
}

/**
 * The host description the web host wrote into the page it served
 * (main/host/host-page.ts), or undefined where there is none or it does not
 * parse: a page served by something else, or an older host.
 */
function inlineHostInfo(page: Document | undefined): unknown {
  const text = page?.getElementById(inlineHostInfoId)?.textContent;
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What the page's host says about itself: written into the page, else asked at `/api/host-info`. */
async function readHostInfo(page: Document | undefined): Promise<HostInfo> {
  try {
    let body = inlineHostInfo(page);
    if (body === undefined) {
      const response = await fetch('./api/host-info');
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = await response.json();
    }
    const hosted = (body as { hosted?: unknown }).hosted;
    const appVersion = (body as { appVersion?: unknown }).appVersion;
    return {
      kind: 'browser',
      appVersion: typeof appVersion === 'string' ? appVersion : 'unknown',
      hosted: isHostedServer(hosted) ? withCheckedFingerprint(hosted) : null,
    };
  } catch {
    // Served by something other than a Huddle host (e.g. a static file server):
    // joining a remote server by its address still works.
    return { kind: 'browser', appVersion: 'unknown', hosted: null };
  }
}

/** `storage` is the page's local storage and `page` its document unless a test passes others. */
export function createBrowserBridge(
  storage: () => Storage = () => localStorage,
  page: Document | undefined = globalThis.document,
): HostBridge {
  return {
    kind: 'browser',
    getHostInfo: () => readHostInfo(page),
    async startHosting() {
      const info = await readHostInfo(page);
      if (!info.hosted)
        throw new Error('This page was not served by a Huddle host, so it cannot host a room.');
      return info.hosted;
    },
    async stopHosting() {
      // The web host owns its server; a guest page has nothing to stop.
    },
    async loadSettings() {
      return loadStoredSettings(storage);
    },
    async saveSettings(settings) {
      // Throws where storage is disabled or full; the caller reports it.
      storage().setItem(SETTINGS_STORAGE_KEY, JSON.stringify(settings));
    },
    watchRooms(listener) {
      listener({ available: false, reason: BROWSERS_CANNOT_BROWSE });
      return () => {};
    },
    async advertiseRoom() {
      // Only the desktop app advertises; a browser cannot send mDNS.
    },
  };
}
