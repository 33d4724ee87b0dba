/**
 * Moves a media connection that reaches its relay over TCP or TLS onto UDP,
 * once UDP to the relay is shown to work.
 *
 * Why it happens: a connection gathers a relay candidate for each way to
 * the relay (UDP, TCP, TLS), and the browser stops gathering as soon as one
 * candidate pair works. Whichever allocation the relay grants first wins for
 * the life of the connection, and the later ones are dropped unused. UDP
 * usually wins, but not always: when the UDP socket is still opening, the
 * browser's first allocation request is not sent and goes again only on
 * the retransmission timer, a quarter of a second later, by which time TCP
 * has its allocation and the path is chosen. Media over TCP to the relay
 * suffers head-of-line blocking and more delay, though UDP works.
 *
 * What it does: while the selected path goes through the relay over TCP or
 * TLS, it asks whether UDP reaches the relay now (udp-relay-probe.ts): at
 * once, then after 10, 20, 40 and then every 60 s while the answer is no. On
 * yes, the connection keeps only the relay's UDP addresses and restarts ICE:
 * media goes on over the old path until the new one works. A repair of the
 * connection (ICE restart after an outage) gives it every way back first,
 * since the network may have changed.
 */
import { rtcConfiguration, udpRelayServers, type IceSettings } from './ice-config.js';
import type { LocalEnd } from './relay-detection.js';

/** Waits between asks while UDP to the relay does not work. */
const RECHECK_AFTER_MS = [10_000, 20_000, 40_000, 60_000] as const;

export interface RelayUpgradeOptions {
  pc: Pick<RTCPeerConnection, 'setConfiguration'>;
  ice: IceSettings;
  /** Restarts ICE through negotiation. */
  restartIce: () => void;
  /** Whether UDP reaches a relay among these servers now. */
  probe: (servers: readonly RTCIceServer[]) => Promise<boolean>;
  log: (message: string) => void;
}

export class RelayUpgrade {
  /** The connection keeps only UDP ways to the relay. */
  private upgraded = false;
  private probing = false;
  private failedAsks = 0;
  private nextAskAt = 0;
  /** Bumped by reset() and close(): an answer to an older ask is ignored. */
  private generation = 0;

  constructor(private readonly options: RelayUpgradeOptions) {}

  /** Our end of the selected path, from the guard's statistics read (null: no selected pair yet). */
  notePath(local: LocalEnd | null, now: number): void {
    if (this.upgraded || this.probing || now < this.nextAskAt) return;
    if (local?.candidateType !== 'relay' || local.relayProtocol === 'udp' || local.relayProtocol === null)
      return;
    const udpOnly = udpRelayServers(this.options.ice.iceServers);
    this.probing = true;
    const generation = this.generation;
    void this.options.probe(this.options.ice.iceServers).then((works) => {
      if (generation !== this.generation) return;
      this.probing = false;
      if (!works) {
        const wait = RECHECK_AFTER_MS[Math.min(this.failedAsks, RECHECK_AFTER_MS.length - 1)]!;
        this.failedAsks += 1;
        this.nextAskAt = now + wait;
        return;
      }
      this.upgraded = true;
      this.options.log(
        `media path relayed over ${local.relayProtocol}, and UDP reaches the relay: restarting ICE to relay over UDP`,
      );
      this.options.pc.setConfiguration({ ...rtcConfiguration(this.options.ice), iceServers: udpOnly });
      this.options.restartIce();
    });
  }

  /** Before a repair's ICE restart: every way to the relay again, and asking starts over. */
  reset(): void {
    this.generation += 1;
    this.probing = false;
    this.failedAsks = 0;
    this.nextAskAt = 0;
    if (!this.upgraded) return;
    this.upgraded = false;
    this.options.pc.setConfiguration(rtcConfiguration(this.options.ice));
  }

  close(): void {
    this.generation += 1;
  }
}
