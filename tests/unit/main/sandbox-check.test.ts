/**
 * When `npm start` falls back to the browser because Electron's sandbox cannot
 * start, and what it says. The facts are what readSandboxFacts gathers; the
 * outputs are Chromium's own messages.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appArmorProfileNames,
  fallbackLine,
  mayOpenBrowserWindow,
  readSandboxFacts,
  sandboxProblemAfterExit,
  sandboxProblemBeforeStart,
  type SandboxFacts,
} from '../../../main/launch/sandbox-check.mjs';

const helperPath = '/home/ada/huddle/node_modules/electron/dist/chrome-sandbox';

function facts(overrides: Partial<SandboxFacts> = {}): SandboxFacts {
  return {
    platform: 'linux',
    uid: 1000,
    userNamespacesRestricted: false,
    // As npm leaves it: owned by the user, no setuid bit.
    chromeSandbox: { uid: 1000, mode: 0o100755 },
    chromeSandboxPath: helperPath,
    appArmorProfileNamesBinary: false,
    ...overrides,
  };
}

const ubuntu2404 = facts({ userNamespacesRestricted: true });
const setuidHelper = { uid: 0, mode: 0o104755 };

const suidMessage =
  "[12345:1130/031500.000000:FATAL:setuid_sandbox_host.cc(158)] The SUID sandbox helper binary was found, but is not configured correctly. Rather than run without sandboxing I'm aborting now. You need to make sure that /home/ada/huddle/node_modules/electron/dist/chrome-sandbox is owned by root and has mode 4755.";
const noUsableSandbox =
  '[4242:1130/031500.000000:FATAL:zygote_host_impl_linux.cc(128)] No usable sandbox! If you are running on Ubuntu 23.10+ or another Linux distro that has disabled unprivileged user namespaces with AppArmor, see https://chromium.googlesource.com/chromium/src/+/main/docs/security/apparmor-userns-restrictions.md.';
const asRoot =
  '[77:1130/031500.000000:FATAL:electron_main_delegate.cc(296)] Running as root without --no-sandbox is not supported. See https://crbug.com/638180.';

describe('before starting Electron', () => {
  it('starts it where the sandbox can work', () => {
    expect(sandboxProblemBeforeStart(facts())).toBeNull();
    expect(sandboxProblemBeforeStart(facts({ userNamespacesRestricted: null }))).toBeNull();
    expect(
      sandboxProblemBeforeStart(facts({ userNamespacesRestricted: true, chromeSandbox: setuidHelper })),
    ).toBeNull();
  });

  it('falls back on Ubuntu 24.04 when the helper is not setuid root, and says how to fix it', () => {
    const problem = sandboxProblemBeforeStart(ubuntu2404);
    expect(problem?.what).toMatch(/AppArmor blocks the user namespaces/);
    expect(problem?.fix).toBe(
      `to allow it, run: sudo chown root:root ${helperPath} && sudo chmod 4755 ${helperPath}`,
    );
    expect(
      sandboxProblemBeforeStart(facts({ userNamespacesRestricted: true, chromeSandbox: null })),
    ).not.toBeNull();
    // Setuid but not owned by root is no help either.
    const notRoot = facts({ userNamespacesRestricted: true, chromeSandbox: { uid: 1000, mode: 0o104755 } });
    expect(sandboxProblemBeforeStart(notRoot)).not.toBeNull();
  });

  it('falls back as root, whatever else holds, and never suggests turning the sandbox off', () => {
    const problem = sandboxProblemBeforeStart(facts({ uid: 0, chromeSandbox: setuidHelper }));
    expect(problem?.fix).toMatch(/as your own user/);
    expect(fallbackLine(problem!)).not.toMatch(/no-sandbox/);
  });

  it('leaves Windows and macOS alone', () => {
    expect(sandboxProblemBeforeStart(facts({ platform: 'win32', uid: null }))).toBeNull();
    expect(
      sandboxProblemBeforeStart(facts({ platform: 'darwin', uid: 0, userNamespacesRestricted: true })),
    ).toBeNull();
  });
});

describe("after Electron's exit", () => {
  it('is no problem when Electron exited normally or failed for another reason', () => {
    expect(sandboxProblemAfterExit(facts(), { code: 0, output: '' })).toBeNull();
    expect(sandboxProblemAfterExit(facts(), { code: 1, output: 'Error: Cannot find module' })).toBeNull();
    // The message alone, in a clean exit, is not a failure.
    expect(sandboxProblemAfterExit(facts(), { code: 0, output: suidMessage })).toBeNull();
  });

  it('recognises the sandbox failures Chromium reports, by signal or by code', () => {
    for (const output of [suidMessage, noUsableSandbox, asRoot]) {
      expect(
        sandboxProblemAfterExit(facts(), { code: 133, output: `warning\n${output}\n` }),
        output,
      ).not.toBeNull();
      expect(sandboxProblemAfterExit(facts(), { code: null, output }), output).not.toBeNull();
    }
  });

  it('explains an AppArmor failure with the AppArmor fix', () => {
    const problem = sandboxProblemAfterExit(ubuntu2404, { code: 133, output: noUsableSandbox });
    expect(problem).toEqual(sandboxProblemBeforeStart(ubuntu2404));
  });

  it('offers the helper fix where user namespaces are off for another reason', () => {
    const problem = sandboxProblemAfterExit(facts(), { code: 133, output: suidMessage });
    expect(problem?.what).toMatch(/no unprivileged user namespaces/);
    expect(problem?.fix).toMatch(/sudo chmod 4755/);
  });

  it("quotes Chromium's reason when the helper is already set up", () => {
    const problem = sandboxProblemAfterExit(facts({ chromeSandbox: setuidHelper }), {
      code: 133,
      output: `noise\n${noUsableSandbox}\n`,
    });
    expect(problem?.what).toContain('No usable sandbox!');
    expect(problem?.fix).toMatch(/README/);
  });
});

describe('fallbackLine', () => {
  it('is one line: what happened, how to fix it, and what runs instead', () => {
    const line = fallbackLine(sandboxProblemBeforeStart(ubuntu2404)!);
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(
      /^The desktop app cannot start: AppArmor .*; to allow it, run: sudo chown .*\. Running Huddle in the browser instead\.$/,
    );
  });
});

describe('mayOpenBrowserWindow', () => {
  it('does not open Chromium as root, where it would need its sandbox off', () => {
    expect(mayOpenBrowserWindow({ uid: 0 })).toBe(false);
    expect(mayOpenBrowserWindow({ uid: 1000 })).toBe(true);
    expect(mayOpenBrowserWindow({ uid: null })).toBe(true);
  });
});

describe('an AppArmor profile of your own', () => {
  const binary = '/home/ada/huddle/node_modules/electron/dist/electron';

  it('lets Electron start, and its exit decide', () => {
    const withProfile = facts({ userNamespacesRestricted: true, appArmorProfileNamesBinary: true });
    expect(sandboxProblemBeforeStart(withProfile)).toBeNull();
    // The profile did not help after all: the same fix as without one.
    expect(sandboxProblemAfterExit(withProfile, { code: 133, output: noUsableSandbox })?.fix).toContain(
      'chmod 4755',
    );
    // Running as root is refused whatever profile there is.
    expect(sandboxProblemBeforeStart({ ...withProfile, uid: 0 })).not.toBeNull();
  });

  it('is found when a profile names the binary and grants userns', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'huddle-apparmor-'));
    try {
      mkdirSync(path.join(dir, 'abstractions'));
      writeFileSync(path.join(dir, 'abstractions', 'base'), `${binary} userns,`);
      writeFileSync(path.join(dir, 'firefox'), 'profile firefox /usr/lib/firefox/firefox {\n  userns,\n}\n');
      expect(appArmorProfileNames(binary, dir)).toBe(false);
      writeFileSync(path.join(dir, 'no-userns'), `profile x ${binary} {\n  network,\n}\n`);
      expect(appArmorProfileNames(binary, dir)).toBe(false);
      writeFileSync(
        path.join(dir, 'huddle-dev'),
        `abi <abi/4.0>,\ninclude <tunables/global>\nprofile huddle-dev ${binary} flags=(unconfined) {\n  userns,\n}\n`,
      );
      expect(appArmorProfileNames(binary, dir)).toBe(true);
      expect(appArmorProfileNames(binary, path.join(dir, 'missing'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('readSandboxFacts', () => {
  it("reads the helper beside Electron's binary, and who runs this", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'huddle-sandbox-'));
    try {
      writeFileSync(path.join(dir, 'chrome-sandbox'), '');
      chmodSync(path.join(dir, 'chrome-sandbox'), 0o755);
      const found = readSandboxFacts(path.join(dir, 'electron'));
      expect(found.chromeSandboxPath).toBe(path.join(dir, 'chrome-sandbox'));
      // As npm leaves it: no setuid bit, so not usable as Chromium's helper.
      expect((found.chromeSandbox?.mode ?? 0) & 0o7777).toBe(0o755);
      expect(found.uid).toBe(process.getuid?.() ?? null);
      expect(found.platform).toBe(process.platform);
      rmSync(path.join(dir, 'chrome-sandbox'));
      expect(readSandboxFacts(path.join(dir, 'electron')).chromeSandbox).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
