/**
 * What the soak records as it goes: each join and its time to all media,
 * each check, each failure with its evidence, and the guard's repairs.
 */
import type { ConnectionDump } from './connection-dump.js';

export interface JoinRecord {
  round: number;
  scenario: string;
  name: string;
  /**
   * Click on Join → the last of: the joiner plays and hears every publisher,
   * every other member plays and hears the joiner. Null when some never did.
   */
  allMediaMs: number | null;
}

export interface MissingMedia {
  viewer: string;
  publisher: string;
  kind: 'camera' | 'screen';
  missing: Array<'video' | 'audio'>;
  detail: string | null;
}

export interface PageEvidence {
  name: string;
  state: string;
  participants: string[];
  connections: ConnectionDump[] | string;
  /** The page's last `[huddle]` console lines. */
  console: string[];
}

export interface FailureRecord {
  round: number;
  scenario: string;
  step: string;
  /** When the step's action started and ended, and when the evidence was read (ISO times). */
  startedAt: string;
  actionDoneAt: string;
  evidenceAt: string;
  /** The step's action failed (a state never reached, a button missing), not only its media check. */
  error: string | null;
  missing: MissingMedia[];
  pages: PageEvidence[];
}

export interface ScenarioCounts {
  rounds: number;
  joins: number;
  failures: number;
  guardRepairs: number;
}

export class SoakRecords {
  readonly joins: JoinRecord[] = [];
  readonly failures: FailureRecord[] = [];
  readonly scenarios: Record<string, ScenarioCounts> = {};
  steps = 0;
  checks = 0;
  checksPassed = 0;
  guardRepairs = 0;
  /** Guard repairs by kind and reason (see repairKind): which safety net caught what. */
  readonly guardRepairKinds: Record<string, number> = {};
  /** The machine's 1-minute load average after each round: the soak shares the machine. */
  readonly loadAverages: number[] = [];

  scenario(name: string): ScenarioCounts {
    return (this.scenarios[name] ??= { rounds: 0, joins: 0, failures: 0, guardRepairs: 0 });
  }

  addJoin(join: JoinRecord): void {
    this.joins.push(join);
    this.scenario(join.scenario).joins += 1;
  }

  addFailure(failure: FailureRecord): void {
    this.failures.push(failure);
    this.scenario(failure.scenario).failures += 1;
  }

  addGuardRepairs(scenario: string, kinds: readonly string[]): void {
    this.guardRepairs += kinds.length;
    this.scenario(scenario).guardRepairs += kinds.length;
    for (const kind of kinds) this.guardRepairKinds[kind] = (this.guardRepairKinds[kind] ?? 0) + 1;
  }
}
