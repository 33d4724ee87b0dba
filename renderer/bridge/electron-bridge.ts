/** The bridge inside the desktop app: the preload script's API, called over IPC. */
import { preloadGlobalName, type HostBridge, type PreloadApi } from './host-bridge.js';
import { parseScreenSourceRequest } from './screen-source-request.js';

const preloadFunctions: ReadonlyArray<keyof PreloadApi> = [
  'getHostInfo',
  'startHosting',
  'stopHosting',
  'loadSettings',
  'saveSettings',
  'onScreenSourceRequest',
  'answerScreenSourceRequest',
  'trustCertificate',
];

export function findPreloadApi(scope: object = globalThis): PreloadApi | null {
  const api = (scope as Record<string, unknown>)[preloadGlobalName];
  if (typeof api !== 'object' || api === null) return null;
  const candidate = api as Record<string, unknown>;
  const complete = preloadFunctions.every((name) => typeof candidate[name] === 'function');
  return complete ? (api as PreloadApi) : null;
}

export function createElectronBridge(api: PreloadApi): HostBridge {
  return {
    kind: 'electron',
    getHostInfo: () => api.getHostInfo(),
    startHosting: () => api.startHosting(),
    stopHosting: () => api.stopHosting(),
    loadSettings: () => api.loadSettings(),
    saveSettings: (settings) => api.saveSettings(settings),
    trustCertificate: (pin) => api.trustCertificate(pin),
    onScreenSourceRequest(choose) {
      return api.onScreenSourceRequest((message) => {
        const request = parseScreenSourceRequest(message);
        if (!request) {
          // Nothing to answer: the main process refuses the capture when its
          // request times out. Answering "cancel" needs an id we cannot trust.
          console.warn('[huddle] ignored a malformed screen-sharing request from the app');
          return;
        }
        const { requestId } = request;
        void choose(request)
          .catch((error: unknown) => {
            console.warn('[huddle] the screen picker failed; sharing nothing', error);
            return null;
          })
          .then((sourceId) => api.answerScreenSourceRequest({ requestId, sourceId }))
          .catch((error: unknown) => console.warn('[huddle] the screen choice could not be sent', error));
      });
    },
  };
}
