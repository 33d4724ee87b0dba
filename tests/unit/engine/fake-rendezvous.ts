/**
 * An in-memory rendezvous server for the room engine's unit tests, filling
 * the same port PeerJS fills in the app: ids held one at a time, dialing
 * and being dialed, ordered channels between peers, "unavailable" for an id
 * nobody holds. A peer can leave properly (destroy: its channels close at
 * both ends) or crash (its id is freed at once, as the server frees a closed
 * socket, but its channels just go silent, as a dead browser's would).
 * Everything is delivered on later timer turns, so fake timers drive it.
 */
import { HuddleError } from '../../../renderer/engine/errors.js';
import type {
  ChannelEvents,
  PeerChannel,
  PeerEvents,
  Rendezvous,
  RendezvousPeer,
} from '../../../renderer/engine/rendezvous/rendezvous-port.js';
import type { RendezvousServer } from '../../../renderer/contract/rendezvous-server.js';

type Listeners<Events> = { [K in keyof Events]?: Array<(payload: Events[K]) => void> };

function listen<Events, K extends keyof Events>(
  listeners: Listeners<Events>,
  event: K,
  listener: (payload: Events[K]) => void,
): void {
  const list: Array<(payload: Events[K]) => void> = listeners[event] ?? [];
  list.push(listener);
  listeners[event] = list;
}

function emit<Events, K extends keyof Events>(
  listeners: Listeners<Events>,
  event: K,
  payload: Events[K],
): void {
  for (const listener of [...(listeners[event] ?? [])]) listener(payload);
}

const later = (action: () => void): void => void setTimeout(action, 0);

export class FakeChannel implements PeerChannel {
  open = false;
  other: FakeChannel | null = null;
  /** Set when the peer at this end crashed: nothing goes in or out any more, and no close is seen. */
  dead = false;
  /** Bytes sent and not yet delivered: each binary frame until its delivery turn. */
  bufferedAmount = 0;
  /** The largest message a WebRTC channel between two Chromiums carries. */
  maxMessageSize: number | null = 256 * 1024;
  /** The most bufferedAmount ever reached: what backpressure must bound. */
  peakBuffered = 0;
  /** Text messages that arrived here (a transfer's sender gets `resume`, then acks). */
  textsIn = 0;
  /** The most bufferedAmount reached while `textsIn` was each count: how the sender's limit grew. */
  readonly peakBufferedAfterTexts: number[] = [];
  /** When set, the channel carries this many bytes a millisecond (fake time), in order; otherwise each frame arrives on the next turn. */
  bytesPerMs: number | null = null;
  private busyUntil = 0;
  /** Bytes of acknowledgement from the far end's transport (see transportBytesReceived). */
  private acknowledged = 0;
  private listeners: Listeners<ChannelEvents> = {};
  private drained: Array<{ threshold: number; listener: () => void }> = [];
  private closed = false;
  /** The far end closed before this channel opened: it never will. */
  private abandoned = false;

  constructor(
    readonly peer: string,
    readonly isProbe: boolean,
    readonly transfer: string | null = null,
  ) {
    // A file takes time to cross (20 MB/s), so tests can act while it does.
    if (transfer !== null) this.bytesPerMs = 20_000;
  }

  get answered(): boolean {
    return this.other !== null && !this.other.dead;
  }

  /** Between fakes, a channel that reached a live peer has a path (and opens after the server's set-up time). */
  get pathUp(): boolean {
    return this.answered && !this.dead;
  }

  send(text: string): void {
    const other = this.other;
    if (!this.open || this.dead || !other) return;
    setTimeout(() => {
      if (!other.open || other.dead || this.dead) return;
      this.acknowledged += 16;
      other.textsIn++;
      emit(other.listeners, 'data', text);
    }, this.delayFor(text.length));
  }

  /** How long until a frame of `length` sent now arrives: behind everything sent before it. */
  private delayFor(length: number): number {
    if (this.bytesPerMs === null) return 0;
    const now = performance.now();
    this.busyUntil = Math.max(now, this.busyUntil) + length / this.bytesPerMs;
    return this.busyUntil - now;
  }

  sendBytes(bytes: Uint8Array): void {
    const other = this.other;
    if (!this.open || this.dead || !other) return;
    // A copy, as the network makes one: the sender may reuse its buffer.
    const copy = bytes.slice().buffer;
    this.bufferedAmount += bytes.length;
    this.peakBuffered = Math.max(this.peakBuffered, this.bufferedAmount);
    this.peakBufferedAfterTexts[this.textsIn] = Math.max(
      this.peakBufferedAfterTexts[this.textsIn] ?? 0,
      this.bufferedAmount,
    );
    setTimeout(() => {
      const before = this.bufferedAmount;
      this.bufferedAmount -= bytes.length;
      if (other.open && !other.dead && !this.dead) emit(other.listeners, 'data', copy);
      for (const { threshold, listener } of this.drained)
        if (before > threshold && this.bufferedAmount <= threshold && this.open) listener();
    }, this.delayFor(bytes.length));
  }

  onDrained(threshold: number, listener: () => void): void {
    this.drained.push({ threshold, listener });
  }

  setDrainThreshold(threshold: number): void {
    for (const drained of this.drained) drained.threshold = threshold;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const wasOpen = this.open;
    this.open = false;
    if (wasOpen) emit(this.listeners, 'close', undefined);
    const other = this.other;
    if (!other || this.dead) return;
    // Closed while still being set up (its peer destroyed, say): as with
    // WebRTC, the far end's channel never opens, and no close comes either.
    if (!wasOpen && !other.open) other.abandoned = true;
    else later(() => other.closeFromFar());
  }

  on<K extends keyof ChannelEvents>(event: K, listener: (payload: ChannelEvents[K]) => void): void {
    listen(this.listeners, event, listener);
  }

  removeAllListeners(): void {
    this.listeners = {};
    this.drained = [];
  }

  onRelayRefused(): void {}

  /** What the far end's transport sent back: it acknowledges each message it takes, while it is not dead. */
  async transportBytesReceived(): Promise<number | null> {
    return this.acknowledged;
  }

  opened(): void {
    if (this.closed || this.dead || this.abandoned) return;
    this.open = true;
    emit(this.listeners, 'open', undefined);
  }

  private closeFromFar(): void {
    if (this.closed || this.dead) return;
    this.closed = true;
    this.open = false;
    emit(this.listeners, 'close', undefined);
  }
}

export class FakePeer implements RendezvousPeer {
  disconnected = false;
  destroyed = false;
  /** Its network is gone (see networkGone): nothing reaches the server or other peers. */
  offline = false;
  /** Its network went and the server has not noticed yet: it still holds the id for a dead socket. */
  unnoticed = false;
  private noticeOnReturn = false;
  readonly channels = new Set<FakeChannel>();
  private listeners: Listeners<PeerEvents> = {};

  constructor(
    readonly id: string,
    private readonly server: FakeRendezvousServer,
  ) {}

  connect(peerId: string, options: { probe?: boolean; transfer?: string } = {}): PeerChannel {
    const mine = new FakeChannel(peerId, options.probe ?? false, options.transfer ?? null);
    this.channels.add(mine);
    const reach = (target: FakePeer): void => {
      const theirs = new FakeChannel(this.id, options.probe ?? false, options.transfer ?? null);
      target.channels.add(theirs);
      mine.other = theirs;
      theirs.other = mine;
      emit(target.listeners, 'connection', theirs);
      setTimeout(() => {
        theirs.opened();
        mine.opened();
      }, this.server.connectionSetupMs);
    };
    later(() => {
      // Without a network the request never reaches the server; nor through a connection it has dropped.
      if (this.offline || (!this.disconnected && this.server.holder(this.id) !== this)) return;
      const target = this.server.holder(peerId);
      // A holder whose network went, not yet noticed by the server: the dial goes into its dead socket.
      if (target?.offline || target?.unnoticed) return;
      if (!target && !this.destroyed && this.server.dialWaitMs > 0) {
        this.server.waitFor(peerId, reach, () => {
          if (!this.destroyed) emit(this.listeners, 'unavailable', peerId);
        });
        return;
      }
      if (!target || target.disconnected || this.destroyed) {
        if (!this.destroyed) emit(this.listeners, 'unavailable', peerId);
        return;
      }
      reach(target);
    });
    return mine;
  }

  on<K extends keyof PeerEvents>(event: K, listener: (payload: PeerEvents[K]) => void): void {
    listen(this.listeners, event, listener);
  }

  off<K extends keyof PeerEvents>(event: K, listener: (payload: PeerEvents[K]) => void): void {
    const list = this.listeners[event];
    if (list) list.splice(list.indexOf(listener), 1);
  }

  reconnect(): void {
    later(() => {
      if (this.destroyed || this.server.down || this.offline) {
        emit(this.listeners, 'error', { type: 'network', message: 'Lost connection to server.' });
        return;
      }
      const holder = this.server.holder(this.id);
      if (holder && holder !== this) {
        emit(this.listeners, 'error', { type: 'unavailable-id', message: `ID "${this.id}" is taken` });
        return;
      }
      this.server.register(this);
      this.disconnected = false;
      this.unnoticed = false;
      emit(this.listeners, 'open', undefined);
    });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    // A real server frees the id once it has processed the socket's close.
    setTimeout(() => this.server.release(this), this.server.releaseDelayMs);
    for (const channel of this.channels) channel.close();
  }

  /** The browser dies: the id is freed at once, its channels go silent without a close. */
  crash(): void {
    this.destroyed = true;
    this.server.release(this);
    for (const channel of this.channels) channel.dead = true;
  }

  /**
   * The machine's network goes entirely (a laptop closed): its channels go
   * silent and it cannot reconnect until networkBack(). The server notices
   * after its alive timeout (`serverNoticesAfterMs`; at once by default) and
   * frees the id; until then dials to it go unanswered. We notice at once,
   * once the network is back, or (`weNeverNotice`: TCP still backing off)
   * not by ourselves at all: what we send then goes nowhere.
   */
  networkGone(serverNoticesAfterMs = 0, { weNoticeOnReturn = false, weNeverNotice = false } = {}): void {
    this.offline = true;
    for (const channel of this.channels) channel.dead = true;
    // A socket that carries nothing is often found dead only when the network is back.
    this.noticeOnReturn = weNoticeOnReturn;
    // Noticed a moment later, as a socket's close is: the machine's other peers lose their network too meanwhile.
    if (!weNoticeOnReturn && !weNeverNotice) later(() => this.loseServer());
    this.unnoticed = true;
    const notice = (): void => {
      if (!this.unnoticed) return;
      this.unnoticed = false;
      this.server.release(this);
    };
    if (serverNoticesAfterMs) setTimeout(notice, serverNoticesAfterMs);
    else notice();
  }

  networkBack(): void {
    this.offline = false;
    if (this.noticeOnReturn) this.loseServer();
    this.noticeOnReturn = false;
  }

  private loseServer(): void {
    this.disconnected = true;
    emit(this.listeners, 'disconnected', undefined);
  }

  /** We close our connection to the server; without a network, the server learns only when it notices. */
  disconnect(): void {
    if (this.disconnected || this.destroyed) return;
    this.loseServer();
    if (!this.offline) this.server.release(this);
  }

  /** The server dropped us (it restarted, or our network to it went). */
  lose(): void {
    this.disconnected = true;
    this.server.release(this);
    emit(this.listeners, 'disconnected', undefined);
  }
}

export class FakeRendezvousServer {
  private readonly ids = new Map<string, FakePeer>();
  /** While down, nobody can register or reconnect. */
  down = false;
  /** How long after a peer's destroy the server frees its id. */
  releaseDelayMs = 0;
  /** How long a dialed channel takes to open once the dial reached its peer (ICE and DTLS); next turn by default. */
  connectionSetupMs = 0;
  /** How long the server takes to answer a registration, by id (a slow socket); at once by default. */
  readonly answerDelayMs = new Map<string, number>();
  /**
   * As a PeerJS server does (for 5 s): a dial to an id nobody holds waits
   * this long for someone to register it, and is handed over right behind
   * the registration, on its socket, before answers on any other socket
   * (such as "taken" for the room's ids). 0: "unavailable" at once.
   */
  dialWaitMs = 0;
  private readonly waiting = new Map<
    string,
    Array<{ reach: (holder: FakePeer) => void; timer: ReturnType<typeof setTimeout> }>
  >();

  /** Keeps a dial to `id` until someone registers it, or gives up after dialWaitMs. */
  waitFor(id: string, reach: (holder: FakePeer) => void, expired: () => void): void {
    const list = this.waiting.get(id) ?? [];
    const entry = {
      reach,
      timer: setTimeout(() => {
        list.splice(list.indexOf(entry), 1);
        expired();
      }, this.dialWaitMs),
    };
    list.push(entry);
    this.waiting.set(id, list);
  }
  readonly config: RendezvousServer = { host: 'fake', port: 1, path: '/', key: 'k', secure: false };

  holder(id: string): FakePeer | undefined {
    return this.ids.get(id);
  }

  register(peer: FakePeer): void {
    this.ids.set(peer.id, peer);
    const waiting = this.waiting.get(peer.id) ?? [];
    this.waiting.delete(peer.id);
    for (const { reach, timer } of waiting) {
      clearTimeout(timer);
      later(() => {
        if (this.ids.get(peer.id) === peer) reach(peer);
      });
    }
  }

  release(peer: FakePeer): void {
    if (this.ids.get(peer.id) === peer) this.ids.delete(peer.id);
  }

  /** The rendezvous service one member sees. */
  rendezvous(): Rendezvous & { peers: FakePeer[] } {
    const peers: FakePeer[] = [];
    return {
      server: this.config,
      peers,
      open: (id, takenMessage) =>
        new Promise((resolve, reject) => {
          setTimeout(
            () => {
              if (this.down) {
                reject(new HuddleError('server-unreachable', 'The rendezvous server did not answer.'));
              } else if (this.ids.has(id)) {
                const refuse = () => reject(new HuddleError('name-taken', takenMessage));
                // Dials waiting for a registration come first (see dialWaitMs).
                if (this.dialWaitMs > 0) later(refuse);
                else refuse();
              } else {
                const peer = new FakePeer(id, this);
                this.register(peer);
                peers.push(peer);
                resolve(peer);
              }
            },
            this.answerDelayMs.get(id) ?? 0,
          );
        }),
    };
  }
}
