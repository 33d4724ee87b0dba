/**
 * Connecting through any network, in the lab: members in their own network
 * namespaces behind nftables firewalls, the host (rendezvous and TURN relay)
 * in the hub. Needs root, iproute2, nftables, coturn and Chromium; skips with
 * the reason printed otherwise.
 */
import { expect, test } from '@playwright/test';
import {
  expectVideoPlaying,
  hostRoom,
  joinRoom,
  participantEntry,
  tileOf,
  waitForState,
  type Member,
} from '../e2e/support/members.js';
import { onlyTcpToHost, startHostInLab } from './lab-host.js';
import { labAvailable, type Lab } from './netns.js';
import { useLab } from './lab-fixture.js';

const availability = labAvailable();
if (!availability.ok) console.log(`Skipping the relay fallback tests: ${availability.reason}`);

interface MediaPath {
  candidateType: string;
  relayProtocol: string;
}

/** The selected path of every connected media connection (those with transceivers) of a member's page. */
async function mediaPaths(member: Member): Promise<MediaPath[]> {
  return member.page.evaluate(async () => {
    const connections = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    const paths: { candidateType: string; relayProtocol: string }[] = [];
    for (const pc of connections) {
      if (pc.connectionState !== 'connected' || pc.getTransceivers().length === 0) continue;
      const stats = new Map<string, Record<string, unknown>>();
      (await pc.getStats()).forEach((value: Record<string, unknown>, key: string) => stats.set(key, value));
      const transport = [...stats.values()].find((entry) => entry.type === 'transport');
      const pair = stats.get(String(transport?.selectedCandidatePairId));
      const local = stats.get(String(pair?.localCandidateId));
      if (local)
        paths.push({
          candidateType: String(local.candidateType),
          relayProtocol: String(local.relayProtocol ?? ''),
        });
    }
    return paths;
  });
}

test.describe('relay fallback', () => {
  test.skip(!availability.ok, availability.ok ? '' : availability.reason);
  let lab: Lab;
  const member = useLab(3, (created) => (lab = created));

  test('a member whose UDP is blocked connects through the relay over TCP, and the room is told', async () => {
    const host = await startHostInLab(lab, ['--turn']);
    await onlyTcpToHost(lab, lab.members[0]!, host);
    const blocked = await member(0, host, 'Alba');
    const open = await member(1, host, 'Bram');
    const roomId = await hostRoom(open, true);
    await joinRoom(blocked, roomId, { publish: true });
    await expectVideoPlaying(blocked, 'Bram');
    await expectVideoPlaying(open, 'Alba');
    await expect.poll(() => mediaPaths(blocked)).toEqual([{ candidateType: 'relay', relayProtocol: 'tcp' }]);
    await expect(participantEntry(open, 'Alba')).toHaveAttribute('data-status', /relayed/);
    await expect(open.page.getByTestId('relay-banner')).toContainText('Alba');
    expect((await lab.dropped(lab.members[0]!)).udp.out).toBeGreaterThan(0);
  });

  test('UDP cut mid-call: media moves to the relay and frames flow again', async () => {
    const host = await startHostInLab(lab, ['--turn']);
    const a = await member(0, host, 'Cleo');
    const b = await member(1, host, 'Dov');
    const roomId = await hostRoom(b, true);
    await joinRoom(a, roomId, { publish: true });
    await expectVideoPlaying(a, 'Dov');
    await expectVideoPlaying(b, 'Cleo');
    expect((await mediaPaths(a))[0]?.candidateType).not.toBe('relay');

    await onlyTcpToHost(lab, lab.members[0]!, host);
    // Frames stop on the direct path, then come again through the relay.
    await expect.poll(() => lab.dropped(lab.members[0]!).then((counts) => counts.udp.out)).toBeGreaterThan(0);
    await expectVideoPlaying(b, 'Cleo');
    await expectVideoPlaying(a, 'Dov');
    await expect
      .poll(() => mediaPaths(a), { timeout: 20_000 })
      .toEqual([{ candidateType: 'relay', relayProtocol: 'tcp' }]);
    await expect(participantEntry(b, 'Cleo')).toHaveAttribute('data-status', /publishing.*relayed/);
  });

  test('no relay and UDP blocked: a clear error on both sides, and the rest of the room goes on', async () => {
    const host = await startHostInLab(lab);
    await onlyTcpToHost(lab, lab.members[0]!, host);
    const blocked = await member(0, host, 'Edda');
    const keeper = await member(1, host, 'Finn');
    const other = await member(2, host, 'Gus');
    const roomId = await hostRoom(keeper, true);
    await joinRoom(other, roomId, { publish: true });
    await expectVideoPlaying(other, 'Finn');

    await joinRoom(blocked, roomId, { expectState: 'connecting' });
    await expect(blocked.page.getByTestId('join-error')).toHaveText(
      `Could not connect to room '${roomId}': no direct path, and no relay (TURN) server is configured.`,
      { timeout: 40_000 },
    );
    await waitForState(blocked, 'idle');
    await expect(keeper.page.getByTestId('room-warning')).toHaveText(
      'edda tried to join but could not connect: there is no relay (TURN) server.',
      { timeout: 45_000 },
    );
    await waitForState(keeper, 'publishing');
    await expectVideoPlaying(other, 'Finn');
    await expectVideoPlaying(keeper, 'Gus');
  });

  test('a network blip cuts a member off for seconds: the room shows it reconnecting, then all comes back', async () => {
    const host = await startHostInLab(lab);
    const a = await member(0, host, 'Hal');
    const b = await member(1, host, 'Ines');
    const roomId = await hostRoom(b, true);
    await joinRoom(a, roomId, { publish: true });
    await expectVideoPlaying(b, 'Hal');
    await expectVideoPlaying(a, 'Ines');

    // Everything between the members is cut; only the rendezvous server stays reachable.
    await onlyTcpToHost(lab, lab.members[0]!, host);
    await expect(participantEntry(b, 'Hal')).toHaveAttribute('data-status', 'reconnecting');
    await expect(participantEntry(a, 'Ines')).toHaveAttribute('data-status', 'reconnecting');
    await lab.unblock(lab.members[0]!);
    await expect(participantEntry(b, 'Hal')).toHaveAttribute('data-status', 'publishing', {
      timeout: 30_000,
    });
    await expectVideoPlaying(b, 'Hal');
    await expectVideoPlaying(a, 'Ines');
  });

  test('only outbound TLS allowed: a member whose UDP and plain TCP to the relay are blocked connects through turns:', async () => {
    const host = await startHostInLab(lab, ['--turn']);
    const tlsPort = host.turn?.tlsPort;
    expect(tlsPort, 'the relay offers TURN over TLS').toBeTruthy();
    // The strictest network: nothing but TCP to the web host and to the relay's TLS port.
    await lab.restrict(lab.members[0]!, {
      udp: 'block',
      tcp: {
        allowOnly: [
          { address: host.address, port: host.port },
          { address: host.address, port: tlsPort! },
        ],
      },
    });
    // Browsers check a TURN server's certificate: this one trusts exactly the relay's.
    const strict = await member(0, host, 'Tess', [
      `--ignore-certificate-errors-spki-list=${host.turn?.tlsSpki ?? ''}`,
    ]);
    const open = await member(1, host, 'Ugo');
    const roomId = await hostRoom(open, true);
    await joinRoom(strict, roomId, { publish: true });
    await expectVideoPlaying(open, 'Tess');
    await expectVideoPlaying(strict, 'Ugo');
    await expect.poll(() => mediaPaths(strict)).toEqual([{ candidateType: 'relay', relayProtocol: 'tls' }]);
    await expect(participantEntry(open, 'Tess')).toHaveAttribute('data-status', /relayed/);
  });

  test('"always relay" sends everything through the relay though a direct path exists', async () => {
    const host = await startHostInLab(lab, ['--turn']);
    const privateMember = await member(0, host, 'Jo');
    const other = await member(1, host, 'Kit');
    const roomId = await hostRoom(other, true);
    await joinRoom(privateMember, roomId, { publish: true, relayOnly: true });
    await expectVideoPlaying(other, 'Jo');
    await expectVideoPlaying(privateMember, 'Kit');
    await expect
      .poll(() => mediaPaths(privateMember))
      .toEqual([{ candidateType: 'relay', relayProtocol: 'udp' }]);
    await expect(participantEntry(other, 'Jo')).toHaveAttribute('data-status', /relayed/);
  });

  test('"always relay" with UDP to the relay blocked at first: media relays over TCP, then moves to UDP once UDP works', async () => {
    const host = await startHostInLab(lab, ['--turn']);
    await onlyTcpToHost(lab, lab.members[0]!, host);
    const privateMember = await member(0, host, 'Pia');
    const other = await member(1, host, 'Quin');
    const roomId = await hostRoom(other, true);
    await joinRoom(privateMember, roomId, { publish: true, relayOnly: true });
    await expectVideoPlaying(other, 'Pia');
    await expect
      .poll(() => mediaPaths(privateMember))
      .toEqual([{ candidateType: 'relay', relayProtocol: 'tcp' }]);

    // A connection gathers once: without asking again it would keep TCP for good.
    await lab.unblock(lab.members[0]!);
    await expect
      .poll(() => mediaPaths(privateMember), { timeout: 30_000 })
      .toEqual([{ candidateType: 'relay', relayProtocol: 'udp' }]);
    await expectVideoPlaying(other, 'Pia');
    await expectVideoPlaying(privateMember, 'Quin');
    await expect(participantEntry(other, 'Pia')).toHaveAttribute('data-status', /relayed/);
  });

  test('a cut that lasts, with no relay: each side marks the other unreachable, with the reason on the tile', async () => {
    const host = await startHostInLab(lab);
    const a = await member(0, host, 'Lou');
    const b = await member(1, host, 'Max');
    const roomId = await hostRoom(b, true);
    await joinRoom(a, roomId, { publish: true });
    await expectVideoPlaying(b, 'Lou');

    await onlyTcpToHost(lab, lab.members[0]!, host);
    await expect(participantEntry(b, 'Lou')).toHaveAttribute('data-status', 'reconnecting');
    // The recovery policy gives up after 30 s.
    await expect(tileOf(b, 'Lou').getByTestId('tile-problem')).toHaveText(
      "Can't reach Lou: no relay available.",
      {
        timeout: 45_000,
      },
    );
    await expect(tileOf(a, 'Max').getByTestId('tile-problem')).toHaveText(
      "Can't reach Max: no relay available.",
    );
    await expect(participantEntry(b, 'Lou')).toHaveAttribute('data-status', 'unreachable');
    // The rest of each member's session is intact.
    await waitForState(b, 'publishing');
    await waitForState(a, 'publishing');
  });

  test('relay credentials that the relay refuses: the joiner is told exactly that', async () => {
    const host = await startHostInLab(lab, ['--turn']);
    await onlyTcpToHost(lab, lab.members[0]!, host);
    const blocked = await member(0, host, 'Nell');
    const keeper = await member(1, host, 'Otto');
    const roomId = await hostRoom(keeper, true);
    await joinRoom(blocked, roomId, {
      expectState: 'connecting',
      relay: { urls: `${host.turn!.url}?transport=tcp`, username: 'nobody', credential: 'wrong' },
    });
    await expect(blocked.page.getByTestId('join-error')).toHaveText(
      `Could not connect to room '${roomId}': no direct path, and the relay refused our credentials.`,
      { timeout: 40_000 },
    );
    await waitForState(keeper, 'publishing');
  });
});
