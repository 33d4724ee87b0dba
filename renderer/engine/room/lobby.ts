/**
 * The keeper's lobby: joiners who proved what they had to and now wait for
 * the host to let them in or not.
 */
export interface LobbyEntry {
  peerId: string;
  name: string;
}

export class Lobby {
  private readonly waiting = new Map<string, { entry: LobbyEntry; decide: (letIn: boolean) => void }>();

  constructor(private readonly onChange: (entries: LobbyEntry[]) => void) {}

  entries(): LobbyEntry[] {
    return [...this.waiting.values()].map(({ entry }) => entry);
  }

  /** Resolves with the host's decision; false if the joiner gives up first. */
  wait(peerId: string, name: string, cancelled: Promise<void>): Promise<boolean> {
    this.waiting.get(peerId)?.decide(false);
    return new Promise((resolve) => {
      const decide = (letIn: boolean): void => {
        if (this.waiting.get(peerId)?.decide !== decide) return;
        this.waiting.delete(peerId);
        this.onChange(this.entries());
        resolve(letIn);
      };
      this.waiting.set(peerId, { entry: { peerId, name }, decide });
      this.onChange(this.entries());
      void cancelled.then(() => decide(false));
    });
  }

  decide(peerId: string, letIn: boolean): void {
    this.waiting.get(peerId)?.decide(letIn);
  }

  /** Refuses everyone waiting (the keeper is leaving, or the lobby was turned off). */
  clear(letIn = false): void {
    for (const peerId of [...this.waiting.keys()]) this.decide(peerId, letIn);
  }
}
