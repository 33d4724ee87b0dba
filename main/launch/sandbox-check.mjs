/**
 * Whether Electron's sandbox can start here, for `npm start`.
 *
 * On Linux, Chromium's sandbox needs unprivileged user namespaces or, failing
 * that, a `chrome-sandbox` helper owned by root with the setuid bit. Ubuntu
 * 24.04 and later restrict those namespaces through AppArmor
 * (kernel.apparmor_restrict_unprivileged_userns = 1), and npm installs the
 * helper as an ordinary file, so an unpackaged Electron aborts at start with
 * a sandbox error. Chromium also refuses to run as root with its sandbox on.
 *
 * Huddle never turns the sandbox off for anyone. When it cannot start, the
 * launcher says in one line what happened and how to fix it, and runs Huddle
 * in the browser instead. The decisions here are pure functions of facts the
 * launcher gathers (readSandboxFacts), so they are unit-tested anywhere.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const userNamespaceSetting = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns';
/** Where AppArmor's profiles live; one that names Electron's binary may grant it user namespaces. */
export const appArmorProfilesDir = '/etc/apparmor.d';

const setuidBit = 0o4000;

/** What Chromium prints when its sandbox cannot start (it then aborts). */
const sandboxFailureLines = [
  /The SUID sandbox helper binary was found, but is not configured correctly/,
  /No usable sandbox!/,
  /Running as root without --no-sandbox is not supported/,
  /FATAL:credentials\.cc\(\d+\)\] Check failed: .*Permission denied/,
  /FATAL:zygote_host_impl_linux\.cc/,
  /FATAL:setuid_sandbox_host\.cc/,
];

function isHelperReady(facts) {
  const helper = facts.chromeSandbox;
  return helper !== null && helper.uid === 0 && (helper.mode & setuidBit) !== 0;
}

function helperFix(facts) {
  const helper = facts.chromeSandboxPath;
  return `to allow it, run: sudo chown root:root ${helper} && sudo chmod 4755 ${helper}`;
}

const rootProblem = {
  what: "Electron's sandbox does not run as root, and Huddle never turns it off",
  fix: 'run npm start as your own user, not as root or with sudo',
};

/** The problem to report before starting Electron, or null to start it. */
export function sandboxProblemBeforeStart(facts) {
  if (facts.platform !== 'linux') return null;
  if (facts.uid === 0) return rootProblem;
  // A profile of the user's own may let Electron have its namespaces: then
  // start it, and judge by its exit (sandboxProblemAfterExit) instead.
  if (facts.userNamespacesRestricted === true && !isHelperReady(facts) && !facts.appArmorProfileNamesBinary) {
    return {
      what: `AppArmor blocks the user namespaces Electron's sandbox needs (${path.basename(userNamespaceSetting)} is 1, as on Ubuntu 24.04 and later)`,
      fix: helperFix(facts),
    };
  }
  return null;
}

/**
 * The problem that made Electron exit, if it was its sandbox, or null (a
 * normal exit, or a failure of another kind, which the launcher reports as
 * it is). `exit.output` is what Electron wrote to stderr.
 */
export function sandboxProblemAfterExit(facts, exit) {
  if (facts.platform !== 'linux') return null;
  if (exit.code === 0) return null;
  if (!sandboxFailureLines.some((line) => line.test(exit.output))) return null;
  const known = sandboxProblemBeforeStart(facts);
  if (known) return known;
  if (!isHelperReady(facts)) {
    return {
      what: "Electron's sandbox could not start: this system allows no unprivileged user namespaces",
      fix: helperFix(facts),
    };
  }
  const detail = exit.output.split('\n').find((line) => sandboxFailureLines.some((re) => re.test(line)));
  return {
    what: `Electron's sandbox could not start (${(detail ?? '').trim().slice(0, 200)})`,
    fix: 'see "Ubuntu and the sandbox" in README.md',
  };
}

/** The one line the launcher prints before running Huddle in the browser. */
export function fallbackLine(problem) {
  return `The desktop app cannot start: ${problem.what}; ${problem.fix}. Running Huddle in the browser instead.`;
}

/**
 * Chromium as root runs only without its sandbox, so the launcher does not
 * open it then; it prints the address instead.
 */
export function mayOpenBrowserWindow(facts) {
  return facts.uid !== 0;
}

/**
 * Does a profile in `profilesDir` name `electronBinary` and grant `userns`?
 * Only exact paths are recognised; a profile matching by glob is not, and
 * then the launcher falls back as if there were none (the fix it prints
 * still works).
 */
export function appArmorProfileNames(electronBinary, profilesDir = appArmorProfilesDir) {
  let names;
  try {
    names = readdirSync(profilesDir, { withFileTypes: true });
  } catch {
    return false;
  }
  return names.some((entry) => {
    if (!entry.isFile()) return false;
    try {
      const text = readFileSync(path.join(profilesDir, entry.name), 'utf8');
      return text.includes(electronBinary) && /^\s*userns\b/m.test(text);
    } catch {
      return false;
    }
  });
}

/** Gathers the facts for the decisions above; anything unreadable is null. */
export function readSandboxFacts(electronBinary, profilesDir = appArmorProfilesDir) {
  const chromeSandboxPath = path.join(path.dirname(electronBinary), 'chrome-sandbox');
  let userNamespacesRestricted = null;
  try {
    userNamespacesRestricted = readFileSync(userNamespaceSetting, 'utf8').trim() === '1';
  } catch {
    // No such setting: not Ubuntu's AppArmor, or not Linux.
  }
  let chromeSandbox = null;
  try {
    const { uid, mode } = statSync(chromeSandboxPath);
    chromeSandbox = { uid, mode };
  } catch {
    // Missing: Chromium then needs user namespaces.
  }
  return {
    platform: process.platform,
    uid: process.getuid?.() ?? null,
    userNamespacesRestricted,
    chromeSandbox,
    chromeSandboxPath,
    appArmorProfileNamesBinary: userNamespacesRestricted
      ? appArmorProfileNames(electronBinary, profilesDir)
      : false,
  };
}
