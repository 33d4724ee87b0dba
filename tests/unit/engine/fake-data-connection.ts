/** An open PeerJS data connection, as far as a link channel uses one, for tests under Node. */
export class FakeDataConnection {
  open = true;
  isProbe = false;
  answered = true;
  pathUp = true;
  readonly sent: unknown[] = [];
  private readonly handlers = new Map<string, Array<(payload?: unknown) => void>>();

  constructor(readonly peer = 'huddle-maple-1-m-ann') {}

  on(event: string, handler: (payload?: unknown) => void): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }

  removeAllListeners(): this {
    this.handlers.clear();
    return this;
  }

  onRelayRefused(): void {}

  send(data: unknown): void {
    this.sent.push(data);
  }

  close(): void {
    this.open = false;
  }

  /** The connection closing under us (the network or the peer). */
  drop(): void {
    this.open = false;
    for (const handler of this.handlers.get('close') ?? []) handler();
  }

  /** Data arriving from the peer. */
  deliver(data: unknown): void {
    for (const handler of this.handlers.get('data') ?? []) handler(data);
  }
}
