/**
 * Where a rendezvous server is, and the STUN/TURN servers that go with it:
 * what the engine is given to join a room, whoever hosts the page.
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
