import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDefaultList, resultsFolder } from '../../bench/results-folder.js';

describe('where a benchmark writes its figures', () => {
  it('writes a whole default run beside the README, anything less under test-results', () => {
    expect(resultsFolder(true)).toBe(path.resolve(__dirname, '../../bench/results'));
    expect(resultsFolder(false)).toBe(path.resolve(__dirname, '../../../test-results/bench/partial'));
  });

  it('counts a list as the default when unset or naming the same items, in any order', () => {
    expect(isDefaultList(undefined, '2,4,6')).toBe(true);
    expect(isDefaultList('2,4,6', '2,4,6')).toBe(true);
    expect(isDefaultList('6, 2,4,4', '2,4,6')).toBe(true);
    expect(isDefaultList('4', '2,4,6')).toBe(false);
    expect(isDefaultList('2,4,6,8', '2,4,6')).toBe(false);
    expect(isDefaultList('grid', 'grid,speaker')).toBe(false);
  });
});
