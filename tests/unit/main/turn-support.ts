/**
 * Running coturn's own test client, `turnutils_uclient`, against a relay:
 * shared by the credential and coturn-process tests.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The program's full path, or null when it is not installed. */
export function findProgram(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/bin', '/usr/sbin'];
  for (const dir of dirs) {
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return path.join(dir, name);
    } catch {
      // not here
    }
  }
  return null;
}

/** Why the coturn integration tests cannot run here, or null when they can. */
export function coturnMissing(): string | null {
  const missing = ['turnserver', 'turnutils_uclient'].filter((name) => !findProgram(name));
  return missing.length ? `${missing.join(' and ')} not installed (apt-get install coturn)` : null;
}

export interface UclientResult {
  code: number | null;
  output: string;
}

/**
 * Allocates relayed addresses on `ip:port` with the given login (two clients
 * sending to each other through the relay: `-y`), over UDP or TCP.
 */
export function runUclient(
  ip: string,
  port: number,
  username: string,
  password: string,
  transport: 'udp' | 'tcp' = 'udp',
): Promise<UclientResult> {
  const args = ['-y', '-n', '2', '-z', '5', '-u', username, '-w', password, '-p', String(port)];
  if (transport === 'tcp') args.unshift('-t');
  return new Promise((resolve, reject) => {
    const child = spawn('turnutils_uclient', [...args, ip], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
