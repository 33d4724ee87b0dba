import { certificateFileName } from '../../../main/host/host-certificate.js';
import { defaultPeerLimits } from '../../../main/host/peer-limits.js';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  createHostingController,
  startWebHostPreferringPort,
  type HostingOptions,
} from '../../../main/host/hosting-controller.js';
import { WebHostStartError, type RunningHost, type WebHostOptions } from '../../../main/host/web-host.js';

const options: WebHostOptions = {
  bind: '0.0.0.0',
  port: 8765,
  peerPath: '/peerjs',
  key: 'huddle',
  rendererDir: '/nowhere',
  appVersion: '1.0.0',
};
/** The controller's options for plain HTTP: no certificate folder. */
const plain: HostingOptions = { ...options, certificateDir: null };

function fakeHost(port: number): RunningHost {
  return {
    port,
    localUrl: `http://localhost:${port}/`,
    lanUrls: [`http://192.168.1.5:${port}/`],
    server: { host: '127.0.0.1', port, path: '/peerjs', key: 'huddle', secure: false },
    limits: defaultPeerLimits,
    certificateFingerprint: null,
    close: vi.fn(() => Promise.resolve()),
  };
}

describe('startWebHostPreferringPort', () => {
  it('falls back to any free port when the preferred one is taken', async () => {
    const start = vi.fn((requested: WebHostOptions) =>
      requested.port === 8765
        ? Promise.reject(new WebHostStartError('address-in-use', 'in use'))
        : Promise.resolve(fakeHost(40000)),
    );
    const host = await startWebHostPreferringPort(options, start);
    expect(host.port).toBe(40000);
    expect(start.mock.calls.map(([requested]) => requested.port)).toEqual([8765, 0]);
  });

  it('passes other failures through', async () => {
    const start = vi.fn(() => Promise.reject(new WebHostStartError('renderer-missing', 'run npm run build')));
    await expect(startWebHostPreferringPort(options, start)).rejects.toThrow('run npm run build');
    expect(start).toHaveBeenCalledTimes(1);
  });
});

describe('createHostingController', () => {
  it('starts once, reports loopback to the page, and stops', async () => {
    const host = fakeHost(8765);
    const start = vi.fn(() => Promise.resolve(host));
    const controller = createHostingController(plain, start);
    expect(controller.current()).toBeNull();

    const [first, second] = await Promise.all([controller.start(), controller.start()]);
    expect(start).toHaveBeenCalledTimes(1);
    expect(first).toEqual(second);
    expect(first.server).toEqual({
      host: '127.0.0.1',
      port: 8765,
      path: '/peerjs',
      key: 'huddle',
      secure: false,
    });
    expect(first.lanUrls).toEqual(['http://192.168.1.5:8765/']);
    expect(controller.current()).toEqual(first);

    await controller.stop();
    expect(host.close).toHaveBeenCalledTimes(1);
    expect(controller.current()).toBeNull();
    await controller.stop();
    expect(host.close).toHaveBeenCalledTimes(1);
  });

  it('can start again after a failed start', async () => {
    const start = vi
      .fn<(o: WebHostOptions) => Promise<RunningHost>>()
      .mockRejectedValueOnce(new Error('first fails'))
      .mockResolvedValueOnce(fakeHost(9000));
    const controller = createHostingController({ ...plain, port: 9000 }, start);
    await expect(controller.start()).rejects.toThrow('first fails');
    await expect(controller.start()).resolves.toMatchObject({ server: { port: 9000 } });
  });
});

describe('createHostingController with the real web host', () => {
  it('uses a new random key at every start when given none', async () => {
    const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'huddle-controller-'));
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
    const controller = createHostingController({
      ...plain,
      bind: '127.0.0.1',
      port: 0,
      key: null,
      rendererDir,
      log: () => undefined,
    });
    try {
      const first = await controller.start();
      expect(first.server.key).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect((await controller.start()).server.key).toBe(first.server.key);
      await controller.stop();
      const second = await controller.start();
      expect(second.server.key).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(second.server.key).not.toBe(first.server.key);
    } finally {
      await controller.stop();
      rmSync(rendererDir, { recursive: true, force: true });
    }
  });
});

describe('createHostingController over HTTPS', () => {
  it('serves the certificate kept in the folder it is given, the same one at every start', async () => {
    const workDir = mkdtempSync(path.join(os.tmpdir(), 'huddle-controller-tls-'));
    const rendererDir = path.join(workDir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
    const controller = createHostingController({
      ...options,
      bind: '127.0.0.1',
      port: 0,
      rendererDir,
      log: () => undefined,
      certificateDir: path.join(workDir, 'user-data'),
    });
    try {
      const first = await controller.start();
      expect(first.server.secure).toBe(true);
      expect(first.certificateFingerprint).toMatch(/^[0-9a-f]{64}$/);
      await controller.stop();
      const second = await controller.start();
      expect(second.certificateFingerprint).toBe(first.certificateFingerprint);
      const kept = readFileSync(path.join(workDir, 'user-data', certificateFileName));
      expect(new X509Certificate(kept).fingerprint256.replace(/:/g, '').toLowerCase()).toBe(
        first.certificateFingerprint,
      );
    } finally {
      await controller.stop();
      rmSync(workDir, { recursive: true, force: true });
    }
  });

  it('hands the web host the certificate it loaded', async () => {
    const certificate = { cert: 'C', key: 'K', fingerprint: 'f'.repeat(64), notAfter: new Date() };
    const start = vi.fn((_options: WebHostOptions) =>
      Promise.resolve({ ...fakeHost(8765), certificateFingerprint: 'f'.repeat(64) }),
    );
    const load = vi.fn(() => Promise.resolve(certificate));
    const controller = createHostingController({ ...options, certificateDir: '/user-data' }, start, load);
    expect((await controller.start()).certificateFingerprint).toBe('f'.repeat(64));
    expect(load).toHaveBeenCalledWith('/user-data');
    expect(start.mock.calls[0]?.[0].tls).toBe(certificate);
  });
});
