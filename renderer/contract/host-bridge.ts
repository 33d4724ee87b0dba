/**
 * The one interface through which the renderer reaches whatever hosts it.
 *
 * Two implementations exist: `electron-bridge.ts` (the preload API of the
 * desktop app) and `browser-bridge.ts` (the web host that serves browser
 * guests). Nothing else in the renderer knows which one it runs under.
 */
import type { UserSettings } from './user-settings.js';
import type { IceServer, RendezvousServer } from './rendezvous-server.js';

export type { IceServer, RendezvousServer };

/** A rendezvous server that this app's own host is running. */
export interface HostedServer {
  /** How this page reaches the server (usually loopback or the page's origin). */
  server: RendezvousServer;
  /** Web client URLs for guests on the LAN, one per usable interface address. */
  lanUrls: string[];
  /**
   * SHA-256 of the host's TLS certificate, 64 lowercase hex digits, which
   * invites carry and the host shows; null or absent over plain HTTP.
   */
  certificateFingerprint?: string | null;
  /** Desktop app only: the TURN relay beside the server, as the host form asked for it. */
  relay?: RelayStatus;
}

/**
 * Id of the element in which the web host writes its HostInfo into the page
 * it serves (a JSON data block, never run): the page knows where to join
 * from its first script, without a request of its own.
 */
export const inlineHostInfoId = 'huddle-host-info';

export interface HostInfo {
  kind: 'electron' | 'browser';
  appVersion: string;
  /** The server already running beside this page, if any. */
  hosted: HostedServer | null;
  /** Desktop app only: whether hosting can also run a TURN relay (coturn) here. */
  relay?: RelayAvailability;
}

/** What the host form asks of hosting. */
export interface HostingRequest {
  /** Also run a TURN relay (coturn), whose credentials guests' pages get. */
  relay: boolean;
}

/** Whether a TURN relay can run beside this app's host, and if not, why (a sentence the form shows). */
export type RelayAvailability = { available: true } | { available: false; reason: string };

/** The relay beside a hosted server: not asked for, running, or asked for and not running (why). */
export type RelayStatus =
  | { state: 'off' }
  /** `port`: UDP and TCP for TURN; `tlsPort`: TURN over TLS, if offered; `relayPorts`: the UDP range relayed media uses. */
  | { state: 'running'; port: number; tlsPort?: number; relayPorts: { min: number; max: number } }
  | { state: 'failed'; reason: string };

export interface HostBridge {
  readonly kind: 'electron' | 'browser';
  getHostInfo(): Promise<HostInfo>;
  /**
   * Starts the embedded rendezvous server and web host (or reuses a running
   * one), with a TURN relay beside it when asked and possible; a relay that
   * cannot run leaves hosting working without it (see `HostedServer.relay`).
   */
  startHosting(request?: HostingRequest): Promise<HostedServer>;
  /** Stops what `startHosting` started; a no-op where the page does not own the server. */
  stopHosting(): Promise<void>;
  /** The user's saved settings (defaults for whatever is missing or bad); never rejects for bad data. */
  loadSettings(): Promise<UserSettings>;
  /** Keeps these settings for the next start; rejects if they could not be kept. */
  saveSettings(settings: UserSettings): Promise<void>;
  /**
   * Desktop app only (a browser decides on certificates with its user): from
   * now on, accept exactly this certificate for this host and port, as an
   * invite's fingerprint names it. Rejects a malformed pin.
   */
  trustCertificate?(pin: TrustedCertificate): Promise<void>;
  /**
   * Desktop app only: calls `listener` each time the app refuses a server's
   * certificate because a pin names another one for that host. Returns the
   * function that stops it.
   */
  onCertificateRefused?(listener: (refusal: CertificateRefusal) => void): () => void;
  /**
   * Desktop app only (browsers show their own picker for getDisplayMedia):
   * while a page asks for a screen to share, the app asks `choose` which of
   * the offered sources to capture; it resolves with a source's id, or null
   * to cancel. Returns the function that stops listening.
   */
  onScreenSourceRequest?(choose: (request: ScreenSourceRequest) => Promise<string | null>): () => void;
  /**
   * Lists the rooms advertised on the local network (mDNS), live: calls
   * `listener` at once and on every change. Returns the function that stops
   * it. Browsers cannot browse mDNS, so their bridge reports it unavailable.
   */
  watchRooms(listener: (listing: RoomListing) => void): () => void;
  /** Advertises the room this app hosts on the local network, or stops with null. */
  advertiseRoom(room: HostedRoomAdvert | null): Promise<void>;
  /**
   * Desktop app only: calls `listener` with each `huddle://` link the system
   * opened the app with (one waiting from the launch at once, later ones as
   * they come). Returns the function that stops it.
   */
  watchAppLinks?(listener: (delivery: AppLinkDelivery) => void): () => void;
  /**
   * Desktop app only: received files written straight into the downloads
   * folder, a chunk at a time (a browser keeps them in memory instead).
   */
  downloads?: DownloadBridge;
}

/**
 * Writing one received file into the downloads folder. The page never names
 * a path: the app makes one, and answers with a handle for it.
 */
export interface DownloadBridge {
  /** Starts a file; resolves with its handle and the (made safe) name it will have. */
  create(request: { name: string; size: number }): Promise<{ handle: string; name: string }>;
  /** Writes the next bytes, which start at `offset` (where the last write ended). */
  write(handle: string, offset: number, bytes: Uint8Array): Promise<void>;
  /** Every byte is written and checked: the file takes its name; resolves with its path. */
  finish(handle: string): Promise<string>;
  /** Deletes what was written. */
  discard(handle: string): Promise<void>;
}

/** A `huddle://` link the app was opened with: the link, checked by the invite parser, or why it was refused. */
export type AppLinkDelivery = { link: string } | { error: string };

/** A room found on the local network. Everything in it was read from the network and validated. */
export interface DiscoveredRoom {
  /** Names this advertisement in the list (its DNS-SD name and the address it came from). */
  key: string;
  roomId: string;
  /** The host's display name: shown as text, never trusted for anything else. */
  hostName: string;
  members: number;
  passcode: boolean;
  protocolVersion: number;
  /** The SHA-256 fingerprint of the host's certificate (upper-case hex pairs with colons), if it gives one. */
  fingerprint: string | null;
  /** The rendezvous server holding the room: the advertisement's sender address and port. */
  server: RendezvousServer;
}

/** The rooms on the network, or why they cannot be listed. */
export type RoomListing = { available: true; rooms: DiscoveredRoom[] } | { available: false; reason: string };

/** What the page tells the app about the room it hosts; the app adds its server's port, path and key. */
export interface HostedRoomAdvert {
  roomId: string;
  hostName: string;
  members: number;
  passcode: boolean;
  protocolVersion: number;
}

/** A host's certificate as an invite names it. */
export interface TrustedCertificate {
  host: string;
  port: number;
  /** SHA-256 of the certificate, 64 hex digits. */
  fingerprint: string;
}

/**
 * The app refused a server's certificate: a pin (from an invite, or its own
 * hosting) names this host, and the server presented another certificate.
 * Sent on `certificateRefused`, e.g.
 * `{"host":"192.168.1.5","port":null,"expected":["ab12…64 hex digits"],"got":"ef56…"}`;
 * the page checks it (bridge/certificate-refusal.ts) before showing it.
 */
export interface CertificateRefusal {
  host: string;
  /** Null where the app cannot tell (Electron's verify procedure is given no port). */
  port: number | null;
  /** The pinned fingerprints for this host, 64 lowercase hex digits each; usually one. */
  expected: string[];
  /** The presented certificate's fingerprint, or null if it could not be read. */
  got: string | null;
}

/** A screen or window that can be shared, as the desktop app offers it to the picker. */
export interface ScreenSource {
  /** The capturer's id, e.g. `screen:0:0` or `window:1234:0`. */
  id: string;
  name: string;
  kind: 'screen' | 'window';
  /** A small picture of it, as a `data:image/...` URL; empty where none could be taken. */
  thumbnail: string;
}

/** The main process asking the page which source to share (channel `screenSourceRequest`). */
export interface ScreenSourceRequest {
  /** Names this request in the answer; an answer to any other request is ignored. */
  requestId: string;
  sources: ScreenSource[];
  /** After this long without an answer the request is refused, and the picker should close. */
  timeoutMs: number;
}

/** The page's answer (channel `answerScreenSourceRequest`): a source id, or null to cancel. */
export interface ScreenSourceAnswer {
  requestId: string;
  sourceId: string | null;
}

/**
 * What the preload script exposes on `window[preloadGlobalName]`. The same
 * as HostBridge for everything but screen-source requests, which cross as
 * raw, unvalidated messages: the bridge checks them before the page sees them.
 */
export interface PreloadApi {
  getHostInfo(): Promise<HostInfo>;
  startHosting(request?: HostingRequest): Promise<HostedServer>;
  stopHosting(): Promise<void>;
  loadSettings(): Promise<UserSettings>;
  saveSettings(settings: UserSettings): Promise<void>;
  /** Calls `listener` with each request the main process sends; returns the function that stops it. */
  onScreenSourceRequest(listener: (request: unknown) => void): () => void;
  answerScreenSourceRequest(answer: ScreenSourceAnswer): Promise<void>;
  /** Starts listing rooms and calls `listener` with each listing (unvalidated); returns the function that stops it. */
  watchRooms(listener: (listing: unknown) => void): () => void;
  advertiseRoom(room: HostedRoomAdvert | null): Promise<void>;
  trustCertificate(pin: TrustedCertificate): Promise<void>;
  /** Calls `listener` with each certificate refusal (unvalidated); returns the function that stops it. */
  onCertificateRefused(listener: (refusal: unknown) => void): () => void;
  /** Calls `listener` with each link the app was opened with (unvalidated); returns the function that stops it. */
  watchAppLinks(listener: (delivery: unknown) => void): () => void;
  /** The DownloadBridge's calls; answers are checked by the bridge before the engine sees them. */
  createDownload(request: { name: string; size: number }): Promise<unknown>;
  writeDownload(handle: string, offset: number, bytes: Uint8Array): Promise<void>;
  finishDownload(handle: string): Promise<unknown>;
  discardDownload(handle: string): Promise<void>;
}

/** IPC channel names shared by the preload script and the Electron main process. */
export const bridgeChannels = {
  getHostInfo: 'huddle:get-host-info',
  /** Page to main process: a HostingRequest. */
  startHosting: 'huddle:start-hosting',
  stopHosting: 'huddle:stop-hosting',
  loadSettings: 'huddle:load-settings',
  saveSettings: 'huddle:save-settings',
  /** Main process to page: a ScreenSourceRequest. */
  screenSourceRequest: 'huddle:screen-source-request',
  /** Page to main process: a ScreenSourceAnswer. */
  answerScreenSourceRequest: 'huddle:answer-screen-source-request',
  /** Page to main process: start (or stop) sending this page the rooms on the network. */
  watchRooms: 'huddle:watch-rooms',
  unwatchRooms: 'huddle:unwatch-rooms',
  /** Main process to page: a RoomListing. */
  rooms: 'huddle:rooms',
  /** Page to main process: a HostedRoomAdvert, or null. */
  advertiseRoom: 'huddle:advertise-room',
  /** Page to main process: a TrustedCertificate from an invite. */
  trustCertificate: 'huddle:trust-certificate',
  /** Main process to page: a CertificateRefusal. */
  certificateRefused: 'huddle:certificate-refused',
  /** Main process to page: a `huddle://` link is waiting (no data: the page takes it). */
  appLinkWaiting: 'huddle:app-link-waiting',
  /** Page to main process: take the waiting link, an AppLinkDelivery or null. */
  takeAppLink: 'huddle:take-app-link',
  /** Page to main process: the DownloadBridge's calls. */
  createDownload: 'huddle:create-download',
  writeDownload: 'huddle:write-download',
  finishDownload: 'huddle:finish-download',
  discardDownload: 'huddle:discard-download',
} as const;

/** Name of the object the preload script exposes on `window`. */
export const preloadGlobalName = 'huddleHost';
