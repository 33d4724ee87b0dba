/**
 * The TURN relay option of the desktop app's hosting, with a fake coturn
 * launcher: started when asked and coturn is installed, refused with a
 * message when it is not (hosting still works), and handed to guests' pages.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CoturnStartError, findTurnserver, type RunningCoturn } from '../../../main/host/coturn-process.js';
import {
  coturnMissingReason,
  relayFailureReason,
  type CoturnLauncher,
} from '../../../main/host/hosted-relay.js';
import {
  createHostingController,
  parseHostingRequest,
  type HostingOptions,
} from '../../../main/host/hosting-controller.js';
import { defaultPeerLimits } from '../../../main/host/peer-limits.js';
import type { RunningHost, WebHostOptions } from '../../../main/host/web-host.js';

const options: HostingOptions = {
  bind: '0.0.0.0',
  port: 8765,
  peerPath: '/peerjs',
  key: 'huddle',
  rendererDir: '/nowhere',
  appVersion: '1.0.0',
  certificateDir: null,
  log: () => undefined,
};

function fakeHost(): RunningHost {
  return {
    port: 8765,
    localUrl: 'http://localhost:8765/',
    lanUrls: ['http://192.168.1.5:8765/'],
    server: { host: '0.0.0.0', port: 8765, path: '/peerjs', key: 'huddle', secure: false },
    limits: defaultPeerLimits,
    certificateFingerprint: null,
    close: vi.fn(() => Promise.resolve()),
  };
}

function fakeCoturn(port = 3478): RunningCoturn {
  return {
    listeningIp: '0.0.0.0',
    port,
    tlsPort: null,
    secret: 'relay-secret',
    pid: 4242,
    output: () => '',
    stop: vi.fn(() => Promise.resolve()),
    stopNow: vi.fn(),
  };
}

/** A launcher as if coturn were installed (`missing` null) or not. */
function fakeLauncher(missing: string | null, started: RunningCoturn | Error = fakeCoturn()) {
  return {
    unavailableReason: vi.fn(() => missing),
    start: vi.fn(() => (started instanceof Error ? Promise.reject(started) : Promise.resolve(started))),
  } satisfies CoturnLauncher;
}

function controllerWith(launcher: CoturnLauncher, log = vi.fn()) {
  const host = fakeHost();
  const start = vi.fn((_options: WebHostOptions) => Promise.resolve(host));
  const controller = createHostingController({ ...options, log }, start, undefined, launcher);
  return { controller, host, start, log };
}

describe('hosting with the TURN relay', () => {
  it('starts coturn on the host’s bind address when asked and installed, and hands the page its servers', async () => {
    const coturn = fakeCoturn(3478);
    const launcher = fakeLauncher(null, coturn);
    const { controller, host } = controllerWith(launcher);
    expect(controller.relayAvailability()).toEqual({ available: true });

    const hosted = await controller.start({ relay: true });
    expect(launcher.start).toHaveBeenCalledExactlyOnceWith({ bind: '0.0.0.0' });
    expect(hosted.relay).toEqual({ state: 'running', port: 3478, relayPorts: { min: 49160, max: 49359 } });
    const urls = hosted.server.iceServers?.flatMap((server) => server.urls) ?? [];
    expect(urls).toContain('turn:127.0.0.1:3478?transport=udp');
    expect(hosted.server.iceServers?.[0]?.username).toMatch(/^\d+:huddle-/);

    // Asking again keeps the one relay.
    await controller.start({ relay: true });
    expect(launcher.start).toHaveBeenCalledOnce();

    await controller.stop();
    expect(coturn.stop).toHaveBeenCalledOnce();
    expect(host.close).toHaveBeenCalledOnce();
    expect(controller.current()).toBeNull();
  });

  it('gives the relay the host’s certificate for TURN over TLS, and pages a turns: URL', async () => {
    const coturn = { ...fakeCoturn(3478), tlsPort: 5349 };
    const launcher = fakeLauncher(null, coturn);
    const certificate = { cert: 'CERT', key: 'KEY', fingerprint: 'f'.repeat(64), notAfter: new Date() };
    const start = vi.fn((_options: WebHostOptions) => Promise.resolve(fakeHost()));
    const controller = createHostingController(
      { ...options, certificateDir: '/certs' },
      start,
      () => Promise.resolve(certificate),
      launcher,
    );
    const hosted = await controller.start({ relay: true });
    expect(launcher.start).toHaveBeenCalledExactlyOnceWith({
      bind: '0.0.0.0',
      tls: { cert: 'CERT', key: 'KEY' },
    });
    expect(hosted.relay).toMatchObject({ state: 'running', port: 3478, tlsPort: 5349 });
    const urls = hosted.server.iceServers?.flatMap((server) => server.urls) ?? [];
    expect(urls).toContain('turns:127.0.0.1:5349?transport=tcp');
    expect(urls).toContain('turn:127.0.0.1:3478?transport=tcp');
    await controller.stop();
  });

  it('refuses with the reason when coturn is missing, and hosts without it', async () => {
    const reason = coturnMissingReason('linux');
    const launcher = fakeLauncher(reason);
    const { controller, start } = controllerWith(launcher);
    expect(controller.relayAvailability()).toEqual({ available: false, reason });

    const hosted = await controller.start({ relay: true });
    expect(launcher.start).not.toHaveBeenCalled();
    expect(start).toHaveBeenCalledOnce();
    expect(hosted.relay).toEqual({ state: 'failed', reason });
    expect(hosted.server.iceServers).toBeUndefined();
    expect(hosted.lanUrls).toEqual(['http://192.168.1.5:8765/']);
  });

  it('hosts without the relay when coturn fails to start, and logs coturn’s words', async () => {
    const failure = new CoturnStartError(
      'failed',
      'The TURN relay (turnserver) exited at start:\nbad config',
    );
    const { controller, log } = controllerWith(fakeLauncher(null, failure));
    const hosted = await controller.start({ relay: true });
    expect(hosted.relay).toEqual({ state: 'failed', reason: relayFailureReason(failure, 'linux') });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('bad config'));
    expect(hosted.server.port).toBe(8765);
  });

  it('starts no relay unless asked, and stops it when the next room is hosted without one', async () => {
    const coturn = fakeCoturn();
    const launcher = fakeLauncher(null, coturn);
    const { controller, start } = controllerWith(launcher);
    expect((await controller.start()).relay).toEqual({ state: 'off' });
    expect(launcher.start).not.toHaveBeenCalled();

    await controller.start({ relay: true });
    const without = await controller.start({ relay: false });
    expect(coturn.stop).toHaveBeenCalledOnce();
    expect(without.relay).toEqual({ state: 'off' });
    expect(without.server.iceServers).toBeUndefined();
    // The web host kept running throughout: guests of the room keep their server.
    expect(start).toHaveBeenCalledOnce();
  });

  it('a stop while the relay starts waits, and stops the relay too', async () => {
    const coturn = fakeCoturn();
    let release: () => void = () => {};
    const launcher = {
      unavailableReason: () => null,
      start: vi.fn(() => new Promise<RunningCoturn>((resolve) => (release = () => resolve(coturn)))),
    };
    const { controller } = controllerWith(launcher);
    const starting = controller.start({ relay: true });
    const stopping = controller.stop();
    await vi.waitFor(() => expect(launcher.start).toHaveBeenCalled());
    release();
    await starting;
    await stopping;
    expect(coturn.stop).toHaveBeenCalledOnce();
    expect(controller.current()).toBeNull();
  });
});

describe('the relay with the real web host', () => {
  it("hands guests' pages fresh TURN credentials while it runs, and none after", async () => {
    const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'huddle-relay-'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
    const launcher = fakeLauncher(null, fakeCoturn(3478));
    const controller = createHostingController(
      { ...options, bind: '127.0.0.1', port: 0, rendererDir },
      undefined,
      undefined,
      launcher,
    );
    const iceUrls = async (port: number): Promise<string[]> => {
      const response = await fetch(`http://127.0.0.1:${port}/api/host-info`);
      const info = (await response.json()) as { hosted: { server: { iceServers?: { urls: string[] }[] } } };
      return info.hosted.server.iceServers?.flatMap((server) => server.urls) ?? [];
    };
    try {
      const hosted = await controller.start({ relay: true });
      expect(await iceUrls(hosted.server.port)).toEqual([
        'turn:127.0.0.1:3478?transport=udp',
        'turn:127.0.0.1:3478?transport=tcp',
      ]);
      await controller.start({ relay: false });
      expect(await iceUrls(hosted.server.port)).toEqual([]);
    } finally {
      await controller.stop();
      rmSync(rendererDir, { recursive: true, force: true });
    }
  });
});

describe('what the host form says', () => {
  it('names what to install, for each system', () => {
    expect(coturnMissingReason('linux')).toMatch(/sudo apt-get install coturn.*Hosting works without it\.$/);
    expect(coturnMissingReason('darwin')).toMatch(/brew install coturn/);
    expect(coturnMissingReason('win32')).toMatch(/does not run on Windows/);
  });

  it('reads only a true relay flag from the page', () => {
    expect(parseHostingRequest({ relay: true })).toEqual({ relay: true });
    for (const hostile of [
      null,
      'relay',
      { relay: 'true' },
      { relay: 1 },
      [true],
      { turn: true },
      undefined,
    ]) {
      expect(parseHostingRequest(hostile)).toEqual({ relay: false });
    }
  });
});

const turnserver = findTurnserver();
if (!turnserver)
  console.log('Skipping the desktop relay test with a real coturn: turnserver is not installed.');

describe.skipIf(turnserver === null)('the relay with a real coturn', () => {
  it('runs beside the host, is stopped with it, and leaves no exit hook behind', async () => {
    const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'huddle-relay-real-'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
    const exitHooks = process.listenerCount('exit');
    const controller = createHostingController({ ...options, bind: '127.0.0.1', port: 0, rendererDir });
    try {
      expect(controller.relayAvailability()).toEqual({ available: true });
      const hosted = await controller.start({ relay: true });
      expect(hosted.relay).toMatchObject({ state: 'running' });
      const port = hosted.relay?.state === 'running' ? hosted.relay.port : 0;
      // It listens, and dies with the app's process if the app ends without stopping it.
      expect(await canConnect('127.0.0.1', port)).toBe(true);
      expect(process.listenerCount('exit')).toBe(exitHooks + 1);
      await controller.stop();
      expect(await canConnect('127.0.0.1', port)).toBe(false);
      expect(process.listenerCount('exit')).toBe(exitHooks);
    } finally {
      await controller.stop();
      rmSync(rendererDir, { recursive: true, force: true });
    }
  }, 40_000);
});

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
