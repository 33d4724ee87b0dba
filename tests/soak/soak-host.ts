/**
 * The real headless host the soak runs against, on one address for the whole
 * soak, which a scenario can stop and start again (the same port and key, as
 * an owner restarting it would) to restart the rendezvous server mid-call.
 */
import { startHuddleHost, type HuddleHost } from '../e2e/support/processes.js';

export class SoakHost {
  private running: HuddleHost | null;
  readonly port: number;
  readonly key: string;
  readonly url: string;

  private constructor(first: HuddleHost) {
    this.running = first;
    this.port = first.port;
    this.key = first.key;
    this.url = first.url;
  }

  static async start(): Promise<SoakHost> {
    return new SoakHost(await startHuddleHost());
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = null;
    await running?.stop();
  }

  async startAgain(): Promise<void> {
    if (this.running) return;
    this.running = await startHuddleHost(['--key', this.key], this.port);
  }
}
