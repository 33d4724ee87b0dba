/**
 * The session's connection state machine. One setter: it skips repeats,
 * refuses transitions the workflow does not allow, logs `old -> new` and
 * notifies. Whether the member publishes is kept apart and the state the UI
 * shows is derived from both, never stored twice.
 */
export type ConnectionState = 'idle' | 'connecting' | 'joined' | 'reconnecting' | 'left';

/** What the UI shows: the connection state, with `publishing` while joined and sending. */
export type WorkflowState = ConnectionState | 'publishing';

const allowed: Record<ConnectionState, readonly ConnectionState[]> = {
  idle: ['connecting'],
  // A join that fails goes back to idle so the user can try again without reloading.
  connecting: ['joined', 'idle', 'left'],
  joined: ['reconnecting', 'left'],
  reconnecting: ['joined', 'left'],
  left: [],
};

export function canTransition(from: ConnectionState, to: ConnectionState): boolean {
  return allowed[from].includes(to);
}

export function workflowState(connection: ConnectionState, publishing: boolean): WorkflowState {
  return connection === 'joined' && publishing ? 'publishing' : connection;
}

export class SessionState {
  private value: ConnectionState = 'idle';

  constructor(
    private readonly onChange: (next: ConnectionState, previous: ConnectionState) => void,
    private readonly log: (message: string) => void = () => {},
  ) {}

  get current(): ConnectionState {
    return this.value;
  }

  /** Moves to `next`; returns false for a repeat, throws for a transition the workflow forbids. */
  set(next: ConnectionState): boolean {
    const previous = this.value;
    if (previous === next) return false;
    if (!canTransition(previous, next)) {
      throw new Error(`invalid session transition ${previous} -> ${next}`);
    }
    this.value = next;
    this.log(`session ${previous} -> ${next}`);
    this.onChange(next, previous);
    return true;
  }
}
