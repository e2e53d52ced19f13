import type { EnvSpec } from '../../env/spec/schema.js';
import type { PolicySummary } from './summarize.js';

/**
 * What a benchmark concludes, as written to summary.json: the design, the reference policies and
 * one summary per policy. A file of its own, so that the writers and formatters of a summary
 * depend on its shape and not on the code that computes it.
 */
export interface BenchmarkSummary {
  readonly env: string;
  readonly spec: EnvSpec;
  readonly episodes: number;
  readonly seed: number;
  readonly design: string;
  readonly urgency: string;
  /** The comparison policy of `vsAc` and the control: always `ac`. */
  readonly baseline: 'ac';
  readonly optimum: { readonly policy: string; readonly oracle: boolean; readonly note: string } | null;
  readonly controlVariate: { readonly used: boolean; readonly estimator: string };
  readonly policies: readonly PolicySummary[];
}
