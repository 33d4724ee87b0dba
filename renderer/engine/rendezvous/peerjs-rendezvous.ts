/**
 * The rendezvous port filled by PeerJS: the one file of the engine that
 * speaks PeerJS. Peers are registered with the server's answers turned into
 * the engine's error vocabulary; data connections are opened raw (our own
 * JSON text), reliable and ordered; PeerJS media calls are never used.
 */
import { Peer, type DataConnection, type PeerError } from 'peerjs';
import { Emitter } from '../emitter.js';
import { HuddleError } from '../errors.js';
import { rtcConfiguration, type IceSettings } from '../media/ice-config.js';
import { transportBytesReceived } from '../media/link-stats.js';
import type {
  ChannelEvents,
  PeerChannel,
  PeerEvents,
  Rendezvous,
  RendezvousPeer,
} from './rendezvous-port.js';
import type { RendezvousServer } from '../../contract/rendezvous-server.js';

/** Marks a connection that only checks whether a member still exists. */
const PROBE = { probe: true } as const;

function isProbe(metadata: unknown): boolean {
  return (
    typeof metadata === 'object' && metadata !== null && (metadata as { probe?: unknown }).probe === true
  );
}

/** The transfer a connection was dialed for (its metadata), or null. */
function transferOf(metadata: unknown): string | null {
  if (typeof metadata !== 'object' || metadata === null) return null;
  const transfer = (metadata as { transfer?: unknown }).transfer;
  return typeof transfer === 'string' && transfer.length <= 64 ? transfer : null;
}

function serverLabel(server: RendezvousServer): string {
  return `${server.secure ? 'https' : 'http'}://${server.host}:${server.port}${server.path}`;
}

/** Maps a PeerJS error to ours. `takenAs` words the message when the id is taken. */
export function toHuddleError(
  error: { type: string; message: string },
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

class PeerJsChannel implements PeerChannel {
  readonly peer: string;
  readonly isProbe: boolean;
  readonly transfer: string | null;

  constructor(private readonly connection: DataConnection) {
    this.peer = connection.peer;
    this.isProbe = isProbe(connection.metadata);
    this.transfer = transferOf(connection.metadata);
  }

  get bufferedAmount(): number {
    // Kept far below PeerJS's own 8 MiB limit, so PeerJS never queues on top of the data channel.
    return this.connection.dataChannel?.bufferedAmount ?? 0;
  }

  get maxMessageSize(): number | null {
    return this.connection.peerConnection?.sctp?.maxMessageSize ?? null;
  }

  get open(): boolean {
    return this.connection.open;
  }

  get answered(): boolean {
    return !!this.connection.peerConnection?.remoteDescription;
  }

  get pathUp(): boolean {
    const ice = this.connection.peerConnection?.iceConnectionState;
    return ice === 'connected' || ice === 'completed';
  }

  send(text: string): void {
    void this.connection.send(text);
  }

  sendBytes(bytes: Uint8Array): void {
    void this.connection.send(bytes);
  }

  onDrained(threshold: number, listener: () => void): void {
    const channel = this.connection.dataChannel as RTCDataChannel | undefined;
    if (!channel) return;
    channel.bufferedAmountLowThreshold = threshold;
    channel.addEventListener('bufferedamountlow', listener);
  }

  setDrainThreshold(threshold: number): void {
    const channel = this.connection.dataChannel as RTCDataChannel | undefined;
    if (channel) channel.bufferedAmountLowThreshold = threshold;
  }

  close(): void {
    this.connection.close();
  }

  on<K extends keyof ChannelEvents>(event: K, listener: (payload: ChannelEvents[K]) => void): void {
    const forward = listener as (payload?: unknown) => void;
    if (event === 'data') this.connection.on('data', (data: unknown) => forward(data));
    else if (event === 'error') this.connection.on('error', (error: Error) => forward(error));
    else if (event === 'open') this.connection.on('open', () => forward());
    else this.connection.on('close', () => forward());
  }

  removeAllListeners(): void {
    this.connection.removeAllListeners();
  }

  async transportBytesReceived(): Promise<number | null> {
    const pc = this.connection.peerConnection as RTCPeerConnection | null | undefined;
    return pc ? transportBytesReceived(await pc.getStats()) : null;
  }

  onRelayRefused(listener: () => void): void {
    this.connection.peerConnection?.addEventListener('icecandidateerror', (event) => {
      if ((event as RTCPeerConnectionIceErrorEvent).errorCode === 401) listener();
    });
  }
}

class PeerJsPeer extends Emitter<PeerEvents> implements RendezvousPeer {
  constructor(private readonly peer: Peer) {
    super();
    peer.on('connection', (connection) => this.emit('connection', new PeerJsChannel(connection)));
    peer.on('open', () => this.emit('open', undefined));
    peer.on('disconnected', () => this.emit('disconnected', undefined));
    peer.on('error', (error: PeerError<string>) => {
      // PeerJS reports an absent peer on the Peer, naming it at the end of the message.
      const absent = error.type === 'peer-unavailable' && /peer (\S+)$/u.exec(error.message)?.[1];
      if (absent) this.emit('unavailable', absent);
      else this.emit('error', { type: error.type, message: error.message });
    });
    // A media call is never answered: media comes only over member links.
    peer.on('call', (call) => {
      call.close();
      this.emit('call-refused', call.peer);
    });
  }

  get id(): string {
    return this.peer.id;
  }

  get disconnected(): boolean {
    return this.peer.disconnected;
  }

  get destroyed(): boolean {
    return this.peer.destroyed;
  }

  connect(peerId: string, options: { probe?: boolean; transfer?: string } = {}): PeerChannel {
    const metadata = options.probe ? PROBE : options.transfer ? { transfer: options.transfer } : undefined;
    const connection = this.peer.connect(peerId, {
      serialization: 'raw',
      reliable: true,
      ...(metadata ? { metadata } : {}),
    });
    return new PeerJsChannel(connection);
  }

  reconnect(): void {
    this.peer.reconnect();
  }

  disconnect(): void {
    this.peer.disconnect();
  }

  destroy(): void {
    this.peer.destroy();
    this.removeAllListeners();
  }
}

export class PeerJsRendezvous implements Rendezvous {
  constructor(
    readonly server: RendezvousServer,
    private readonly ice: IceSettings,
  ) {}

  open(id: string, takenMessage: string, timeoutMs = 8000): Promise<RendezvousPeer> {
    const { server } = this;
    return new Promise((resolve, reject) => {
      const peer = new Peer(id, {
        host: server.host,
        port: server.port,
        path: server.path,
        key: server.key,
        secure: server.secure,
        // PeerJS would otherwise add public STUN/TURN servers of its own.
        config: rtcConfiguration(this.ice),
        debug: 1,
      });
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
              `The rendezvous server at ${serverLabel(server)} did not answer.`,
            ),
          ),
        timeoutMs,
      );
      const onError = (error: PeerError<string>): void => fail(toHuddleError(error, server, takenMessage));
      peer.once('error', onError);
      peer.once('open', () => {
        clearTimeout(timer);
        peer.off('error', onError);
        resolve(new PeerJsPeer(peer));
      });
    });
  }
}
