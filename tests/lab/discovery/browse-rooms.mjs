// Lists the rooms on the network, for the network lab: run inside a
// namespace with `ip netns exec`. Prints each new listing as a JSON line
// with the time it changed. SIGTERM stops it.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/node/main/discovery');
const { MdnsTransport } = require(path.join(dist, 'mdns-transport.js'));
const { RoomBrowser } = require(path.join(dist, 'room-browser.js'));

const browser = new RoomBrowser(new MdnsTransport(), (listing) =>
  console.log(JSON.stringify({ event: 'listing', t: Date.now(), listing })),
);
browser.start();
console.log(JSON.stringify({ event: 'browsing', t: Date.now() }));
process.on('SIGTERM', () => {
  void browser.stop().then(() => process.exit(0));
});
