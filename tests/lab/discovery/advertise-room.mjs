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
const { RoomAdvertiser } = require(path.join(dist, 'room-advertiser.js'));

const [roomId = 'lab-room-1', hostName = 'Lab host', members = '1', port = '8765'] = process.argv.slice(2);
const say = (event, fields = {}) => console.log(JSON.stringify({ event, t: Date.now(), ...fields }));

const transport = new MdnsTransport();
transport.onStatus(() => say('status', { status: transport.status() }));
const advertiser = new RoomAdvertiser(transport);
const room = {
  roomId,
  hostName,
  members: Number(members),
  passcode: false,
  protocolVersion: 1,
  path: '/peerjs',
  key: 'lab-key',
  fingerprint: null,
  port: Number(port),
};
advertiser.set(room);
say('advertising', { members: room.members, links: transport.links().map((link) => link.iface) });

process.on('SIGUSR1', () => {
  room.members += 1;
  advertiser.set(room);
  say('members', { members: room.members });
});
process.on('SIGTERM', () => {
  void advertiser.close().then(() => {
    say('closed');
    process.exit(0);
  });
});
