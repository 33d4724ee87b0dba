/**
 * The network lab works: two members in their own namespaces open the host
 * running in the hub with --turn, see a secure context, get TURN credentials
 * that the relay accepts, and a member's UDP can be cut while TCP to the
 * relay still gets through. The real scenarios build on this.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { launchMemberBrowser, startHostInLab, type LabHost } from './lab-host.js';
import { createLab, labAvailable, type Lab } from './netns.js';

const availability = labAvailable();
if (!availability.ok) console.log(`Skipping the network lab tests: ${availability.reason}`);

interface RelayCandidate {
  address: string;
  relayProtocol: string;
}

/** Gathers relay-only candidates with the ICE servers the host handed this page. */
async function gatherRelayCandidates(page: Page): Promise<RelayCandidate[]> {
  return page.evaluate(async () => {
    const info = (await (await fetch('/api/host-info')).json()) as {
      hosted: { server: { iceServers?: RTCIceServer[] } };
    };
    const pc = new RTCPeerConnection({
      iceServers: info.hosted.server.iceServers ?? [],
      iceTransportPolicy: 'relay',
    });
    pc.createDataChannel('probe');
    const done = new Promise<void>((resolve) => {
      pc.onicecandidate = (event) => {
        if (!event.candidate) resolve();
      };
      setTimeout(resolve, 15_000);
    });
    await pc.setLocalDescription(await pc.createOffer());
    await done;
    // The protocol between browser and relay is in the stats, not in the candidate line.
    const found: { address: string; relayProtocol: string }[] = [];
    (await pc.getStats()).forEach(
      (report: { type: string; candidateType?: string; address?: string; relayProtocol?: string }) => {
        if (report.type === 'local-candidate' && report.candidateType === 'relay') {
          found.push({ address: report.address ?? '', relayProtocol: report.relayProtocol ?? '' });
        }
      },
    );
    pc.close();
    return found;
  });
}

/** Sends one UDP datagram from `from` to the hub's listener, in the lab. */
async function sendUdp(lab: Lab, from: string, port: number): Promise<void> {
  const script = `const s=require('dgram').createSocket('udp4');s.send('hello from '+process.argv[1],${port},'${lab.hub.address}',()=>s.close())`;
  await lab.exec(from, process.execPath, ['-e', script, from]);
}

test.describe('network lab', () => {
  test.skip(!availability.ok, availability.ok ? '' : availability.reason);

  let lab: Lab | undefined;
  let host: LabHost;
  const browsers: Browser[] = [];

  test.beforeAll(async () => {
    lab = await createLab({ members: 2 });
    host = await startHostInLab(lab, ['--turn']);
  });

  test.afterAll(async () => {
    await Promise.all(browsers.splice(0).map((browser) => browser.close()));
    await lab?.close();
  });

  test('members reach the host in the hub; UDP can be blocked while TCP to the relay gets through', async () => {
    if (!lab) throw new Error('no lab');
    expect(host.turn).toMatchObject({
      url: 'turn:10.231.0.1:3478',
      host: '10.231.0.1',
      port: 3478,
      tlsPort: 5349,
    });
    // Over plain HTTP the relay's TLS port has a certificate of its own; its key's hash is printed.
    expect(host.turn?.tlsSpki).toMatch(/^[A-Za-z0-9+/]{43}=$/);

    const pages: Page[] = [];
    for (const member of lab.members) {
      const browser = await launchMemberBrowser(lab, member, host.url);
      browsers.push(browser);
      const page = await browser.newPage();
      await page.goto(host.url);
      pages.push(page);
    }

    for (const page of pages) {
      const seen = await page.evaluate(async () => {
        const reply = await fetch('/api/host-info');
        const info = (await reply.json()) as {
          hosted: { server: { host: string; iceServers?: { urls: string[]; username?: string }[] } };
        };
        return {
          status: reply.status,
          secureContext: window.isSecureContext,
          getUserMedia: typeof navigator.mediaDevices?.getUserMedia,
          server: info.hosted.server,
        };
      });
      expect(seen.status).toBe(200);
      expect(seen.secureContext).toBe(true);
      expect(seen.getUserMedia).toBe('function');
      expect(seen.server.host).toBe('10.231.0.1');
      expect(seen.server.iceServers?.[0]?.urls).toEqual([
        'turn:10.231.0.1:3478?transport=udp',
        'turn:10.231.0.1:3478?transport=tcp',
        'turns:10.231.0.1:5349?transport=tcp',
      ]);
      expect(seen.server.iceServers?.[0]?.username).toMatch(/^\d+:/);
    }

    const [memberA, memberB] = lab.members;
    const [pageA] = pages;
    if (!memberA || !memberB || !pageA) throw new Error('two members expected');

    // The relay accepts the minted credentials: relayed candidates over UDP and TCP.
    const open = await gatherRelayCandidates(pageA);
    expect(open.map((c) => c.address)).toContain('10.231.0.1');
    expect(new Set(open.map((c) => c.relayProtocol))).toEqual(new Set(['udp', 'tcp']));

    // Member A: no UDP at all, TCP only to the relay and the web host.
    await lab.restrict(memberA, {
      udp: 'block',
      tcp: {
        allowOnly: [
          { address: host.address, port: 3478 },
          { address: host.address, port: host.port },
        ],
      },
    });
    const listener = lab.spawn(lab.hub, process.execPath, [
      '-e',
      `const s=require('dgram').createSocket('udp4');s.on('message',(m)=>console.log(String(m)));s.bind(9999,'${lab.hub.address}',()=>console.log('listening'))`,
    ]);
    await listener.waitFor(/listening/);
    await sendUdp(lab, memberA.ns, 9999);
    await sendUdp(lab, memberB.ns, 9999);
    await listener.waitFor(new RegExp(`hello from ${memberB.ns}`));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(listener.output()).not.toContain(`hello from ${memberA.ns}`);
    await listener.stop();
    expect((await lab.dropped(memberA)).udp.out).toBeGreaterThan(0);

    const blocked = await gatherRelayCandidates(pageA);
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked.every((c) => c.relayProtocol === 'tcp')).toBe(true);
    // The page still talks to its host over TCP.
    expect(await pageA.evaluate(async () => (await fetch('/api/host-info')).status)).toBe(200);

    await lab.unblock(memberA);
    expect(await lab.dropped(memberA)).toEqual({ udp: { out: 0, in: 0 }, tcp: { out: 0, in: 0 } });
  });
});
