/**
 * `npm run host`: installs and builds if needed, then runs the headless host
 * (dist/node/main/host/host-cli.js) with the user's arguments.
 */
import path from 'node:path';
import { ensureReady, repoRoot } from './ensure-ready.mjs';
import { exitCodeOf, signalChild, spawnManaged, stopChildrenOnSignals } from './processes.mjs';

export const hostCliPath = path.join(repoRoot, 'dist', 'node', 'main', 'host', 'host-cli.js');

ensureReady();

// stdin is not passed on: the host reads none, and a child outside the
// terminal's foreground group that read it would be stopped by the terminal.
const child = spawnManaged(process.execPath, [hostCliPath, ...process.argv.slice(2)], {
  cwd: repoRoot,
  stdio: ['ignore', 'inherit', 'inherit'],
});
child.once('error', (error) => console.error(`Could not start the Huddle host: ${error.message}`));
stopChildrenOnSignals(() => [child]);
// If this launcher ends for any other reason, do not leave the server behind.
process.once('exit', () => signalChild(child, 'SIGTERM'));

process.exitCode = await exitCodeOf(child);
