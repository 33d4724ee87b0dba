/**
 * `npm run host`: the web host without Electron, for browser guests, servers
 * without a display, and the end-to-end tests.
 *
 * Paths are relative to this file's compiled location,
 * `dist/node/main/host/host-cli.js`, so it works from any working directory.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hostHelpText, parseHostArgs, type HostOptions } from './host-options.js';
import { isWildcardAddress } from './lan-addresses.js';
import { startWebHost, WebHostStartError, type RunningHost } from './web-host.js';

const repoRoot = path.resolve(__dirname, '../../../..');
const rendererDir = path.join(repoRoot, 'dist', 'renderer');

/** Exit codes: 1 for a failure to run, 2 for a usage error (the shell convention). */
const exitFailure = 1;
const exitUsage = 2;

function readAppVersion(): string {
  try {
    const manifest: unknown = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const version = (manifest as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** What the user needs: where to point browsers, and where the rendezvous server is. */
export function describeRunningHost(host: RunningHost, options: HostOptions): string[] {
  const lines = [`Huddle host running. On this machine: ${host.localUrl}`];
  for (const url of host.lanUrls) lines.push(`Huddle host running. Guests open: ${url}`);
  if (host.lanUrls.length === 0) {
    lines.push(
      isWildcardAddress(options.bind)
        ? 'No network address found: only this machine can join until one is connected.'
        : `Listening on ${options.bind} only: guests on other machines cannot join (use --bind 0.0.0.0 to let them).`,
    );
  }
  lines.push(`PeerJS server: path ${host.server.path}, key ${host.server.key}, port ${host.port}`);
  const { limits } = host;
  lines.push(
    `PeerJS limits: ${limits.maxPeers} peers, messages up to ${limits.maxMessageBytes} bytes, ` +
      `${limits.messagesPerSecond}/s (bursts of ${limits.messageBurst}), silent peers dropped after ${limits.aliveTimeoutMs / 1000} s`,
  );
  lines.push('Press Ctrl-C to stop.');
  return lines;
}

async function main(argv: readonly string[]): Promise<void> {
  const parsed = parseHostArgs(argv);
  if (!parsed.ok) {
    console.error(`huddle host: ${parsed.error}`);
    process.exitCode = exitUsage;
    return;
  }
  const { options } = parsed;
  if (options.help) {
    process.stdout.write(hostHelpText);
    return;
  }

  let host: RunningHost;
  try {
    host = await startWebHost({ ...options, rendererDir, appVersion: readAppVersion() });
  } catch (error) {
    // Known start failures carry an actionable message; anything else is
    // reported by message too, as a stack trace helps no user here.
    const message = error instanceof Error ? error.message : String(error);
    console.error(error instanceof WebHostStartError ? message : `huddle host: could not start: ${message}`);
    process.exitCode = exitFailure;
    return;
  }
  for (const line of describeRunningHost(host, options)) console.log(line);

  let stoppingSince: number | null = null;
  const stop = (signal: NodeJS.Signals): void => {
    if (stoppingSince !== null) {
      // Another Ctrl-C a second later means "now", even if connections are
      // slow to close; an immediate repeat is the same keypress delivered
      // twice (by the terminal and by `npm run`).
      if (Date.now() - stoppingSince > 1000) process.exit(exitFailure);
      return;
    }
    stoppingSince = Date.now();
    console.log(`Stopping the Huddle host (${signal}).`);
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(
          `huddle host: error while stopping: ${error instanceof Error ? error.message : String(error)}`,
        );
        process.exit(exitFailure);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // A closed terminal should not leave the server running in the background.
  process.on('SIGHUP', stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`huddle host: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(exitFailure);
  });
}
