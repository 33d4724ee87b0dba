/**
 * The Electron main process: app lifecycle, the window, and IPC wiring.
 *
 * This is the only file that imports `electron`. Every decision it applies
 * (window options, what the page may navigate to or be granted, how hosting
 * starts and stops) lives in plain modules that are tested under Node.
 *
 * Paths are relative to the compiled file, `dist/node/main/electron-main.js`,
 * which also holds inside a packaged app's asar archive.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  desktopCapturer,
  ipcMain,
  session,
  shell,
  webContents,
  type IpcMainInvokeEvent,
  type Streams,
} from 'electron';
import { bridgeChannels, type HostInfo, type ScreenSourceRequest } from '../renderer/contract/host-bridge.js';
import { createAppPage, isAllowedRequest } from './app-page.js';
import { startAppLinks, type AppLinks } from './app-links.js';
import { createDiscoveryService } from './discovery/discovery-service.js';
import {
  createPinList,
  parsePin,
  pinDecision,
  pinsOfOwnHost,
  verifyProcResult,
} from './certificate-pinning.js';
import { createRefusalReporter } from './certificate-refusals.js';
import { createHostingController, parseHostingRequest } from './host/hosting-controller.js';
import { contentSecurityPolicy } from './host/http-headers.js';
import { createPickerRequests } from './screen-share/picker-requests.js';
import { pickScreenSource } from './screen-share/source-picker.js';
import { capturerAsksTheSystem } from './screen-share/system-picker.js';
import { DownloadWriter } from './files/download-writer.js';
import { createSettingsFile } from './settings/settings-file.js';
import { isAllowedPermission, mainWindowOptions, navigationDecision } from './window-options.js';

const rendererDir = path.join(__dirname, '..', '..', 'renderer');
const preloadPath = path.join(__dirname, '..', 'preload', 'preload.js');
/** Drawn by `npm run icons`; electron-builder.yml packs it at the same place. */
const iconPath = path.join(__dirname, '..', '..', '..', 'resources', 'icon.png');
/** A file inside the renderer directory is the app's own page (see app-page.ts). Electron's fs reads inside asar. */
const appPage = createAppPage({ directory: rendererDir, platform: process.platform, realpath: realpathSync });

const hosting = createHostingController({
  // Every interface, so guests on the LAN can open the web client.
  bind: '0.0.0.0',
  port: 8765,
  peerPath: '/peerjs',
  // No key given: every start of hosting gets a new random one, which the
  // page learns from the bridge and puts in its invite links.
  key: null,
  rendererDir,
  appVersion: app.getVersion(),
  // HTTPS, with a certificate made once and kept beside settings.json.
  certificateDir: app.getPath('userData'),
});

/** Rooms on the LAN: the list pages watch, and the room this app hosts. */
const discovery = createDiscoveryService({ hostedServer: () => hosting.current()?.server ?? null });

/** Screen-source requests waiting for the page's picker to answer. */
const pickerRequests = createPickerRequests();

let mainWindow: BrowserWindow | null = null;

/** huddle:// links and the one-instance rule (see app-links.ts); set in main(). */
let appLinks: AppLinks | null = null;

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function createMainWindow(): BrowserWindow {
  const options = mainWindowOptions(preloadPath, iconPath);
  const window = new BrowserWindow({
    ...options,
    // The security settings once more as literals, where Electron security
    // linters look for them; the types in window-options.ts allow no others.
    webPreferences: {
      ...options.webPreferences,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadFile(path.join(rendererDir, 'index.html'));
  return window;
}

/** Links leave the app for the system browser; nothing replaces the app's page. */
function lockDownWebContents(contents: Electron.WebContents): void {
  const keepOnAppPage = (event: Electron.Event, url: string): void => {
    const decision = navigationDecision(url, appPage);
    if (decision === 'stay') return;
    event.preventDefault();
    if (decision === 'open-in-browser') void shell.openExternal(url);
  };
  contents.on('will-navigate', keepOnAppPage);
  contents.on('will-redirect', keepOnAppPage);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (navigationDecision(url, appPage, true) === 'open-in-browser') void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/**
 * The web host's CSP on every document this session loads. The page also
 * carries its policy in a <meta> tag, which is what applies where Electron
 * gives a file: response no headers to add to; where both apply, a document
 * gets what both allow, and the header's policy is the stricter one.
 */
function installContentSecurityPolicy(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    if (details.resourceType !== 'mainFrame' && details.resourceType !== 'subFrame') {
      callback({});
      return;
    }
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] },
    });
  });
}

/** Of all files on disk, the session loads only the renderer folder's (app-page.ts). */
function installFileRequestPolicy(): void {
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, appPage) });
  });
}

/** Certificates that invites the page joined through name (see certificate-pinning.ts). */
const invitePins = createPinList();

/** A refusal is logged and shown in the join view (see certificate-refusals.ts). */
const reportRefusal = createRefusalReporter({
  page: () => {
    const contents = mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null;
    if (!contents || contents.isDestroyed()) return null;
    return { send: (refusal) => contents.send(bridgeChannels.certificateRefused, refusal) };
  },
  warn: (message) => console.warn(message),
});

/** Exactly the pinned certificates are trusted beyond the system's (see certificate-pinning.ts). */
function installCertificatePinning(): void {
  session.defaultSession.setCertificateVerifyProc((request, callback) => {
    const presented = { hostname: request.hostname, port: null, pem: request.certificate.data };
    const decision = pinDecision(presented, [...pinsOfOwnHost(hosting.current()), ...invitePins.list()]);
    reportRefusal(decision);
    callback(verifyProcResult(decision));
  });
}

function installPermissionPolicy(): void {
  const { defaultSession } = session;
  defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isAllowedPermission(permission, details.requestingUrl, appPage));
  });
  defaultSession.setPermissionCheckHandler((contents, permission, _origin, details) => {
    const url = details.requestingUrl ?? contents?.getURL() ?? '';
    return isAllowedPermission(permission, url, appPage);
  });
}

/** IPC comes only from the app's own top-level page, never from a frame it might embed. */
function assertFromAppPage(event: IpcMainInvokeEvent): void {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null || !appPage.contains(frame.url)) {
    throw new Error('Refused: this request did not come from the Huddle page.');
  }
}

/** A page that navigated, crashed or closed can no longer answer the screen picker. */
function endPickerRequestsWhenGone(contents: Electron.WebContents): void {
  const { id } = contents;
  contents.on('did-navigate', () => pickerRequests.forget(id));
  contents.on('render-process-gone', () => pickerRequests.forget(id));
  contents.once('destroyed', () => pickerRequests.forget(id));
}

/**
 * Refuses a getDisplayMedia request, so the page's promise rejects. Electron
 * refuses quietly when the callback gets null (its native handler checks for
 * null or nothing); its type declarations allow only an object, and an empty
 * object makes it throw "Video was requested, but no video stream was provided".
 */
function refuseDisplayMedia(callback: (streams: Streams) => void): void {
  (callback as (streams: Streams | null) => void)(null);
}

/**
 * getDisplayMedia in the desktop app: the page's own picker dialog chooses
 * the screen or window (see screen-share/source-picker.ts). Video only:
 * system audio ("loopback") exists on Windows alone, and it would send
 * everyone in the call their own voices back from this member's speakers.
 */
function installScreenSharePicker(): void {
  session.defaultSession.setDisplayMediaRequestHandler(
    (request, callback) => {
      const { frame } = request;
      const contents =
        frame && frame.parent === null && appPage.contains(frame.url)
          ? webContents.fromFrame(frame)
          : undefined;
      if (!contents) {
        refuseDisplayMedia(callback);
        return;
      }
      const page = {
        id: contents.id,
        send: (message: ScreenSourceRequest) => contents.send(bridgeChannels.screenSourceRequest, message),
      };
      void pickScreenSource({
        getSources: (options) => desktopCapturer.getSources(options),
        askUser: (sources, timeoutMs, signal) => pickerRequests.ask(page, sources, timeoutMs, signal),
        // On Wayland, listing the sources already showed the system's picker.
        systemPicker: capturerAsksTheSystem(process.platform, process.env),
      })
        .then((source) => {
          if (source) callback({ video: { id: source.id, name: source.name } });
          else refuseDisplayMedia(callback);
        })
        // Electron throws from the callback when the source vanished or the page went away meanwhile.
        .catch((error: unknown) => console.warn('Screen sharing could not start:', error));
    },
    { useSystemPicker: false },
  );
}

/** Received files being written into the downloads folder (files/download-writer.ts). */
const downloads = new DownloadWriter(() => app.getPath('downloads'));

function registerBridgeHandlers(): void {
  const settingsFile = createSettingsFile(path.join(app.getPath('userData'), 'settings.json'));

  ipcMain.handle(bridgeChannels.getHostInfo, (event): HostInfo => {
    assertFromAppPage(event);
    return {
      kind: 'electron',
      appVersion: app.getVersion(),
      hosted: hosting.current(),
      relay: hosting.relayAvailability(),
    };
  });
  // The request is untrusted input: parseHostingRequest() reads only its relay flag.
  ipcMain.handle(bridgeChannels.startHosting, (event, request: unknown) => {
    assertFromAppPage(event);
    return hosting.start(parseHostingRequest(request));
  });
  ipcMain.handle(bridgeChannels.stopHosting, async (event) => {
    assertFromAppPage(event);
    await discovery.advertise(null);
    return hosting.stop();
  });
  ipcMain.handle(bridgeChannels.loadSettings, (event) => {
    assertFromAppPage(event);
    return settingsFile.load();
  });
  // The page's settings are untrusted input: save() validates them.
  ipcMain.handle(bridgeChannels.saveSettings, (event, settings: unknown) => {
    assertFromAppPage(event);
    return settingsFile.save(settings);
  });
  // The pin is untrusted input: parsePin() validates it.
  ipcMain.handle(bridgeChannels.trustCertificate, (event, pin: unknown) => {
    assertFromAppPage(event);
    const parsed = parsePin(pin);
    if (!parsed) throw new Error('Refused: not a host, port and SHA-256 fingerprint.');
    invitePins.add(parsed);
  });
  ipcMain.handle(bridgeChannels.answerScreenSourceRequest, (event, answer: unknown) => {
    assertFromAppPage(event);
    pickerRequests.answer(event.sender.id, answer);
  });
  ipcMain.handle(bridgeChannels.watchRooms, (event) => {
    assertFromAppPage(event);
    const contents = event.sender;
    discovery.watch(contents.id, (listing) => {
      if (!contents.isDestroyed()) contents.send(bridgeChannels.rooms, listing);
    });
  });
  ipcMain.handle(bridgeChannels.takeAppLink, (event) => {
    assertFromAppPage(event);
    return appLinks?.take() ?? null;
  });
  ipcMain.handle(bridgeChannels.unwatchRooms, (event) => {
    assertFromAppPage(event);
    return discovery.unwatch(event.sender.id);
  });
  // The room to advertise is untrusted input: advertise() validates it.
  ipcMain.handle(bridgeChannels.advertiseRoom, (event, room: unknown) => {
    assertFromAppPage(event);
    return discovery.advertise(room);
  });
  // Received files: the page names only handles the writer made; it checks every argument.
  ipcMain.handle(bridgeChannels.createDownload, (event, request: unknown) => {
    assertFromAppPage(event);
    return downloads.create(request);
  });
  ipcMain.handle(bridgeChannels.writeDownload, (event, handle: unknown, offset: unknown, bytes: unknown) => {
    assertFromAppPage(event);
    return downloads.write(handle, offset, bytes);
  });
  ipcMain.handle(bridgeChannels.finishDownload, (event, handle: unknown) => {
    assertFromAppPage(event);
    return downloads.finish(handle);
  });
  ipcMain.handle(bridgeChannels.discardDownload, (event, handle: unknown) => {
    assertFromAppPage(event);
    return downloads.discard(handle);
  });
}

function main(): void {
  // One instance: a second launch hands its huddle:// link to this one and quits.
  // Registered before 'ready', as macOS sends a link that started the app as 'open-url' early.
  appLinks = startAppLinks({
    app,
    argv: process.argv,
    register: app.isPackaged,
    focusWindow: focusMainWindow,
    notifyPage: () => mainWindow?.webContents.send(bridgeChannels.appLinkWaiting),
  });
  if (!appLinks.primary) return;
  // Sandbox every renderer, including any created without our options.
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => {
    lockDownWebContents(contents);
    endPickerRequestsWhenGone(contents);
    contents.once('destroyed', () => void discovery.unwatch(contents.id));
  });

  // Stop the host before quitting so guests' connections close cleanly and the port is freed;
  // discovery says goodbye, so other apps drop this app's room at once.
  let hostStopped = false;
  app.on('before-quit', (event) => {
    if (hostStopped) return;
    event.preventDefault();
    hostStopped = true;
    void Promise.all([discovery.close(), hosting.stop(), downloads.discardAll()]).finally(() => app.quit());
  });
  // On macOS apps stay open without windows, by platform convention.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    installContentSecurityPolicy();
    installFileRequestPolicy();
    installCertificatePinning();
    installPermissionPolicy();
    installScreenSharePicker();
    registerBridgeHandlers();
    mainWindow = createMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
    });
  });
}

main();
