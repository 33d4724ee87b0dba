/**
 * The desktop app's bridge (the preload's API) for unit tests of the page: a
 * quiet desktop app that hosts nothing, keeps the default settings and
 * answers every other call with nothing; a test passes the calls it needs
 * to differ. Stub it in as `huddleHost`, where the page looks for it.
 */
import type { PreloadApi } from '../../renderer/contract/host-bridge.js';
import { defaultSettings } from '../../renderer/contract/user-settings.js';

export function standInPreload(differences: Partial<PreloadApi> = {}): PreloadApi {
  return {
    getHostInfo: async () => ({ kind: 'electron', appVersion: 'test', hosted: null }),
    startHosting: async () => Promise.reject(new Error('not in this test')),
    stopHosting: async () => {},
    loadSettings: async () => ({ ...defaultSettings }),
    saveSettings: async () => {},
    onScreenSourceRequest: () => () => {},
    answerScreenSourceRequest: async () => {},
    watchRooms: () => () => {},
    advertiseRoom: async () => {},
    trustCertificate: async () => {},
    onCertificateRefused: () => () => {},
    watchAppLinks: () => () => {},
    createDownload: async () => ({}),
    writeDownload: async () => {},
    finishDownload: async () => '',
    discardDownload: async () => {},
    ...differences,
  };
}
