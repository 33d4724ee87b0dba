/**
 * Set-up shared by test files: one headless host for the file, and the
 * members a test opens, closed when it is done.
 */
import { test } from '@playwright/test';
import { closeAll, keepPageLogsIfFailed, type Member } from './members.js';
import { startHuddleHost, type HuddleHost } from './processes.js';

/**
 * Starts a host before the file's tests and stops it after; returns its
 * getter. A test that fails gets what the host printed during it attached
 * (see tests/support/failure-logs-reporter.ts).
 */
export function useHuddleHost(): () => HuddleHost {
  let host: HuddleHost | undefined;
  let printedBefore = 0;
  test.beforeAll(async () => {
    host = await startHuddleHost();
  });
  test.beforeEach(() => {
    printedBefore = host?.output().length ?? 0;
  });
  test.afterEach(async () => {
    const info = test.info();
    if (!host || info.status === info.expectedStatus) return;
    await info.attach('log: the host', {
      body: host.output().slice(printedBefore),
      contentType: 'text/plain',
    });
  });
  test.afterAll(async () => {
    await host?.stop();
  });
  return () => {
    if (!host) throw new Error('the Huddle host has not started');
    return host;
  };
}

/**
 * A list to push opened members into; they are closed after each test, or
 * after the file. When a test fails, each member's page log (its `[huddle]`
 * lines) is printed first: a failure that comes now and then is found from
 * what the pages said.
 */
export function useMembers(closeAfter: 'each' | 'all'): Member[] {
  const members: Member[] = [];
  const close = async (): Promise<void> => closeAll(members.splice(0));
  if (closeAfter === 'each') {
    test.afterEach(async () => {
      await keepPageLogsIfFailed(members);
      await close();
    });
  } else test.afterAll(close);
  return members;
}
