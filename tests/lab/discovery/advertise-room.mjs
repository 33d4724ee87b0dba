// A host that advertises one room, for the network lab: run inside a
// namespace with `ip netns exec`. Prints one JSON line per event, with the
// time. SIGUSR1 adds a member; SIGTERM ends with a goodbye; SIGKILL is a crash.
//
//   node advertise-room.mjs ROOM_ID HOST_NAME MEMBERS PORT
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/node/main/discovery');
const { MdnsTransport } = require(path.join(dist, 'mdns-transport.js'));
const { createDiscoveryService } = require(path.join(dist, 'discovery-service.js'));

const [roomId = 'lab-room-1', hostName = 'Lab host', members = '1', port = '8765'] = process.argv.slice(2);
const say = (event, fields = {}) => console.log(JSON.stringify({ event, t: Date.now(), ...fields }));

// The same service the desktop app's main process uses, with the room as its page would send it.
const transport = new MdnsTransport();
transport.onStatus(() => say('status', { status: transport.status() }));
const discovery = createDiscoveryService({
  transport,
  hostedServer: () => ({ port: Number(port), path: '/peerjs', key: 'lab-key' }),
});
const room = { roomId, hostName, members: Number(members), passcode: false, protocolVersion: 1 };
await discovery.advertise(room);
say('advertising', { members: room.members, links: transport.links().map((link) => link.iface) });

process.on('SIGUSR1', () => {
  room.members += 1;
  void discovery.advertise(room).then(() => say('members', { members: room.members }));
});
process.on('SIGTERM', () => {
  void discovery.close().then(() => {
    say('closed');
    process.exit(0);
  });
});
