/** Small statistics helpers for benchmark reports. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The p-th percentile (0..100) by linear interpolation between closest ranks. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (rank - below);
}

/** `value` rounded, or null when there was nothing to measure (the mean of no values, the least of none). */
export function roundOrNull(value: number, digits = 0): number | null {
  return Number.isFinite(value) ? round(value, digits) : null;
}

export function mean(values: number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((sum, value) => sum + value, 0) / finite.length : Number.NaN;
}

/** How many repetitions a benchmark makes: HUDDLE_BENCH_RUNS, or the benchmark's own default. */
export function benchRuns(fallback: number): number {
  const runs = Number(process.env.HUDDLE_BENCH_RUNS ?? fallback);
  return Number.isInteger(runs) && runs > 0 ? runs : fallback;
}
