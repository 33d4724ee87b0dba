/**
 * Where a benchmark writes its figures. A run of everything it measures,
 * as configured by default, writes to tests/bench/results, the figures
 * the README quotes. A run of a subset or a variant (a few room sizes,
 * one view, another camera or preset) writes to test-results/bench/partial
 * instead: such a run once replaced the whole results file with its few
 * rows, and the committed figures had to be restored by hand.
 */
import path from 'node:path';

export function resultsFolder(wholeDefaultRun: boolean): string {
  return wholeDefaultRun
    ? path.resolve(__dirname, 'results')
    : path.resolve(__dirname, '../../test-results/bench/partial');
}

/** The items of a comma-separated list, without repeats, in one order. */
function itemsOf(list: string): string {
  return [...new Set(list.split(',').map((item) => item.trim()))].sort().join(',');
}

/** Whether an environment variable holding a comma-separated list is unset or names the same items as `defaults`. */
export function isDefaultList(value: string | undefined, defaults: string): boolean {
  return value === undefined || itemsOf(value) === itemsOf(defaults);
}
