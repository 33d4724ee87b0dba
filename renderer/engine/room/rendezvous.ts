/**
 * Opening a PeerJS peer on a rendezvous server under a chosen id, with the
 * server's answers turned into the engine's error vocabulary.
 */
import { Peer, type PeerError } from 'peerjs';
import type { RendezvousServer } from '../../bridge/host-bridge.js';
import { HuddleError } from '../errors.js';
import { rtcConfiguration, type IceSettings } from '../media/ice-config.js';

export interface PeerOptions {
  server: RendezvousServer;
  ice: IceSettings;
  /** How long to wait for the server to confirm the id. */
  timeoutMs?: number;
}

export type PeerFactory = (id: string, options: PeerOptions) => Peer;

export const createPeer: PeerFactory = (id, { server, ice }) =>
  new Peer(id, {
    host: server.host,
    port: server.port,
    path: server.path,
    key: server.key,
    secure: server.secure,
    // PeerJS would otherwise add public STUN/TURN servers of its own.
    config: rtcConfiguration(ice),
    debug: 1,
  });

function serverLabel(server: RendezvousServer): string {
  return `${server.secure ? 'https' : 'http'}://${server.host}:${server.port}${server.path}`;
}

/** Maps a PeerJS error to ours. `takenAs` words the message when the id is taken. */
export function toHuddleError(
  error: PeerError<string>,
  server: RendezvousServer,
  takenAs: string,
): HuddleError {
  // A stock server answers a wrong key with a generic server error naming it.
  if (error.type === 'invalid-key' || /invalid key/i.test(error.message)) {
    return new HuddleError(
      'server-rejected-key',
      `The server at ${serverLabel(server)} refused the key "${server.key}".`,
    );
  }
  switch (error.type) {
    case 'unavailable-id':
      return new HuddleError('name-taken', takenAs);
    case 'invalid-id':
      return new HuddleError('name-invalid', 'That name cannot be used on this server.');
    default:
      return new HuddleError(
        'server-unreachable',
        `Could not reach the rendezvous server at ${serverLabel(server)} (${error.type}).`,
      );
  }
}

/**
 * Resolves once the server has accepted `id`; rejects with a HuddleError.
 * On failure the peer is destroyed, so nothing half-open is left behind.
 */
export function openPeer(
  id: string,
  options: PeerOptions,
  takenMessage: string,
  factory: PeerFactory = createPeer,
): Promise<Peer> {
  return new Promise((resolve, reject) => {
    const peer = factory(id, options);
    const fail = (error: HuddleError): void => {
      clearTimeout(timer);
      peer.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () =>
        fail(
          new HuddleError(
            'server-unreachable',
            `The rendezvous server at ${serverLabel(options.server)} did not answer.`,
          ),
        ),
      options.timeoutMs ?? 8000,
    );
    const onError = (error: PeerError<string>): void =>
      fail(toHuddleError(error, options.server, takenMessage));
    peer.once('error', onError);
    peer.once('open', () => {
      clearTimeout(timer);
      peer.off('error', onError);
      resolve(peer);
    });
  });
}
