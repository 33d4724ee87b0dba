import type { TestCase, TestResult } from '@playwright/test/reporter';
import { afterEach, describe, expect, it, vi } from 'vitest';
import FailureLogsReporter from '../../support/failure-logs-reporter.js';

/** A finished test as Playwright reports it: only what the reporter reads. */
function finished(status: TestResult['status'], error: TestResult['errors'][number] | null, log: string) {
  const test = {
    expectedStatus: 'passed',
    titlePath: () => ['', 'files.spec.ts', 'cancel'],
  } as unknown as TestCase;
  const result = {
    status,
    errors: error ? [error] : [],
    attachments: [{ name: "log: Ben's page", contentType: 'text/plain', body: Buffer.from(log) }],
  } as unknown as TestResult;
  return { test, result };
}

describe('the failure logs printed at the end of a run', () => {
  afterEach(() => vi.restoreAllMocks());

  const printed = (reporter: FailureLogsReporter): string[] => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    reporter.onEnd();
    return lines;
  };

  it("gives a failed test's error, without colours, and where it was raised, above its page logs", () => {
    const reporter = new FailureLogsReporter();
    const { test, result } = finished(
      'failed',
      {
        message:
          '\u001b[2mexpect(\u001b[22mreceived\u001b[2m).\u001b[22mtoBeGreaterThan(1048576)\n\nReceived: 0',
        location: { file: 'tests/e2e/files.spec.ts', line: 258, column: 5 },
      },
      'line one\nline two\n',
    );
    reporter.onTestEnd(test, result);
    expect(printed(reporter)).toEqual([
      '\nLogs before the failure of files.spec.ts › cancel:',
      '  expect(received).toBeGreaterThan(1048576)',
      '  Received: 0',
      '  at tests/e2e/files.spec.ts:258',
      "--- Ben's page (last 2 lines) ---",
      'line one',
      'line two',
    ]);
  });

  it('prints nothing for a test that passed', () => {
    const reporter = new FailureLogsReporter();
    const { test, result } = finished('passed', null, 'line one\n');
    reporter.onTestEnd(test, result);
    expect(printed(reporter)).toEqual([]);
  });
});
