/**
 * Starting the servers the tests talk to as real processes — the headless
 * Huddle host and a stock PeerJS server — and stopping them by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const repo = path.resolve(__dirname, '../../..');

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

function start(
  command: string,
  args: string[],
  readyPattern: RegExp,
): Promise<RunningProcess & { ready: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const stop = (): Promise<void> =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      });
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${command} ${args.join(' ')} did not start:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const ready = output.match(readyPattern);
      if (ready) {
        clearTimeout(timer);
        resolve({ child, ready, output: () => output, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    // 'close', not 'exit': it comes once the process's output is all read, so the error shows why it ended.
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${output}`));
    });
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface HuddleHost extends RunningProcess {
  url: string;
  port: number;
  /** The PeerJS key the host chose (random unless given with --key). */
  key: string;
  /** Over HTTPS: the certificate's public key hash, for Chromium's --ignore-certificate-errors-spki-list. */
  spki: string | null;
}

/**
 * The headless host (`npm run host`'s program), bound to loopback on a free
 * port. Plain HTTP (`--http`), which `localhost` makes a secure context,
 * unless `extraArgs` asks for a certificate (`--cert-dir` or `--cert`).
 */
export async function startHuddleHost(extraArgs: string[] = [], fixedPort?: number): Promise<HuddleHost> {
  const port = fixedPort ?? (await freePort());
  const https = extraArgs.some((arg) => /^--cert(-dir)?(=|$)/.test(arg));
  const running = await start(
    process.execPath,
    [
      'dist/node/main/host/host-cli.js',
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      ...(https ? [] : ['--http']),
      ...extraArgs,
    ],
    /PeerJS server: path \S+, key (\S+), port/,
  );
  const spki =
    /HTTPS certificate public key \(SPKI SHA-256, base64\): (\S+)/.exec(running.output())?.[1] ?? null;
  return {
    ...running,
    port,
    url: `${https ? 'https' : 'http'}://localhost:${port}/`,
    key: running.ready[1] ?? '',
    spki,
  };
}

export interface StockPeerServer extends RunningProcess {
  port: number;
  path: string;
  key: string;
}

/** The `peer` package's own CLI: a stock PeerJS server, discovery off. */
export async function startStockPeerServer(key: string, peerPath: string): Promise<StockPeerServer> {
  const port = await freePort();
  const running = await start(
    process.execPath,
    [
      path.join(repo, 'node_modules/peer/dist/bin/peerjs.js'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--key',
      key,
      '--path',
      peerPath,
    ],
    /Started PeerServer/,
  );
  return { ...running, port, path: peerPath, key };
}
