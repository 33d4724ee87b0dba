/**
 * The preload script: exposes the host bridge to the page, and nothing else.
 *
 * It runs sandboxed, where `require` can load only `electron` itself. A value
 * import of `../renderer/contract/host-bridge.js` would compile to a `require`
 * of that file and fail at load, so the channel names and the global's name
 * are repeated here as literals; a unit test keeps them equal to the
 * definitions in host-bridge.ts. Type-only imports are erased and are fine.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  HostedRoomAdvert,
  HostedServer,
  HostingRequest,
  HostInfo,
  PreloadApi,
  ScreenSourceAnswer,
  TrustedCertificate,
} from '../renderer/contract/host-bridge.js';
import type { UserSettings } from '../renderer/contract/user-settings.js';

/** Must equal `bridgeChannels` in renderer/contract/host-bridge.ts. */
export const preloadChannels = {
  getHostInfo: 'huddle:get-host-info',
  startHosting: 'huddle:start-hosting',
  stopHosting: 'huddle:stop-hosting',
  loadSettings: 'huddle:load-settings',
  saveSettings: 'huddle:save-settings',
  screenSourceRequest: 'huddle:screen-source-request',
  answerScreenSourceRequest: 'huddle:answer-screen-source-request',
  watchRooms: 'huddle:watch-rooms',
  unwatchRooms: 'huddle:unwatch-rooms',
  rooms: 'huddle:rooms',
  advertiseRoom: 'huddle:advertise-room',
  trustCertificate: 'huddle:trust-certificate',
  certificateRefused: 'huddle:certificate-refused',
  appLinkWaiting: 'huddle:app-link-waiting',
  takeAppLink: 'huddle:take-app-link',
  createDownload: 'huddle:create-download',
  writeDownload: 'huddle:write-download',
  finishDownload: 'huddle:finish-download',
  discardDownload: 'huddle:discard-download',
} as const;

/** Must equal `preloadGlobalName` in renderer/contract/host-bridge.ts. */
export const preloadGlobal = 'huddleHost';

// Each function calls one fixed channel. Only the hosting request, the settings to save, the
// screen-source answer, the room to advertise, a certificate pin and received
// files carry data from the page, and the main process validates them as untrusted input. The page never sees an IPC event object
// (it would reach `ipcRenderer` through `event.sender`): requests reach its
// listener as plain data.
const api: PreloadApi = {
  getHostInfo: (): Promise<HostInfo> => ipcRenderer.invoke(preloadChannels.getHostInfo) as Promise<HostInfo>,
  // A fresh object with the one flag: nothing else the page passes crosses.
  startHosting: (request?: HostingRequest): Promise<HostedServer> =>
    ipcRenderer.invoke(preloadChannels.startHosting, {
      relay: request?.relay === true,
    }) as Promise<HostedServer>,
  stopHosting: async (): Promise<void> => {
    await ipcRenderer.invoke(preloadChannels.stopHosting);
  },
  loadSettings: (): Promise<UserSettings> =>
    ipcRenderer.invoke(preloadChannels.loadSettings) as Promise<UserSettings>,
  saveSettings: async (settings: UserSettings): Promise<void> => {
    await ipcRenderer.invoke(preloadChannels.saveSettings, settings);
  },
  onScreenSourceRequest: (listener: (request: unknown) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, request: unknown): void => listener(request);
    ipcRenderer.on(preloadChannels.screenSourceRequest, forward);
    return () => {
      ipcRenderer.removeListener(preloadChannels.screenSourceRequest, forward);
    };
  },
  answerScreenSourceRequest: async (answer: ScreenSourceAnswer): Promise<void> => {
    await ipcRenderer.invoke(preloadChannels.answerScreenSourceRequest, answer);
  },
  // Listings reach the page as plain data, like screen-source requests.
  watchRooms: (listener: (listing: unknown) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, listing: unknown): void => listener(listing);
    ipcRenderer.on(preloadChannels.rooms, forward);
    // A refusal would otherwise leave the list saying "Looking…" for ever.
    ipcRenderer.invoke(preloadChannels.watchRooms).catch((error: unknown) => {
      listener({ available: false, reason: `the app could not look for rooms (${String(error)})` });
    });
    return () => {
      ipcRenderer.removeListener(preloadChannels.rooms, forward);
      void ipcRenderer.invoke(preloadChannels.unwatchRooms);
    };
  },
  advertiseRoom: async (room: HostedRoomAdvert | null): Promise<void> => {
    await ipcRenderer.invoke(preloadChannels.advertiseRoom, room);
  },
  trustCertificate: async (pin: TrustedCertificate): Promise<void> => {
    await ipcRenderer.invoke(preloadChannels.trustCertificate, pin);
  },
  // Refusals reach the page as plain data; the bridge checks them.
  onCertificateRefused: (listener: (refusal: unknown) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, refusal: unknown): void => listener(refusal);
    ipcRenderer.on(preloadChannels.certificateRefused, forward);
    return () => {
      ipcRenderer.removeListener(preloadChannels.certificateRefused, forward);
    };
  },
  // The main process only says a link is waiting; the page takes it, so a
  // link that came before the page listened (the one the app started with)
  // is not lost, and none is handed over twice.
  watchAppLinks: (listener: (delivery: unknown) => void): (() => void) => {
    let listening = true;
    const take = (): void => {
      ipcRenderer
        .invoke(preloadChannels.takeAppLink)
        .then((delivery: unknown) => {
          if (listening && delivery !== null) listener(delivery);
        })
        .catch((error: unknown) => console.warn('[huddle] the link the app was opened with was lost', error));
    };
    ipcRenderer.on(preloadChannels.appLinkWaiting, take);
    take();
    return () => {
      listening = false;
      ipcRenderer.removeListener(preloadChannels.appLinkWaiting, take);
    };
  },
  // Received files: the main process checks every handle, offset and byte count.
  createDownload: (request: { name: string; size: number }): Promise<unknown> =>
    ipcRenderer.invoke(preloadChannels.createDownload, request),
  writeDownload: async (handle: string, offset: number, bytes: Uint8Array): Promise<void> => {
    await ipcRenderer.invoke(preloadChannels.writeDownload, handle, offset, bytes);
  },
  finishDownload: (handle: string): Promise<unknown> =>
    ipcRenderer.invoke(preloadChannels.finishDownload, handle),
  discardDownload: async (handle: string): Promise<void> => {
    await ipcRenderer.invoke(preloadChannels.discardDownload, handle);
  },
};

contextBridge.exposeInMainWorld(preloadGlobal, api);
