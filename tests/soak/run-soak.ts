/**
 * The soak driver shared by `npm run soak` and the short run in `npm test`:
 * one real host, a browser per member, and rounds of scenarios in turn until
 * the number of joins asked for is reached.
 */
import { loadavg } from 'node:os';
import { BrowserPool } from './browser-pool.js';
import { errorText } from '../support/error-text.js';
import { gatherEvidence } from './evidence.js';
import { SoakRecords } from './records.js';
import { scenarios } from './scenarios.js';
import { SoakHost } from './soak-host.js';
import type { SoakOptions } from './soak-options.js';
import { soakReport, type SoakReport } from './soak-report.js';
import { RoundFailed, SoakRoom, type SoakContext } from './soak-room.js';

/** Runs one round; returns whether it broke off outside any step (the harness, or a page that would not open). */
async function runRound(context: SoakContext, round: number, log: (line: string) => void): Promise<boolean> {
  const { records, host, options } = context;
  const name = options.scenarios[round % options.scenarios.length];
  const scenario = scenarios.find((each) => each.name === name)!;
  records.scenario(scenario.name).rounds += 1;
  await host.startAgain();
  const room = new SoakRoom(context, round, scenario.name);
  const joinsBefore = records.joins.length;
  let outcome = 'ok';
  let outsideStep = false;
  try {
    await scenario.run(room);
  } catch (error) {
    const failure = error instanceof RoundFailed ? records.failures.at(-1) : undefined;
    outcome = `FAILED at "${failure?.step ?? 'outside a step'}"`;
    if (!(error instanceof RoundFailed)) {
      outsideStep = true;
      // Outside any step (a page that would not open, say): a failure too, with what the pages show.
      const at = new Date().toISOString();
      records.addFailure({
        round,
        scenario: scenario.name,
        step: 'outside a step',
        startedAt: at,
        actionDoneAt: at,
        evidenceAt: at,
        error: errorText(error),
        missing: [],
        pages: await Promise.all(room.members.map(gatherEvidence)),
      });
    }
  } finally {
    await room.close();
  }
  records.loadAverages.push(loadavg()[0]!);
  log(
    `round ${round} ${scenario.name}: ${outcome}, ${records.joins.length - joinsBefore} joins` +
      ` (${records.joins.length}/${context.options.joins}, ${records.failures.length} failures)`,
  );
  const failure = outcome === 'ok' ? undefined : records.failures.at(-1);
  if (failure?.error) log(`  ${failure.error.split('\n')[0]}`);
  for (const each of failure?.missing ?? [])
    log(`  ${each.viewer} lacks ${each.publisher}'s ${each.kind} ${each.missing.join(' and ')}`);
  return outsideStep;
}

/** Rounds in a row that break off outside any step before the soak gives up: its harness is broken. */
const OUTSIDE_STEP_LIMIT = 3;

/**
 * Runs the soak; `progress` gets the report so far after every round, so a
 * long run stopped early still leaves its figures.
 */
export async function runSoak(
  options: SoakOptions,
  log: (line: string) => void,
  progress: (report: SoakReport) => void = () => {},
): Promise<SoakReport> {
  const startedAt = Date.now();
  const records = new SoakRecords();
  const host = await SoakHost.start();
  let pool: BrowserPool | null = null;
  try {
    pool = await BrowserPool.launch(options.browsers, options.cameraFps);
    const context: SoakContext = { pool, host, options, records };
    let outsideInARow = 0;
    for (let round = 0; records.joins.length < options.joins; round++) {
      outsideInARow = (await runRound(context, round, log)) ? outsideInARow + 1 : 0;
      progress(soakReport(records, options, startedAt, false));
      if (outsideInARow >= OUTSIDE_STEP_LIMIT) {
        log(`the soak stops: ${OUTSIDE_STEP_LIMIT} rounds in a row broke off outside any step`);
        break;
      }
    }
  } finally {
    await pool?.close();
    await host.stop();
  }
  return soakReport(records, options, startedAt, true);
}
