/**
 * One calibrated parameter of a market card. `kind: 'prior'` marks a value the data cannot
 * identify (e.g. temporary impact from bars alone): it then names the literature `source` it took.
 */
export interface Estimate {
  readonly value: number;
  readonly unit: string;
  /** How it was obtained, in a phrase a reader can check (estimator and its paper). */
  readonly method: string;
  /** Observations the value rests on (0 for a prior). */
  readonly n: number;
  /** Standard error, where the method gives one. */
  readonly se?: number;
  /** 95% confidence interval [low, high], where the method gives one. */
  readonly ci95?: readonly [number, number];
  readonly kind: 'estimate' | 'prior';
  readonly source?: string;
  /** A caveat the reader must see (clipped to the spec's range, censored sizes, ...). */
  readonly note?: string;
}

/** z quantile of a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** An estimate with a normal 95% interval value ± 1.96 se. */
export function normalEstimate(fields: Omit<Estimate, 'ci95' | 'kind'> & { se: number }): Estimate {
  return { ...fields, kind: 'estimate', ci95: [fields.value - Z95 * fields.se, fields.value + Z95 * fields.se] };
}

/** True when the estimate's 95% interval contains `truth`. */
export function covers(estimate: Estimate, truth: number): boolean {
  const ci = estimate.ci95;
  if (!ci) throw new RangeError(`estimate '${estimate.method}' has no ci95`);
  return ci[0] <= truth && truth <= ci[1];
}
