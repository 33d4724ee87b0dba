/**
 * The network lab: several "machines" on this one, as Linux network
 * namespaces, so browser tests can cut UDP, force TURN over TCP, and see
 * ICE restart for real.
 *
 *     hub (10.231.0.1, bridge br0) ── veth ── member 1 (10.231.0.2, eth0)
 *                                  ── veth ── member 2 (10.231.0.3, eth0) ...
 *
 * The hub runs the web host and its TURN relay; each member runs one
 * Chromium. Nothing is routed anywhere else: no default route, ip_forward
 * off, IPv6 off, and every link lives inside the lab's own namespaces (the
 * machine's own network namespace is never touched). Firewalls are nftables
 * tables inside a member's namespace.
 *
 * Needs root, iproute2 and nftables; `labAvailable()` says why not.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromiumPath } from '../e2e/support/chromium.js';

/** The lab's /24: the hub is .1, members .2 upwards. */
export const labSubnet = '10.231.0';
export const hubAddress = `${labSubnet}.1`;
const maxMembers = 50;
const firewallTable = 'huddle_lab';

export type LabAvailability = { ok: true } | { ok: false; reason: string };

/** One namespace of the lab. */
export interface LabNode {
  /** The network namespace's name (for `ip netns exec`). */
  ns: string;
  /** Its address in the lab subnet. */
  address: string;
}

export interface LabMember extends LabNode {
  /** 1-based: member 1 is 10.231.0.2. */
  index: number;
}

/** A namespace, by node or by name. */
export type NodeRef = LabNode | string;

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  /** Written to the command's stdin. */
  input?: string;
  /** Resolve with a non-zero exit code instead of rejecting. */
  allowFailure?: boolean;
  timeoutMs?: number;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** A long-running process inside a namespace, stopped by its PID. */
export interface LabProcess {
  child: ChildProcess;
  pid: number;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects if the process exits first or on timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (null after a signal). */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after 3 s; resolves when it has exited. Idempotent. */
  stop(): Promise<void>;
}

/** An address, optionally narrowed to one port. */
export interface Endpoint {
  address: string;
  port?: number;
}

/**
 * What one protocol may do: everything (`'allow'`), nothing (`'block'`), or
 * only talk to these endpoints (outgoing to them, incoming from them).
 */
export type TrafficRule = 'allow' | 'block' | { allowOnly: ReadonlyArray<string | Endpoint> };

/** A member's firewall. Omitted protocols are allowed; loopback always is. */
export interface FirewallPolicy {
  udp?: TrafficRule;
  tcp?: TrafficRule;
}

/** Packets the firewall dropped, per protocol and direction. */
export interface DropCounts {
  udp: { out: number; in: number };
  tcp: { out: number; in: number };
}

export interface Lab {
  /** Unique to this lab; every namespace name starts with it. */
  readonly prefix: string;
  readonly hub: LabNode;
  /** members[0] is member 1 (10.231.0.2). */
  readonly members: readonly LabMember[];
  /** Runs a command inside a namespace to completion; rejects on a non-zero exit unless allowed. */
  exec(node: NodeRef, command: string, args?: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Starts a command inside a namespace; `close()` stops it if the test has not. */
  spawn(node: NodeRef, command: string, args?: readonly string[], options?: SpawnOptions): LabProcess;
  /** An executable that runs Chromium inside the namespace: for `chromium.launch({ executablePath })`. */
  chromiumWrapper(node: NodeRef): string;
  /** Replaces the namespace's firewall with `policy`. */
  restrict(node: NodeRef, policy: FirewallPolicy): Promise<void>;
  /**
   * Drops UDP in and out except to/from `exceptTo` (addresses, or address and
   * port); TCP stays allowed. Replaces any earlier rules of that namespace.
   */
  blockUdp(node: NodeRef, options?: { exceptTo?: ReadonlyArray<string | Endpoint> }): Promise<void>;
  /** Removes the namespace's firewall. */
  unblock(node: NodeRef): Promise<void>;
  /** What the namespace's firewall has dropped so far (zeros without one). */
  dropped(node: NodeRef): Promise<DropCounts>;
  /** Stops every process in the lab's namespaces and deletes them and its files. Idempotent. */
  close(): Promise<void>;
}

function findProgram(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  for (const dir of dirs.filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function ipProgram(): string {
  const ip = findProgram('ip');
  if (!ip) throw new Error('The network lab needs iproute2 (apt-get install iproute2)');
  return ip;
}

let availability: LabAvailability | null = null;

/**
 * Whether the lab can run here: root, `ip netns`, `nft`, Chromium and
 * coturn, tried for real with a throwaway namespace. Cached.
 */
export function labAvailable(): LabAvailability {
  availability ??= checkAvailability();
  return availability;
}

function checkAvailability(): LabAvailability {
  if (process.platform !== 'linux') return { ok: false, reason: 'the network lab needs Linux namespaces' };
  if (process.getuid?.() !== 0)
    return { ok: false, reason: 'the network lab needs root (network namespaces)' };
  const missing: string[] = [];
  if (!findProgram('ip')) missing.push('ip (apt-get install iproute2)');
  if (!findProgram('nft')) missing.push('nft (apt-get install nftables)');
  if (!findProgram('turnserver')) missing.push('turnserver (apt-get install coturn)');
  try {
    chromiumPath();
  } catch {
    missing.push('chromium (apt-get install chromium)');
  }
  if (missing.length) return { ok: false, reason: `the network lab needs ${missing.join(', ')}` };

  const ip = ipProgram();
  const probe = `hl${process.pid}-probe`;
  const run = (args: string[]): string | null => {
    const result = spawnSync(ip, args, { encoding: 'utf8', timeout: 10_000 });
    return result.status === 0
      ? null
      : `${args.join(' ')}: ${(result.stderr || result.error?.message) ?? ''}`.trim();
  };
  const failure =
    run(['netns', 'add', probe]) ??
    run(['-n', probe, 'link', 'set', 'lo', 'up']) ??
    run(['netns', 'exec', probe, 'nft', 'list', 'ruleset']);
  run(['netns', 'delete', probe]);
  return failure ? { ok: false, reason: `network namespaces do not work here: ${failure}` } : { ok: true };
}

/** The nftables script that installs `policy` (replacing any earlier one); pure, for tests. */
export function firewallScript(policy: FirewallPolicy): string {
  const out: string[] = ['oifname "lo" accept'];
  const inbound: string[] = ['iifname "lo" accept'];
  for (const proto of ['udp', 'tcp'] as const) {
    const rule = policy[proto] ?? 'allow';
    if (rule === 'allow') continue;
    const allowed = rule === 'block' ? [] : rule.allowOnly.map(toEndpoint);
    for (const { address, port } of allowed) {
      if (port === undefined) {
        out.push(`meta l4proto ${proto} ip daddr ${address} accept`);
        inbound.push(`meta l4proto ${proto} ip saddr ${address} accept`);
      } else {
        out.push(`ip daddr ${address} ${proto} dport ${port} accept`);
        inbound.push(`ip saddr ${address} ${proto} sport ${port} accept`);
      }
    }
    out.push(`meta l4proto ${proto} counter name "${proto}_out" drop`);
    inbound.push(`meta l4proto ${proto} counter name "${proto}_in" drop`);
  }
  const indent = (rules: string[]): string => rules.map((rule) => `    ${rule}`).join('\n');
  return `table inet ${firewallTable}
delete table inet ${firewallTable}
table inet ${firewallTable} {
  counter udp_out {}
  counter udp_in {}
  counter tcp_out {}
  counter tcp_in {}
  chain output {
    type filter hook output priority filter; policy accept;
${indent(out)}
  }
  chain input {
    type filter hook input priority filter; policy accept;
${indent(inbound)}
  }
}
`;
}

function toEndpoint(value: string | Endpoint): Endpoint {
  const endpoint = typeof value === 'string' ? { address: value } : value;
  if (isIP(endpoint.address) !== 4)
    throw new Error(`Lab firewall: not an IPv4 address: "${endpoint.address}"`);
  const { port } = endpoint;
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
    throw new Error(`Lab firewall: not a port: ${port}`);
  }
  return endpoint;
}

const openLabs = new Set<LabImpl>();
let exitHooksInstalled = false;
let labCount = 0;

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.once('exit', closeAllSync);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      closeAllSync();
      // Alone, this handler would swallow the signal: end the process as it would have.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

function closeAllSync(): void {
  for (const lab of openLabs) lab.closeSync();
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** PIDs of processes inside a namespace (ours by construction: we made it). */
function pidsIn(ip: string, ns: string): number[] {
  const result = spawnSync(ip, ['netns', 'pids', ns], { encoding: 'utf8' });
  if (result.status !== 0) return [];
  return result.stdout
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0 && pid !== process.pid);
}

/** Deletes namespaces of labs whose process died without closing them (e.g. a killed test worker). */
function removeStaleLabs(ip: string): void {
  const list = spawnSync(ip, ['netns', 'list'], { encoding: 'utf8' });
  for (const line of list.stdout?.split('\n') ?? []) {
    const match = /^(hl(\d+)-\d+-(?:hub|m\d+))\b/.exec(line.trim());
    if (!match || processAlive(Number(match[2]))) continue;
    const ns = match[1] ?? '';
    for (const pid of pidsIn(ip, ns)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    spawnSync(ip, ['netns', 'delete', ns]);
  }
}

class LabImpl implements Lab {
  readonly prefix: string;
  readonly hub: LabNode;
  readonly members: LabMember[];
  private readonly ip = ipProgram();
  private readonly created: string[] = [];
  private readonly processes = new Set<LabProcess>();
  private tempDir: string | null = null;
  private closed = false;
  private closing: Promise<void> | null = null;

  constructor(memberCount: number) {
    labCount += 1;
    this.prefix = `hl${process.pid}-${labCount}`;
    this.hub = { ns: `${this.prefix}-hub`, address: hubAddress };
    this.members = Array.from({ length: memberCount }, (_, i) => ({
      ns: `${this.prefix}-m${i + 1}`,
      address: `${labSubnet}.${i + 2}`,
      index: i + 1,
    }));
  }

  private ipSync(args: string[]): void {
    execFileSync(this.ip, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
  }

  private addNamespace(ns: string): void {
    this.ipSync(['netns', 'add', ns]);
    this.created.push(ns);
    // Before any interface exists, so the defaults apply to every one of them.
    this.ipSync([
      'netns',
      'exec',
      ns,
      'sysctl',
      '-qw',
      'net.ipv4.ip_forward=0',
      'net.ipv6.conf.all.disable_ipv6=1',
      'net.ipv6.conf.default.disable_ipv6=1',
    ]);
    this.ipSync(['-n', ns, 'link', 'set', 'lo', 'up']);
  }

  build(): void {
    const hub = this.hub.ns;
    this.addNamespace(hub);
    this.ipSync(['-n', hub, 'link', 'add', 'br0', 'type', 'bridge', 'forward_delay', '0', 'stp_state', '0']);
    this.ipSync(['-n', hub, 'addr', 'add', `${hubAddress}/24`, 'dev', 'br0']);
    this.ipSync(['-n', hub, 'link', 'set', 'br0', 'up']);
    for (const member of this.members) {
      this.addNamespace(member.ns);
      // Made inside the hub with its other end moved straight into the member:
      // the machine's own namespace never sees these links.
      const port = `m${member.index}`;
      this.ipSync([
        '-n',
        hub,
        'link',
        'add',
        port,
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        member.ns,
      ]);
      this.ipSync(['-n', hub, 'link', 'set', port, 'master', 'br0', 'up']);
      this.ipSync(['-n', member.ns, 'addr', 'add', `${member.address}/24`, 'dev', 'eth0']);
      this.ipSync(['-n', member.ns, 'link', 'set', 'eth0', 'up']);
    }
  }

  private nsName(node: NodeRef): string {
    const ns = typeof node === 'string' ? node : node.ns;
    if (!this.created.includes(ns)) throw new Error(`"${ns}" is not a namespace of lab ${this.prefix}`);
    if (this.closed) throw new Error(`lab ${this.prefix} is closed`);
    return ns;
  }

  exec(
    node: NodeRef,
    command: string,
    args: readonly string[] = [],
    options: ExecOptions = {},
  ): Promise<ExecResult> {
    const ns = this.nsName(node);
    return new Promise((resolve, reject) => {
      const child = spawn(this.ip, ['netns', 'exec', ns, command, ...args], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        const result = { code: code ?? -1, stdout, stderr };
        if (result.code === 0 || options.allowFailure) resolve(result);
        else
          reject(
            new Error(`[${ns}] ${command} ${args.join(' ')} exited with ${result.code}: ${stderr}${stdout}`),
          );
      });
      // A command that exits before reading its input (a failure, or one that
      // reads none) closes the pipe under us: its exit code and output, above,
      // say what happened, so the EPIPE itself is not the error to report.
      child.stdin.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') reject(error);
      });
      child.stdin.end(options.input ?? '');
    });
  }

  spawn(
    node: NodeRef,
    command: string,
    args: readonly string[] = [],
    options: SpawnOptions = {},
  ): LabProcess {
    const ns = this.nsName(node);
    // `ip netns exec` execs the command in place, so the child's PID is the command's.
    const child = spawn(this.ip, ['netns', 'exec', ns, command, ...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const listeners = new Set<() => void>();
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      for (const listener of listeners) listener();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    let done = false;
    const exited = new Promise<number | null>((resolve) => {
      const finish = (code: number | null): void => {
        done = true;
        for (const listener of listeners) listener();
        resolve(code);
      };
      child.once('exit', (code) => finish(code));
      child.once('error', (error) => {
        output += `\n${error.message}`;
        finish(null);
      });
    });
    let stopping: Promise<void> | null = null;
    const handle: LabProcess = {
      child,
      pid: child.pid ?? -1,
      output: () => output,
      exited,
      waitFor: (pattern, timeoutMs = 20_000) =>
        new Promise((resolve, reject) => {
          const check = (): void => {
            const match = output.match(pattern);
            if (match) {
              cleanup();
              resolve(match);
            } else if (done) {
              cleanup();
              reject(new Error(`[${ns}] ${command} exited before printing ${pattern}:\n${output}`));
            }
          };
          const timer = setTimeout(() => {
            cleanup();
            reject(new Error(`[${ns}] ${command} did not print ${pattern} in ${timeoutMs} ms:\n${output}`));
          }, timeoutMs);
          const cleanup = (): void => {
            clearTimeout(timer);
            listeners.delete(check);
          };
          listeners.add(check);
          check();
        }),
      stop: () => {
        stopping ??= (async () => {
          if (!done) {
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
            await exited;
            clearTimeout(timer);
          }
          this.processes.delete(handle);
        })();
        return stopping;
      },
    };
    this.processes.add(handle);
    return handle;
  }

  chromiumWrapper(node: NodeRef): string {
    const ns = this.nsName(node);
    this.tempDir ??= mkdtempSync(path.join(os.tmpdir(), `huddle-lab-${this.prefix}-`));
    const wrapper = path.join(this.tempDir, `chromium-${ns}`);
    if (!existsSync(wrapper)) {
      writeFileSync(wrapper, `#!/bin/sh\nexec '${this.ip}' netns exec '${ns}' '${chromiumPath()}' "$@"\n`);
      chmodSync(wrapper, 0o755);
    }
    return wrapper;
  }

  async restrict(node: NodeRef, policy: FirewallPolicy): Promise<void> {
    await this.exec(node, 'nft', ['-f', '-'], { input: firewallScript(policy) });
  }

  blockUdp(node: NodeRef, options: { exceptTo?: ReadonlyArray<string | Endpoint> } = {}): Promise<void> {
    const exceptTo = options.exceptTo ?? [];
    return this.restrict(node, { udp: exceptTo.length ? { allowOnly: exceptTo } : 'block' });
  }

  async unblock(node: NodeRef): Promise<void> {
    await this.exec(node, 'nft', ['-f', '-'], {
      input: `table inet ${firewallTable}\ndelete table inet ${firewallTable}\n`,
    });
  }

  async dropped(node: NodeRef): Promise<DropCounts> {
    const counts: DropCounts = { udp: { out: 0, in: 0 }, tcp: { out: 0, in: 0 } };
    const result = await this.exec(node, 'nft', ['-j', 'list', 'counters', 'table', 'inet', firewallTable], {
      allowFailure: true,
    });
    if (result.code !== 0) return counts;
    const parsed = JSON.parse(result.stdout) as {
      nftables?: Array<{ counter?: { name: string; packets: number } }>;
    };
    for (const entry of parsed.nftables ?? []) {
      const match = /^(udp|tcp)_(out|in)$/.exec(entry.counter?.name ?? '');
      if (match && entry.counter)
        counts[match[1] as 'udp' | 'tcp'][match[2] as 'out' | 'in'] = entry.counter.packets;
    }
    return counts;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.processes].map((p) => p.stop()));
      // Anything else still inside (a relay the host started, a browser the test left open).
      const deadline = Date.now() + 3000;
      for (;;) {
        const left = this.created.flatMap((ns) => pidsIn(this.ip, ns));
        if (left.length === 0 || Date.now() > deadline) break;
        for (const pid of left) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // gone already
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      this.closeSync();
    })();
    return this.closing;
  }

  /** Kills what is left and deletes everything, without waiting: also for exit handlers. */
  closeSync(): void {
    for (const handle of this.processes) {
      try {
        handle.child.kill('SIGKILL');
      } catch {
        // gone already
      }
    }
    this.processes.clear();
    for (const ns of [...this.created].reverse()) {
      for (const pid of pidsIn(this.ip, ns)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
      // Deleting a namespace deletes its links; the veth pairs go with it.
      spawnSync(this.ip, ['netns', 'delete', ns], { stdio: 'ignore' });
    }
    this.created.length = 0;
    if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
    this.tempDir = null;
    this.closed = true;
    openLabs.delete(this);
  }
}

/** Builds a hub and `members` member namespaces; rejects (having cleaned up) if the lab cannot run. */
export async function createLab(options: { members: number }): Promise<Lab> {
  const { members } = options;
  if (!Number.isInteger(members) || members < 1 || members > maxMembers) {
    throw new Error(`createLab: members must be 1-${maxMembers}, got ${members}`);
  }
  const available = labAvailable();
  if (!available.ok) throw new Error(`The network lab cannot run here: ${available.reason}`);
  removeStaleLabs(ipProgram());
  installExitHooks();
  const lab = new LabImpl(members);
  openLabs.add(lab);
  try {
    lab.build();
  } catch (error) {
    lab.closeSync();
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`createLab failed: ${error instanceof Error ? error.message : String(error)} ${stderr}`, {
      cause: error,
    });
  }
  return lab;
}
