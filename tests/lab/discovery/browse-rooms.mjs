// Lists the rooms on the network, for the network lab: run inside a
// namespace with `ip netns exec`. Prints each new listing as a JSON line
// with the time it changed. SIGTERM stops it.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/node/main/discovery');
const { createDiscoveryService } = require(path.join(dist, 'discovery-service.js'));

// The same service the desktop app's main process uses, watched as a page would.
const discovery = createDiscoveryService({ hostedServer: () => null });
discovery.watch(1, (listing) => console.log(JSON.stringify({ event: 'listing', t: Date.now(), listing })));
console.log(JSON.stringify({ event: 'browsing', t: Date.now() }));
process.on('SIGTERM', () => {
  void discovery.close().then(() => process.exit(0));
});
