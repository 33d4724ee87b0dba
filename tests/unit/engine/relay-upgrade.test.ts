import { describe, expect, it, vi } from 'vitest';
import { RelayUpgrade } from '../../../renderer/engine/media/relay-upgrade.js';
import type { LocalEnd } from '../../../renderer/engine/media/relay-detection.js';

const iceServers: RTCIceServer[] = [
  {
    urls: [
      'turn:relay:3478?transport=udp',
      'turn:relay:3478?transport=tcp',
      'turns:relay:5349?transport=tcp',
    ],
    username: 'u',
    credential: 'c',
  },
];
const udpOnly = [{ urls: ['turn:relay:3478?transport=udp'], username: 'u', credential: 'c' }];
const overTcp: LocalEnd = { candidateType: 'relay', relayProtocol: 'tcp' };
const overTls: LocalEnd = { candidateType: 'relay', relayProtocol: 'tls' };
const overUdp: LocalEnd = { candidateType: 'relay', relayProtocol: 'udp' };
const direct: LocalEnd = { candidateType: 'host', relayProtocol: null };

/** A RelayUpgrade whose probe answers what the test says, when it says. */
function upgradeWith(relayOnly = true) {
  const answers: Array<(works: boolean) => void> = [];
  const options = {
    pc: { setConfiguration: vi.fn() },
    ice: { iceServers, relayOnly },
    restartIce: vi.fn(),
    probe: vi.fn(() => new Promise<boolean>((resolve) => answers.push(resolve))),
    log: vi.fn(),
  };
  const answer = async (works: boolean): Promise<void> => {
    answers.shift()?.(works);
    await Promise.resolve();
  };
  return { upgrade: new RelayUpgrade(options), options, answer };
}

describe('moving a relayed path from TCP to UDP', () => {
  it('asks whether UDP reaches the relay when the path goes over TCP or TLS, and only then', () => {
    for (const path of [overUdp, direct, null]) {
      const { upgrade, options } = upgradeWith();
      upgrade.notePath(path, 0);
      expect(options.probe).not.toHaveBeenCalled();
    }
    for (const path of [overTcp, overTls]) {
      const { upgrade, options } = upgradeWith();
      upgrade.notePath(path, 0);
      expect(options.probe).toHaveBeenCalledWith(iceServers);
    }
  });

  it('on yes keeps only the UDP ways to the relay and restarts ICE, once', async () => {
    const { upgrade, options, answer } = upgradeWith();
    upgrade.notePath(overTcp, 0);
    upgrade.notePath(overTcp, 2000); // still asking: no second probe
    expect(options.probe).toHaveBeenCalledTimes(1);
    await answer(true);
    expect(options.pc.setConfiguration).toHaveBeenCalledWith({
      iceServers: udpOnly,
      iceTransportPolicy: 'relay',
    });
    expect(options.restartIce).toHaveBeenCalledTimes(1);
    // The restarted connection may read TCP for a moment yet: nothing more is done.
    upgrade.notePath(overTcp, 4000);
    expect(options.probe).toHaveBeenCalledTimes(1);
  });

  it('keeps the policy the member chose', async () => {
    const { upgrade, options, answer } = upgradeWith(false);
    upgrade.notePath(overTcp, 0);
    await answer(true);
    expect(options.pc.setConfiguration).toHaveBeenCalledWith({
      iceServers: udpOnly,
      iceTransportPolicy: 'all',
    });
  });

  it('on no leaves the connection alone and asks again after 10, 20, 40, then every 60 s', async () => {
    const { upgrade, options, answer } = upgradeWith();
    const askedAt: number[] = [];
    for (let now = 0; now <= 200_000; now += 2000) {
      const before = options.probe.mock.calls.length;
      upgrade.notePath(overTcp, now);
      if (options.probe.mock.calls.length > before) {
        askedAt.push(now);
        await answer(false);
      }
    }
    expect(askedAt).toEqual([0, 10_000, 30_000, 70_000, 130_000, 190_000]);
    expect(options.pc.setConfiguration).not.toHaveBeenCalled();
    expect(options.restartIce).not.toHaveBeenCalled();
  });

  it('a repair gives back every way to the relay, and an answer from before it is ignored', async () => {
    const { upgrade, options, answer } = upgradeWith();
    upgrade.notePath(overTcp, 0);
    await answer(true);
    upgrade.reset();
    expect(options.pc.setConfiguration).toHaveBeenLastCalledWith({ iceServers, iceTransportPolicy: 'relay' });

    // After the repair the path may go over TCP again (UDP may be what broke): asked afresh.
    upgrade.notePath(overTcp, 5000);
    expect(options.probe).toHaveBeenCalledTimes(2);
    upgrade.reset(); // a second repair while that ask is out
    await answer(true);
    expect(options.restartIce).toHaveBeenCalledTimes(1);
  });

  it('does nothing once closed', async () => {
    const { upgrade, options, answer } = upgradeWith();
    upgrade.notePath(overTcp, 0);
    upgrade.close();
    await answer(true);
    expect(options.pc.setConfiguration).not.toHaveBeenCalled();
    expect(options.restartIce).not.toHaveBeenCalled();
  });
});
