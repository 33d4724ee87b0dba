/**
 * Passcodes, proven without being sent. The keeper sends a random challenge
 * over the (DTLS-encrypted, peer-to-peer) data connection; the joiner answers
 * HMAC-SHA-256(passcode, challenge | room id | joiner's peer id). The
 * rendezvous server relays only connection set-up and never sees either, and
 * a proof is useless for another challenge, room or peer.
 */
const encoder = new TextEncoder();

function toHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

export function newChallenge(): string {
  return toBase64(crypto.getRandomValues(new Uint8Array(32)));
}

export async function passcodeProof(
  passcode: string,
  challenge: string,
  roomId: string,
  joinerPeerId: string,
): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(passcode.normalize('NFC')),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signed = await crypto.subtle.sign(
    'HMAC',
    key,
    encoder.encode(`${challenge}|${roomId}|${joinerPeerId}`),
  );
  return toHex(signed);
}

/** Compares two proofs in time that does not depend on where they differ. */
export function proofsEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= a.charCodeAt(index) ^ b.charCodeAt(index);
  return difference === 0;
}

/**
 * How long the keeper waits before challenging a joiner, given how many wrong
 * proofs it has seen recently (from anyone, as names are free to change):
 * nothing for the first few typos, then doubling from half a second to 16 s.
 */
export function passcodeDelayMs(recentFailures: number): number {
  const free = 3;
  if (recentFailures < free) return 0;
  return Math.min(500 * 2 ** (recentFailures - free), 16_000);
}

/** Remembers wrong proofs for a while, to slow down guessing. */
export class FailureWindow {
  private readonly failures: number[] = [];

  constructor(
    private readonly windowMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  record(): void {
    this.failures.push(this.now());
  }

  recent(): number {
    const since = this.now() - this.windowMs;
    while (this.failures.length && this.failures[0]! < since) this.failures.shift();
    return this.failures.length;
  }
}
