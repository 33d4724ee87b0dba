/**
 * A page that speaks to a room with plain PeerJS, not Huddle's client: the
 * stranger or misbehaving member of the hostile-input tests. The functions
 * passed to `page.evaluate` here are self-contained: they run in the page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';

const peerjsBundle = readFileSync(
  path.resolve(__dirname, '../../../node_modules/peerjs/dist/peerjs.min.js'),
  'utf8',
);

export interface PlainPeerPage {
  context: BrowserContext;
  page: Page;
}

/** Opens a page on the host's origin with the PeerJS library loaded and a peer open under `peerId`. */
export async function openPlainPeer(
  browser: Browser,
  hostUrl: string,
  peerId: string,
): Promise<PlainPeerPage> {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${hostUrl}api/host-info`);
  await page.evaluate(peerjsBundle);
  await page.evaluate(async (id) => {
    const info = (await (await fetch('/api/host-info')).json()) as {
      hosted: { server: { path: string; key: string } };
    };
    const { Peer } = (window as unknown as { peerjs: { Peer: new (id: string, options: object) => unknown } })
      .peerjs;
    const peer = new Peer(id, {
      host: location.hostname,
      port: Number(location.port),
      path: info.hosted.server.path,
      key: info.hosted.server.key,
      config: { iceServers: [] },
    }) as { on(event: string, fn: () => void): void };
    await new Promise<void>((resolve) => peer.on('open', resolve));
    (window as unknown as { plainPeer: unknown }).plainPeer = peer;
  }, peerId);
  return { context, page };
}

type Connection = {
  on(event: string, fn: (data?: unknown) => void): void;
  send(data: string): void;
  open: boolean;
};

/**
 * Opens a raw data connection to `target`, sends `messages` in order (and
 * any replies in `replies`), then waits a moment. Returns whether the
 * connection was still open at the end.
 */
export async function sendRaw(
  plain: PlainPeerPage,
  target: string,
  messages: string[],
  settleMs = 1000,
): Promise<{ replies: string[]; openAtEnd: boolean }> {
  return plain.page.evaluate(
    async ({ target, messages, settleMs }) => {
      const peer = (window as unknown as { plainPeer: { connect(id: string, options: object): Connection } })
        .plainPeer;
      const connection = peer.connect(target, { serialization: 'raw', reliable: true });
      (window as unknown as { lastRaw: Connection }).lastRaw = connection;
      const replies: string[] = [];
      connection.on('data', (data) => replies.push(String(data)));
      const opened = await Promise.race([
        new Promise<boolean>((resolve) => connection.on('open', () => resolve(true))),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000)),
      ]);
      if (opened) for (const message of messages) connection.send(message);
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      return { replies, openAtEnd: opened && connection.open };
    },
    { target, messages, settleMs },
  );
}

/** Whether the connection of the last `sendRaw` is still open: closing it is the far end's verdict. */
export async function lastRawOpen(plain: PlainPeerPage): Promise<boolean> {
  return plain.page.evaluate(() => (window as unknown as { lastRaw?: Connection }).lastRaw?.open === true);
}

/** Calls `target` with a canvas stream, as a PeerJS media call; returns whether it was ever answered with media. */
export async function callWithCanvas(plain: PlainPeerPage, target: string): Promise<boolean> {
  return plain.page.evaluate(async (target) => {
    const canvas = document.createElement('canvas');
    canvas.width = 160;
    canvas.height = 120;
    const paint = setInterval(() => canvas.getContext('2d')?.fillRect(0, 0, Math.random() * 160, 120), 50);
    const stream = canvas.captureStream(10);
    const peer = (
      window as unknown as {
        plainPeer: { call(id: string, stream: MediaStream): { on(event: string, fn: () => void): void } };
      }
    ).plainPeer;
    const call = peer.call(target, stream);
    const answered = await Promise.race([
      new Promise<boolean>((resolve) => call.on('stream', () => resolve(true))),
      new Promise<boolean>((resolve) => call.on('close', () => resolve(false))),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000)),
    ]);
    clearInterval(paint);
    return answered;
  }, target);
}
