/**
 * Rooms found on the network, in the lab: the hub and one member are two
 * namespaces joined by a veth pair (through the hub's bridge), with routes
 * for multicast. A host process in the hub advertises a room over mDNS; the
 * discovery code in the member lists it (both through discovery-service.ts,
 * as the desktop app's main process uses it), sees its member count change, and
 * loses it after the host is SIGKILLed (no goodbye) or stopped (goodbye).
 * Also: discovery says why it is unavailable when port 5353 is taken or
 * there is no interface to look on. The times are printed; the bounds
 * asserted are the (appear within 3 s, disappear within 10 s).
 * Needs root and the lab's programs; skips with the reason printed otherwise.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { useLab } from './lab-fixture.js';
import { labAvailable, type Lab, type LabProcess, type NodeRef } from './netns.js';

const availability = labAvailable();
if (!availability.ok) console.log(`Skipping the discovery tests: ${availability.reason}`);

const repo = path.resolve(__dirname, '../..');
const scripts = path.join(__dirname, 'discovery');
const compiled = path.join(repo, 'dist', 'node', 'main', 'discovery', 'room-browser.js');

interface Listed {
  roomId: string;
  members: number;
  server: { host: string; port: number };
}
type Listing = { available: true; rooms: Listed[] } | { available: false; reason: string };
interface ScriptEvent {
  event: string;
  t: number;
  listing?: Listing;
}

/** The JSON lines a script has printed so far. */
function events(process: LabProcess): ScriptEvent[] {
  return process
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as ScriptEvent);
}

/** The first event (after `since`) that `match` accepts, waiting up to `timeoutMs` for it. */
async function nextEvent(
  process: LabProcess,
  match: (event: ScriptEvent) => boolean,
  since: number,
  timeoutMs = 15_000,
): Promise<ScriptEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = events(process).find((event) => event.t >= since && match(event));
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`no matching event within ${timeoutMs} ms; output:\n${process.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const rooms = (event: ScriptEvent): Listed[] =>
  event.listing?.available === true ? event.listing.rooms : [];
const listed = (roomId: string, members?: number) => (event: ScriptEvent) =>
  rooms(event).some((room) => room.roomId === roomId && (members === undefined || room.members === members));
const gone = (roomId: string) => (event: ScriptEvent) =>
  event.event === 'listing' && event.listing?.available === true && !listed(roomId)(event);

test.describe('rooms found on the network', () => {
  test.skip(!availability.ok, availability.ok ? '' : availability.reason);
  let lab: Lab;
  useLab(1, (created) => (lab = created));

  test.beforeAll(() => {
    if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run "npm run build" first`);
  });

  /** Multicast has no default route to follow in a namespace: send it out of the lab link. */
  async function routeMulticast(): Promise<void> {
    await lab.exec(lab.hub, 'ip', ['route', 'add', '224.0.0.0/4', 'dev', 'br0']);
    await lab.exec(lab.members[0]!, 'ip', ['route', 'add', '224.0.0.0/4', 'dev', 'eth0']);
  }

  function run(node: NodeRef, script: string, args: string[] = []): LabProcess {
    return lab.spawn(node, process.execPath, [path.join(scripts, script), ...args], { cwd: repo });
  }

  test('a room appears within 3 s, shows its member count, and goes within 10 s of its host crashing', async () => {
    await routeMulticast();
    const member = lab.members[0]!;
    const browser = run(member, 'browse-rooms.mjs');
    await nextEvent(browser, (event) => event.event === 'browsing', 0);

    const host = run(lab.hub, 'advertise-room.mjs', ['maple-comet-4821', 'Ada', '1', '8765']);
    const advertising = await nextEvent(host, (event) => event.event === 'advertising', 0);
    const appeared = await nextEvent(browser, listed('maple-comet-4821', 1), 0, 5000);
    const room = rooms(appeared).find((r) => r.roomId === 'maple-comet-4821');
    // Reached at the address the advertisement came from, on the port it gave.
    expect(room?.server).toMatchObject({ host: lab.hub.address, port: 8765 });

    const added = Date.now();
    process.kill(host.pid, 'SIGUSR1');
    const counted = await nextEvent(browser, listed('maple-comet-4821', 2), added, 5000);

    const killed = Date.now();
    process.kill(host.pid, 'SIGKILL');
    await host.exited;
    const disappeared = await nextEvent(browser, gone('maple-comet-4821'), killed, 15_000);

    const appearMs = appeared.t - advertising.t;
    const countMs = counted.t - added;
    const goneMs = disappeared.t - killed;
    console.log(
      `discovery in the lab: appeared ${appearMs} ms after the host started, member count changed ` +
        `${countMs} ms after, gone ${goneMs} ms after SIGKILL`,
    );
    expect(appearMs).toBeLessThanOrEqual(3000);
    expect(goneMs).toBeLessThanOrEqual(10_000);

    // A host that stops cleanly says goodbye: its room goes without waiting for the expiry.
    const second = run(lab.hub, 'advertise-room.mjs', ['quiet-river-1234', 'Bo', '3', '8766']);
    await nextEvent(browser, listed('quiet-river-1234', 3), 0, 5000);
    const stopped = Date.now();
    process.kill(second.pid, 'SIGTERM');
    const left = await nextEvent(browser, gone('quiet-river-1234'), stopped, 15_000);
    console.log(`discovery in the lab: gone ${left.t - stopped} ms after the host stopped with a goodbye`);
    expect(left.t - stopped).toBeLessThanOrEqual(10_000);
    // Working multicast never read as unavailable along the way.
    expect(events(browser).filter((event) => event.listing?.available === false)).toEqual([]);
    await browser.stop();
  });

  test('says discovery is unavailable, and why, when port 5353 is taken', async () => {
    await routeMulticast();
    const member = lab.members[0]!;
    // Bound without SO_REUSEADDR, as a program that does not share the port would.
    const blocker = lab.spawn(member, process.execPath, [
      '-e',
      "const s=require('dgram').createSocket({type:'udp4',reuseAddr:false});s.bind(5353,()=>console.log('bound'))",
    ]);
    await blocker.waitFor(/bound/);
    const browser = run(member, 'browse-rooms.mjs');
    const refused = await nextEvent(browser, (event) => event.listing?.available === false, 0);
    expect(refused.listing).toEqual({
      available: false,
      reason: expect.stringMatching(/port 5353 is taken/),
    });
    console.log(`discovery with port 5353 taken: ${JSON.stringify(refused.listing)}`);
    await browser.stop();
    await blocker.stop();
  });

  test('says discovery is unavailable when a firewall drops incoming mDNS', async () => {
    await routeMulticast();
    const member = lab.members[0]!;
    // Sending is allowed and nothing comes in: what a host firewall's default does to UDP 5353.
    await lab.exec(member, 'nft', ['-f', '-'], {
      input: `table inet huddle_mdns {
  chain input {
    type filter hook input priority filter; policy accept;
    udp dport 5353 drop
  }
}
`,
    });
    const host = run(lab.hub, 'advertise-room.mjs', ['maple-comet-4821', 'Ada', '1', '8765']);
    await nextEvent(host, (event) => event.event === 'advertising', 0);
    const browser = run(member, 'browse-rooms.mjs');
    const started = (await nextEvent(browser, (event) => event.event === 'browsing', 0)).t;
    const refused = await nextEvent(browser, (event) => event.listing?.available === false, 0);
    expect(refused.listing).toEqual({
      available: false,
      reason: expect.stringMatching(
        /nothing sent on eth0 comes back: a firewall may be dropping incoming UDP 5353/,
      ),
    });
    expect(events(browser).some((event) => rooms(event).length > 0)).toBe(false);
    console.log(
      `discovery behind a firewall: unavailable ${refused.t - started} ms after it started looking`,
    );
    await browser.stop();
  });

  test('says discovery is unavailable when there is no interface to look on', async () => {
    const member = lab.members[0]!;
    // libuv lists only interfaces that are up: with eth0 down, only loopback is left.
    await lab.exec(member, 'ip', ['link', 'set', 'eth0', 'down']);
    const browser = run(member, 'browse-rooms.mjs');
    const refused = await nextEvent(browser, (event) => event.listing?.available === false, 0);
    expect(refused.listing).toEqual({
      available: false,
      reason: expect.stringMatching(/no network interface/),
    });
    await browser.stop();
  });
});
