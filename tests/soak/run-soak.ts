/**
 * The soak driver shared by `npm run soak` and the short run in `npm test`:
 * one real host, a browser per member, and rounds of scenarios in turn until
 * the number of joins asked for is reached.
 */
import { loadavg } from 'node:os';
import { BrowserPool } from './browser-pool.js';
import { gatherEvidence } from './evidence.js';
import { SoakRecords } from './records.js';
import { scenarios } from './scenarios.js';
import { SoakHost } from './soak-host.js';
import type { SoakOptions } from './soak-options.js';
import { soakReport, type SoakReport } from './soak-report.js';
import { RoundFailed, SoakRoom, type SoakContext } from './soak-room.js';

async function runRound(context: SoakContext, round: number, log: (line: string) => void): Promise<void> {
  const scenario = scenarios[round % scenarios.length]!;
  const { records, host } = context;
  records.scenario(scenario.name).rounds += 1;
  await host.startAgain();
  const room = new SoakRoom(context, round, scenario.name);
  const joinsBefore = records.joins.length;
  let outcome = 'ok';
  try {
    await scenario.run(room);
  } catch (error) {
    outcome = 'FAILED';
    if (!(error instanceof RoundFailed)) {
      // Outside any step (a page that would not open, say): a failure too, with what the pages show.
      const at = new Date().toISOString();
      records.addFailure({
        round,
        scenario: scenario.name,
        step: 'outside a step',
        startedAt: at,
        actionDoneAt: at,
        evidenceAt: at,
        error: error instanceof Error ? error.message : String(error),
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
}

export async function runSoak(options: SoakOptions, log: (line: string) => void): Promise<SoakReport> {
  const startedAt = Date.now();
  const records = new SoakRecords();
  const host = await SoakHost.start();
  let pool: BrowserPool | null = null;
  try {
    pool = await BrowserPool.launch(options.browsers);
    const context: SoakContext = { pool, host, options, records };
    // Every round drives joins unless it fails early; the bound only stops a soak whose rounds all fail at once.
    for (let round = 0; records.joins.length < options.joins && round < options.joins; round++)
      await runRound(context, round, log);
  } finally {
    await pool?.close();
    await host.stop();
  }
  return soakReport(records, options, startedAt);
}
