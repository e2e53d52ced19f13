import { sampleStats } from './sample-stats.js';

// Two-sided 95% quantiles of Student's t for df = 1..30 (beyond 30, within 2% of the normal's 1.96).
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** The 97.5% quantile of Student's t with `df` degrees of freedom. */
export function t975(df: number): number {
  return df <= 30 ? T975[df - 1] : 1.959963984540054 + 2.4 / df;
}

export interface AcrossSeeds {
  readonly n: number;
  readonly mean: number;
  /** 95% t-interval of the mean across seeds (equal to the mean when n = 1: no spread to show). */
  readonly low: number;
  readonly high: number;
}

/** Mean and 95% t-interval of per-seed values: seeds are the independent replications. */
export function acrossSeeds(values: readonly number[]): AcrossSeeds {
  if (values.length === 1) return { n: 1, mean: values[0], low: values[0], high: values[0] };
  const s = sampleStats(values);
  const half = t975(s.n - 1) * s.se;
  return { n: s.n, mean: s.mean, low: s.mean - half, high: s.mean + half };
}
