/** The bridge inside the desktop app: the preload script's API, called over IPC. */
import {
  preloadGlobalName,
  type DownloadBridge,
  type HostBridge,
  type PreloadApi,
} from '../contract/host-bridge.js';
import { withReadableErrors } from './ipc-error.js';
import { parseAppLinkDelivery } from './app-link-delivery.js';
import { parseCertificateRefusal } from './certificate-refusal.js';
import { parseRoomListing } from './room-listing.js';
import { parseScreenSourceRequest } from './screen-source-request.js';

const preloadFunctions: ReadonlyArray<keyof PreloadApi> = [
  'getHostInfo',
  'startHosting',
  'stopHosting',
  'loadSettings',
  'saveSettings',
  'onScreenSourceRequest',
  'answerScreenSourceRequest',
  'watchRooms',
  'advertiseRoom',
  'trustCertificate',
  'onCertificateRefused',
  'watchAppLinks',
  'createDownload',
  'writeDownload',
  'finishDownload',
  'discardDownload',
];

export function findPreloadApi(scope: object = globalThis): PreloadApi | null {
  const api = (scope as Record<string, unknown>)[preloadGlobalName];
  if (typeof api !== 'object' || api === null) return null;
  const candidate = api as Record<string, unknown>;
  const complete = preloadFunctions.every((name) => typeof candidate[name] === 'function');
  return complete ? (api as PreloadApi) : null;
}

/** The downloads calls, with the main process's answers checked: they cross IPC as untyped data. */
function downloadBridge(api: PreloadApi): DownloadBridge {
  return {
    async create(request) {
      const answer = await withReadableErrors(() => api.createDownload(request));
      const { handle, name } = (answer ?? {}) as { handle?: unknown; name?: unknown };
      if (typeof handle !== 'string' || typeof name !== 'string')
        throw new Error('The app gave no file to write the download into.');
      return { handle, name };
    },
    write: (handle, offset, bytes) => withReadableErrors(() => api.writeDownload(handle, offset, bytes)),
    async finish(handle) {
      const saved = await withReadableErrors(() => api.finishDownload(handle));
      if (typeof saved !== 'string') throw new Error('The app did not say where it saved the file.');
      return saved;
    },
    discard: (handle) => withReadableErrors(() => api.discardDownload(handle)),
  };
}

export function createElectronBridge(api: PreloadApi): HostBridge {
  return {
    downloads: downloadBridge(api),
    kind: 'electron',
    // A failure shows the main process's own message, not Electron's wrapping of it.
    getHostInfo: () => withReadableErrors(() => api.getHostInfo()),
    startHosting: (request) => withReadableErrors(() => api.startHosting(request)),
    stopHosting: () => withReadableErrors(() => api.stopHosting()),
    loadSettings: () => withReadableErrors(() => api.loadSettings()),
    saveSettings: (settings) => withReadableErrors(() => api.saveSettings(settings)),
    watchRooms(listener) {
      return api.watchRooms((message) => {
        const listing = parseRoomListing(message);
        if (listing) listener(listing);
        else console.warn('[huddle] ignored a malformed list of network rooms from the app');
      });
    },
    advertiseRoom: (room) => withReadableErrors(() => api.advertiseRoom(room)),
    trustCertificate: (pin) => withReadableErrors(() => api.trustCertificate(pin)),
    onCertificateRefused(listener) {
      return api.onCertificateRefused((message) => {
        const refusal = parseCertificateRefusal(message);
        if (refusal) listener(refusal);
        else console.warn('[huddle] ignored a malformed certificate refusal from the app');
      });
    },
    watchAppLinks(listener) {
      return api.watchAppLinks((message) => {
        const delivery = parseAppLinkDelivery(message);
        if (delivery) listener(delivery);
        else console.warn('[huddle] ignored a malformed link from the app');
      });
    },
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
