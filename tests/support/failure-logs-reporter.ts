/**
 * Prints, after everything else a run prints, the end of each log attached
 * to a test that failed: each member's page log (keepPageLogsIfFailed in
 * tests/e2e/support/members.ts) and the host's output (fixtures.ts). A long
 * run's output is often read from its last lines only; a failure that comes
 * now and then is diagnosed from what the pages said just before it, so that
 * goes last, under the failure's own first lines and where it was raised (the
 * step that failed).
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { errorText } from './error-text.js';

/** Per log: its last lines, the ones nearest the failure. */
const LINES_PER_LOG = 25;
/** The first failures only: later ones are often a consequence. */
const FAILURES_SHOWN = 3;
const LINE_CHARS = 240;
/** The attachments printed: `log: Ann's page`, `log: the host`. */
const LOG_PREFIX = 'log: ';
/** Of the error: its message's first lines and the test line that raised it. */
const ERROR_LINES = 6;

/** The error's opening lines, without colours, and where in the test it was raised. */
function errorLines(result: TestResult): string[] {
  const error = result.errors[0];
  if (!error) return [];
  const lines = errorText(error.message ?? error.value ?? '')
    .split('\n')
    .filter((line) => line.trim())
    .slice(0, ERROR_LINES);
  const at = error.location ? [`at ${error.location.file}:${error.location.line}`] : [];
  return [...lines, ...at];
}

export default class FailureLogsReporter implements Reporter {
  private readonly failures: Array<{
    title: string;
    error: string[];
    logs: Array<{ name: string; lines: string[] }>;
  }> = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === test.expectedStatus || this.failures.length >= FAILURES_SHOWN) return;
    const logs = result.attachments
      .filter((attachment) => attachment.name.startsWith(LOG_PREFIX) && attachment.body?.toString().trim())
      .map((attachment) => ({
        name: attachment.name.slice(LOG_PREFIX.length),
        lines: attachment.body!.toString('utf8').trimEnd().split('\n').slice(-LINES_PER_LOG),
      }));
    if (logs.length > 0)
      this.failures.push({
        title: test.titlePath().filter(Boolean).join(' › '),
        error: errorLines(result),
        logs,
      });
  }

  onEnd(): void {
    const clip = (line: string): string =>
      line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS)}…` : line;
    for (const { title, error, logs } of this.failures) {
      console.log(`\nLogs before the failure of ${title}:`);
      for (const line of error) console.log(`  ${clip(line)}`);
      for (const { name, lines } of logs) {
        console.log(`--- ${name} (last ${lines.length} lines) ---`);
        for (const line of lines) console.log(clip(line));
      }
    }
  }

  printsToStdio(): boolean {
    return true;
  }
}
