/**
 * A page's console as the soak keeps it: the last `[huddle]` lines (a ring
 * buffer, for failure reports) and how many times the engine's media guard
 * logged a repair.
 */
import type { Page } from '@playwright/test';

export const GUARD_REPAIR_MARK = 'media guard: repairing';

/**
 * A repair line reduced to what kind of repair it was and why, without
 * times, peer ids or the trace: `(restart-ice): ICE new, not connected`.
 */
export function repairKind(line: string): string {
  const text = line.slice(line.indexOf(GUARD_REPAIR_MARK) + GUARD_REPAIR_MARK.length);
  return text
    .replace(/^ \S+ /u, '')
    .replace(/ \[.*$/u, '')
    .replace(/ (for|in) \d+ s$/u, '')
    .replace(/ \d+ s after/u, ' after');
}

export class ConsoleRing {
  private readonly kept: string[] = [];
  /** The guard's repair lines, without the negotiation trace each carries (the failure dump has it). */
  readonly guardRepairs: string[] = [];

  constructor(private readonly capacity = 80) {}

  push(line: string): void {
    this.kept.push(line);
    if (this.kept.length > this.capacity) this.kept.splice(0, this.kept.length - this.capacity);
  }

  /** Counts a console message; keeps it if it is the app's own. */
  take(text: string, at = new Date()): void {
    if (text.includes(GUARD_REPAIR_MARK)) this.guardRepairs.push(repairKind(text));
    if (text.includes('[huddle]')) this.push(`${at.toISOString().slice(11, 23)} ${text}`);
  }

  lines(): string[] {
    return [...this.kept];
  }
}

/**
 * Feeds a page's console messages and uncaught errors into a ring; with
 * HUDDLE_TEST_CONSOLE set, also prints them as they come, under `name`
 * (as the browser tests do), to follow a slow step that did not fail.
 */
export function attachConsoleRing(page: Page, ring: ConsoleRing, name: string): void {
  page.on('console', (message) => {
    ring.take(message.text());
    if (process.env.HUDDLE_TEST_CONSOLE)
      console.log(`${new Date().toISOString().slice(11, 23)} [${name}] ${message.text()}`);
  });
  page.on('pageerror', (error) => ring.take(`[huddle] page error: ${error.message}`));
  page.on('crash', () => ring.take('[huddle] (soak) the page crashed'));
}
