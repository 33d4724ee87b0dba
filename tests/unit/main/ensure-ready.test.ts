/** When the launchers decide to install or build, judged from file times in a scratch checkout. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReason, installReason, newestMtimeUnder } from '../../../main/launch/ensure-ready.mjs';

let root: string;

function file(relative: string, secondsAgo: number): void {
  const full = path.join(root, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, relative);
  const time = Date.now() / 1000 - secondsAgo;
  utimesSync(full, time, time);
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'huddle-ensure-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('installReason', () => {
  it('installs when node_modules is missing', () => {
    file('package-lock.json', 100);
    expect(installReason(root)).toBe('node_modules is missing');
  });

  it('reinstalls when package-lock.json is newer than the last install', () => {
    file('node_modules/.package-lock.json', 100);
    file('package-lock.json', 10);
    expect(installReason(root)).toBe('package-lock.json changed');
  });

  it('does nothing when the install is newer than the lockfile', () => {
    file('package-lock.json', 100);
    file('node_modules/.package-lock.json', 10);
    expect(installReason(root)).toBeNull();
  });
});

describe('buildReason', () => {
  const outputs = ['dist/renderer/index.html', 'dist/node/main/host/host-cli.js'];

  it('builds when an output is missing', () => {
    file('main/host/web-host.ts', 100);
    file('dist/renderer/index.html', 10);
    expect(buildReason(root)).toMatch(/host-cli\.js missing/);
  });

  it('rebuilds when any source under main/, preload/ or renderer/ is newer', () => {
    for (const output of outputs) file(output, 50);
    file('main/host/web-host.ts', 100);
    file('renderer/components/deep/App.vue', 10);
    expect(buildReason(root)).toBe('sources changed since the last build');
  });

  it('does nothing when every output is newer than every source', () => {
    file('main/host/web-host.ts', 100);
    file('preload/preload.ts', 100);
    file('renderer/main.ts', 100);
    for (const output of outputs) file(output, 10);
    expect(buildReason(root)).toBeNull();
  });

  it('ignores node_modules inside source folders', () => {
    file('renderer/main.ts', 100);
    for (const output of outputs) file(output, 50);
    file('renderer/node_modules/x/index.js', 1);
    expect(newestMtimeUnder(path.join(root, 'renderer'))).toBeLessThan(Date.now() - 60_000);
    expect(buildReason(root)).toBeNull();
  });
});
