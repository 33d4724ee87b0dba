/**
 * `npm start`: installs and builds if needed, then runs the desktop app.
 *
 * When Electron cannot run here (no binary and none can be fetched, no
 * display, or its sandbox cannot start: see sandbox-check.mjs), it says so in
 * one line and runs the same app in the browser instead: the headless host
 * plus, when a display and Chromium/Chrome exist, an app-style browser
 * window. Ctrl-C stops everything it started.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { ensureReady, repoRoot } from './ensure-ready.mjs';
import { exitCodeOf, signalChild, spawnManaged, stopChildrenOnSignals } from './processes.mjs';
import {
  fallbackLine,
  mayOpenBrowserWindow,
  readSandboxFacts,
  sandboxProblemAfterExit,
  sandboxProblemBeforeStart,
} from './sandbox-check.mjs';

const electronDir = path.join(repoRoot, 'node_modules', 'electron');
const hostCliPath = path.join(repoRoot, 'dist', 'node', 'main', 'host', 'host-cli.js');
/** Remembers a failed download so every later start does not wait for it again. */
const downloadFailedMarker = path.join(repoRoot, 'node_modules', '.huddle-electron-download-failed');
const defaultPort = 8765;
const downloadTimeoutMs = 60_000;

function hasDisplay() {
  // Only Linux and the BSDs need an X11 or Wayland server for a window.
  if (process.platform === 'win32' || process.platform === 'darwin') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** The binary `require('electron')` would name, if it has been downloaded. */
function installedElectronBinary() {
  try {
    const relative = readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim();
    const binary = path.join(electronDir, 'dist', relative);
    return relative && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/** The last line of the installer's output that says what went wrong, without a stack trace. */
function downloadFailureReason(result) {
  if (result.error?.code === 'ETIMEDOUT')
    return `its download did not finish within ${downloadTimeoutMs / 1000} s`;
  if (result.error) return `its installer could not run: ${result.error.message}`;
  const lines = `${result.stderr ?? ''}\n${result.stdout ?? ''}`
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('at '));
  const message = lines.find((line) => /error/i.test(line)) ?? lines[0] ?? `exit code ${result.status}`;
  return `its binary could not be downloaded: ${message.slice(0, 160)}`;
}

/**
 * Returns `{ binary }` or `{ reason }`. npm 11 can skip install scripts, so
 * the binary may simply never have been fetched: try the package's own
 * installer once, with a time limit, and remember a failure.
 */
function findElectron() {
  if (!hasDisplay()) return { reason: 'no display: DISPLAY and WAYLAND_DISPLAY are not set' };
  const installed = installedElectronBinary();
  if (installed) return { binary: installed };
  if (!existsSync(path.join(electronDir, 'install.js')))
    return { reason: 'the electron package is not installed' };
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return { reason: 'its binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
  }
  if (existsSync(downloadFailedMarker)) {
    const earlier = readFileSync(downloadFailedMarker, 'utf8').trim();
    return { reason: `${earlier} (delete ${path.relative(repoRoot, downloadFailedMarker)} to try again)` };
  }

  console.log(`Downloading the Electron binary (at most ${downloadTimeoutMs / 1000} s)...`);
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    cwd: electronDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: downloadTimeoutMs,
    killSignal: 'SIGKILL',
  });
  const downloaded = installedElectronBinary();
  if (downloaded) return { binary: downloaded };
  const reason = downloadFailureReason(result);
  try {
    writeFileSync(downloadFailedMarker, `${reason}\n`);
  } catch {
    // Not remembering only costs the next start another attempt.
  }
  return { reason };
}

/** Enough of Electron's stderr to recognise a sandbox failure, which it prints as it starts. */
const keptOutputBytes = 16_384;

/** Runs Electron; resolves with its exit code and the end of what it wrote to stderr. */
async function runElectron(binary) {
  const child = spawnManaged(binary, [repoRoot], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk) => {
    process.stderr.write(chunk);
    output = (output + chunk.toString('utf8')).slice(-keptOutputBytes);
  });
  child.once('error', (error) => console.error(`Could not start Electron: ${error.message}`));
  stopChildrenOnSignals(() => [child]);
  process.once('exit', () => signalChild(child, 'SIGTERM'));
  const code = await exitCodeOf(child);
  return { code, output };
}

/** The default port when it is free, else 0 (any free port), so a second copy still starts. */
function pickPort() {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(0));
    probe.listen(defaultPort, '0.0.0.0', () => probe.close(() => resolve(defaultPort)));
  });
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findChromium() {
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
  const onPath = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .flatMap((dir) => names.map((name) => path.join(dir, name)));
  const wellKnown =
    process.platform === 'darwin'
      ? [
          '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
          '/Applications/Chromium.app/Contents/MacOS/Chromium',
        ]
      : process.platform === 'win32'
        ? [process.env.ProgramFiles, process.env['ProgramFiles(x86)'], process.env.LOCALAPPDATA]
            .filter(Boolean)
            .map((base) => path.join(base, 'Google', 'Chrome', 'Application', 'chrome.exe'))
        : [];
  return [...onPath, ...wellKnown].find(isExecutable) ?? null;
}

function openAppWindow(browser, url, spki) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'huddle-browser-'));
  const args = [`--app=${url}`, `--user-data-dir=${profile}`, '--no-first-run', '--no-default-browser-check'];
  // The host's own certificate, and no other, is trusted in this throw-away
  // profile: the window is this machine's page, not a guest who must compare.
  if (spki) args.push(`--ignore-certificate-errors-spki-list=${spki}`);
  // Its own log output is noise for a user of Huddle.
  const child = spawnManaged(browser, args, { stdio: 'ignore' });
  const removeProfile = () => rmSync(profile, { recursive: true, force: true });
  child.once('exit', removeProfile);
  process.once('exit', removeProfile);
  return child;
}

async function runInBrowser() {
  const port = await pickPort();
  const host = spawnManaged(process.execPath, [hostCliPath, '--port', String(port)], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let browser = null;
  host.once('error', (error) => console.error(`Could not start the Huddle host: ${error.message}`));
  stopChildrenOnSignals(() => [host, browser].filter(Boolean));
  process.once('exit', () => {
    for (const child of [host, browser]) if (child) signalChild(child, 'SIGTERM');
  });

  // Pass the host's output through, and open the window at the URL it
  // reports once it has finished describing itself.
  let localUrl = null;
  let spki = null;
  readline.createInterface({ input: host.stdout }).on('line', (line) => {
    console.log(line);
    localUrl ??= /On this machine: (https?:\/\/\S+)/.exec(line)?.[1] ?? null;
    spki ??= /public key \(SPKI SHA-256, base64\): (\S+)/.exec(line)?.[1] ?? null;
    if (!line.startsWith('Press Ctrl-C') || !localUrl || browser) return;
    // Chromium runs as root only without its sandbox, which Huddle never turns off.
    if (!mayOpenBrowserWindow({ uid: process.getuid?.() ?? null })) {
      console.log(
        `Not opening a browser as root (it would run without its sandbox); open ${localUrl} as your own user.`,
      );
      return;
    }
    const executable = hasDisplay() ? findChromium() : null;
    if (!executable) {
      console.log(`Open ${localUrl} in Chrome, Chromium, Edge or Firefox to use Huddle.`);
      return;
    }
    browser = openAppWindow(executable, localUrl, spki);
    console.log(`Opened Huddle in ${path.basename(executable)}; closing that window stops Huddle.`);
    browser.once('error', (error) => console.error(`Could not open ${executable}: ${error.message}`));
    // The window is the app: closing it ends the session like quitting would.
    browser.once('exit', () => signalChild(host, 'SIGTERM'));
  });

  const code = await exitCodeOf(host);
  if (browser) signalChild(browser, 'SIGTERM');
  return code;
}

async function main() {
  ensureReady();
  const electron = findElectron();
  if (!electron.binary) {
    console.log(`Electron is unavailable (${electron.reason}); running Huddle in the browser instead.`);
    return runInBrowser();
  }
  const facts = readSandboxFacts(electron.binary);
  const before = sandboxProblemBeforeStart(facts);
  if (before) {
    console.log(fallbackLine(before));
    return runInBrowser();
  }
  const exit = await runElectron(electron.binary);
  const after = sandboxProblemAfterExit(facts, exit);
  if (!after) return exit.code;
  console.log(fallbackLine(after));
  return runInBrowser();
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`Could not start Huddle: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
