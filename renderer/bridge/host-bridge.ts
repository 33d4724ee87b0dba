/**
 * The one interface through which the renderer reaches whatever hosts it.
 *
 * Two implementations exist: `electron-bridge.ts` (the preload API of the
 * desktop app) and `browser-bridge.ts` (the web host that serves browser
 * guests). Nothing else in the renderer knows which one it runs under.
 */

/** Where a PeerJS rendezvous server is reached, in the terms of `new Peer(id, options)`. */
export interface RendezvousServer {
  host: string;
  port: number;
  /** Mount path of the PeerJS server, e.g. `/peerjs`. */
  path: string;
  key: string;
  secure: boolean;
  /**
   * STUN/TURN servers to use with this rendezvous server. A Huddle host with
   * a TURN relay hands out short-lived credentials here; absent means none
   * (fine on a LAN).
   */
  iceServers?: IceServer[];
}

/** One STUN or TURN server, in the shape of RTCIceServer (kept here so Node code need not know DOM types). */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** A rendezvous server that this app's own host is running. */
export interface HostedServer {
  /** How this page reaches the server (usually loopback or the page's origin). */
  server: RendezvousServer;
  /** Web client URLs for guests on the LAN, one per usable interface address. */
  lanUrls: string[];
}

export interface HostInfo {
  kind: 'electron' | 'browser';
  appVersion: string;
  /** The server already running beside this page, if any. */
  hosted: HostedServer | null;
}

export interface HostBridge {
  readonly kind: 'electron' | 'browser';
  getHostInfo(): Promise<HostInfo>;
  /** Starts the embedded rendezvous server and web host (or reuses a running one). */
  startHosting(): Promise<HostedServer>;
  /** Stops what `startHosting` started; a no-op where the page does not own the server. */
  stopHosting(): Promise<void>;
}

/** IPC channel names shared by the preload script and the Electron main process. */
export const bridgeChannels = {
  getHostInfo: 'huddle:get-host-info',
  startHosting: 'huddle:start-hosting',
  stopHosting: 'huddle:stop-hosting',
} as const;

/** Name of the object the preload script exposes on `window`. */
export const preloadGlobalName = 'huddleHost';
