/**
 * The bridge for browser guests: the page was served by a Huddle web host,
 * which runs the rendezvous server on the same origin and describes it at
 * `/api/host-info`. Settings live in the browser's local storage. There is
 * no screen-source picker here: browsers show their own for getDisplayMedia.
 */
import { defaultSettings, parseUserSettings, type UserSettings } from '../contract/user-settings.js';
import { fingerprintFromHex } from '../contract/certificate-fingerprint.js';
import type { HostBridge, HostedServer, HostInfo } from '../contract/host-bridge.js';

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

async function fetchHostInfo(): Promise<HostInfo> {
  try {
    // Answered from the preload the host sends with the page (http-headers.ts); it is never cached.
    const response = await fetch('./api/host-info');
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body: unknown = await response.json();
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

/** `storage` is the page's local storage unless a test passes another. */
export function createBrowserBridge(storage: () => Storage = () => localStorage): HostBridge {
  return {
    kind: 'browser',
    getHostInfo: fetchHostInfo,
    async startHosting() {
      const info = await fetchHostInfo();
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
