/**
 * One round's room and the one way the soak changes it: a step. A step
 * updates what the soak expects (who is in, who publishes or shares), starts
 * a media probe in every member's page, takes its action (joins, a leave, a
 * crash, a server restart…), then gives every member 20 s to show every
 * publisher's video and sound flowing after the action, and records the
 * outcome: times to all media for joins, a failure with its evidence
 * otherwise. A failed step ends the round.
 */
import type { BrowserPool } from './browser-pool.js';
import { errorText } from '../support/error-text.js';
import { gatherEvidence } from './evidence.js';
import { expectedBy, joinAllMediaMs, missingOf } from './expectations.js';
import { probeMediaInPage, actionDoneInPage, type ProbeResult } from './media-probe.js';
import type { MissingMedia, SoakRecords } from './records.js';
import type { SoakHost } from './soak-host.js';
import { closeSoakMember, openSoakMember, type SoakMember } from './soak-member.js';
import type { SoakOptions } from './soak-options.js';

export interface SoakContext {
  pool: BrowserPool;
  host: SoakHost;
  options: SoakOptions;
  records: SoakRecords;
}

/** Ends a round after a failed step; the failure is already recorded. */
export class RoundFailed extends Error {}

/** How long a step's action may take before the probes' own deadline starts counting anyway. */
const ACTION_ALLOWANCE_MS = 60_000;

/** Presses of Join in a step: who, at what Date.now(). */
export type JoinPresses = Map<SoakMember, number>;

export class SoakRoom {
  readonly members: SoakMember[] = [];
  /** Everyone opened this round, in or out of the room, for the guard count at the end. */
  private readonly opened: SoakMember[] = [];
  roomId = '';

  constructor(
    readonly context: SoakContext,
    readonly round: number,
    readonly scenario: string,
  ) {}

  async open(name: string): Promise<SoakMember> {
    const { pool, host, options } = this.context;
    const member = await openSoakMember(pool, host.url, name, options.preset, options.pageSize);
    this.opened.push(member);
    return member;
  }

  async retire(member: SoakMember): Promise<void> {
    await closeSoakMember(this.context.pool, member);
  }

  /** Runs one step; see the file comment. `act` returns the presses of Join it made, if any. */
  async step(label: string, change: () => void, act: () => Promise<JoinPresses | void>): Promise<void> {
    const { options, records } = this.context;
    change();
    records.steps += 1;
    const startedAt = new Date().toISOString();
    const viewers = [...this.members];
    const expected = viewers.map((viewer) => expectedBy(viewer, viewers));
    const provisionalDeadline = Date.now() + ACTION_ALLOWANCE_MS + options.mediaTimeoutMs;
    const probes = viewers.map((viewer, index) =>
      viewer.page
        .evaluate(probeMediaInPage, {
          expected: expected[index]!,
          tickMs: options.tickMs,
          provisionalDeadline,
        })
        .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
    );
    let presses: JoinPresses = new Map();
    let error: string | null = null;
    try {
      presses = (await act()) ?? presses;
    } catch (caught) {
      error = errorText(caught);
    }
    const actionDoneAt = new Date().toISOString();
    const deadline = Date.now() + options.mediaTimeoutMs;
    await Promise.all(
      viewers.map((viewer) => viewer.page.evaluate(actionDoneInPage, deadline).catch(() => {})),
    );
    const results = await Promise.all(probes);

    const missing: MissingMedia[] = [];
    results.forEach((result, index) => {
      const viewer = viewers[index]!.name;
      if (result instanceof Error) {
        error ??= `the probe in ${viewer}'s page failed: ${errorText(result).split('\n')[0]}`;
        return;
      }
      for (const each of result) {
        records.checks += 1;
        const lacking = missingOf(each);
        if (lacking.length === 0) records.checksPassed += 1;
        else
          missing.push({
            viewer,
            publisher: each.name,
            kind: each.kind,
            missing: lacking,
            detail: each.detail,
          });
      }
    });
    this.recordJoins(presses, viewers, results);
    if (error === null && missing.length === 0) return;

    const involvedNames = new Set(missing.flatMap((each) => [each.viewer, each.publisher]));
    const involved = error !== null ? viewers : viewers.filter((viewer) => involvedNames.has(viewer.name));
    const evidenceAt = new Date().toISOString();
    records.addFailure({
      round: this.round,
      scenario: this.scenario,
      step: label,
      startedAt,
      actionDoneAt,
      evidenceAt,
      error,
      missing,
      pages: await Promise.all(involved.map(gatherEvidence)),
    });
    throw new RoundFailed(`${this.scenario}, round ${this.round}: ${label} failed`);
  }

  private recordJoins(
    presses: JoinPresses,
    viewers: SoakMember[],
    results: Array<ProbeResult[] | Error>,
  ): void {
    const byViewer = results.map((each, index) => ({ viewer: viewers[index]!.name, results: each }));
    for (const [joiner, pressedAt] of presses)
      this.context.records.addJoin({
        round: this.round,
        scenario: this.scenario,
        name: joiner.name,
        allMediaMs: joinAllMediaMs(joiner, pressedAt, byViewer),
      });
  }

  /** Closes every page of the round and counts the guard's repairs in them. */
  async close(): Promise<void> {
    await Promise.all(this.opened.map((member) => this.retire(member)));
    const repairs = this.opened.flatMap((member) => member.ring.guardRepairs);
    this.context.records.addGuardRepairs(this.scenario, repairs);
  }
}
