/**
 * The Huddle host in the lab's hub namespace, and Chromium in a member's.
 *
 * Pages come from `http://10.231.0.1:PORT/`, which is not a secure context,
 * so each browser is told to treat that one origin as secure (or
 * `getUserMedia` would not exist).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type LaunchOptions } from '@playwright/test';
import { chromiumArgs } from '../e2e/support/chromium.js';
import type { Lab, LabMember, LabProcess, NodeRef } from './netns.js';

const repo = path.resolve(__dirname, '../..');
const hostCli = path.join(repo, 'dist', 'node', 'main', 'host', 'host-cli.js');

export interface LabTurnRelay {
  /** e.g. `turn:10.231.0.1:3478`, as the host printed it. */
  url: string;
  host: string;
  port: number;
  /** Its TURN-over-TLS port (`turns:`), when it offers one. */
  tlsPort: number | null;
  /** The SPKI SHA-256 (base64) of the certificate on that port, for Chromium to trust exactly it. */
  tlsSpki: string | null;
}

export interface LabHost {
  /** `http://10.231.0.1:PORT/` */
  url: string;
  /** `http://10.231.0.1:PORT`, for `--unsafely-treat-insecure-origin-as-secure`. */
  origin: string;
  address: string;
  port: number;
  /** The PeerJS key the host chose (or was given with --key). */
  key: string;
  /** The relay it started with --turn (or points at with --turn-url); null without one. */
  turn: LabTurnRelay | null;
  process: LabProcess;
  output(): string;
  /** Stops the host (and so its relay) by PID. */
  stop(): Promise<void>;
}

/**
 * Starts `host-cli.js --bind 10.231.0.1 --port PORT --http ...args` in the hub and
 * waits until it has printed its start lines. The lab's `close()` stops it too.
 */
export async function startHostInLab(
  lab: Lab,
  args: readonly string[] = [],
  options: { port?: number } = {},
): Promise<LabHost> {
  if (!existsSync(hostCli)) throw new Error(`${hostCli} is missing: run "npm run build" first`);
  // A fresh namespace has every port free: a fixed one keeps URLs readable.
  const port = options.port ?? 8765;
  const address = lab.hub.address;
  const child = lab.spawn(
    lab.hub,
    process.execPath,
    // Plain HTTP: each member's browser treats this one origin as secure instead.
    [hostCli, '--bind', address, '--port', String(port), '--http', ...args],
    { cwd: repo },
  );
  try {
    await child.waitFor(/Press Ctrl-C to stop\./, 20_000);
  } catch (error) {
    await child.stop();
    throw error;
  }
  const output = child.output();
  const key = /PeerJS server: path \S+, key (\S+), port/.exec(output)?.[1] ?? '';
  const turnMatch = /TURN relay: (turns?:(\S+):(\d+)) \(/.exec(output);
  const tlsMatch = /TURN relay: turns:\S+:(\d+) \(tls\)/.exec(output);
  const spkiMatch = /TURN relay certificate public key \(SPKI SHA-256, base64\): (\S+)/.exec(output);
  const turn = turnMatch
    ? {
        url: turnMatch[1] ?? '',
        host: turnMatch[2] ?? '',
        port: Number(turnMatch[3]),
        tlsPort: tlsMatch ? Number(tlsMatch[1]) : null,
        tlsSpki: spkiMatch?.[1] ?? null,
      }
    : null;
  const origin = `http://${address}:${port}`;
  return {
    url: `${origin}/`,
    origin,
    address,
    port,
    key,
    turn,
    process: child,
    output: () => child.output(),
    stop: () => child.stop(),
  };
}

/**
 * Chromium inside `node`'s namespace with the test flags (fake camera and
 * microphone, no background traffic) and `hostUrl`'s origin treated as secure.
 * Close it before `lab.close()`, or the lab kills it.
 */
export function launchMemberBrowser(
  lab: Lab,
  node: NodeRef,
  hostUrl: string,
  options: { args?: readonly string[]; launch?: LaunchOptions } = {},
): Promise<Browser> {
  const origin = new URL(hostUrl).origin;
  return chromium.launch({
    ...options.launch,
    executablePath: lab.chromiumWrapper(node),
    args: [...chromiumArgs, `--unsafely-treat-insecure-origin-as-secure=${origin}`, ...(options.args ?? [])],
  });
}

/**
 * Cuts a member off from the other members: UDP blocked, TCP only to the
 * host's web and rendezvous port and its relay (if it runs one).
 */
export async function onlyTcpToHost(lab: Lab, member: LabMember, host: LabHost): Promise<void> {
  const allowed = [{ address: host.address, port: host.port }];
  if (host.turn) allowed.push({ address: host.address, port: host.turn.port });
  await lab.restrict(member, { udp: 'block', tcp: { allowOnly: allowed } });
}
