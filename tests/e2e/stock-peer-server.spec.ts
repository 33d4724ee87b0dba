/**
 * The same workflow through a stock PeerJS server started from the `peer`
 * package's own CLI, with a non-default key and path and discovery off: rooms
 * must not depend on anything only the embedded server does.
 */
import { test } from '@playwright/test';
import { describeRoomFlow } from './room-flow.js';
import {
  startHuddleHost,
  startStockPeerServer,
  type HuddleHost,
  type StockPeerServer,
} from './support/processes.js';

let web: HuddleHost;
let stock: StockPeerServer;
test.beforeAll(async () => {
  [web, stock] = await Promise.all([
    startHuddleHost(),
    startStockPeerServer('stock-key-7f3a', '/rendezvous'),
  ]);
});
test.afterAll(async () => {
  await Promise.all([web?.stop(), stock?.stop()]);
});

describeRoomFlow('room on a stock PeerJS server', {
  pageUrl: () => web.url,
  server: () => ({ host: '127.0.0.1', port: stock.port, path: stock.path, key: stock.key }),
});
