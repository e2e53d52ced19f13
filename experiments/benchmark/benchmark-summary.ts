import type { EnvSpec } from '../../env/spec/schema.js';
import type { PolicySummary } from './summarize.js';
import type { ReplaySample } from './replay-sample.js';
import type { BoundFlag } from './bound-flags.js';

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
  /** On a replay market: the distinct windows the episodes replayed and the clusters of the intervals (absent on synthetic markets). */
  readonly replay?: ReplaySample;
  readonly urgency: string;
  /** The comparison policy of `vsAc` and the control: always `ac`. */
  readonly baseline: 'ac';
  /** The reference of the regret column: `optimal`, and what kind of optimum it is. */
  readonly optimum: OptimumInfo | null;
  /** Policies whose paired regret against the optimum is significantly negative: impossible, so a bug (or a 2.5% false alarm). */
  readonly bugSignals: string[];
  /**
   * Every policy whose mean objective is below a printed optimum or bound (the `optimal`,
   * `dp-optimal` and `belief-optimal` rows' values) by more than its 95% CI and the value's stated
   * error: a bug signal where the value is a bound, expected where it is not (a passive env's
   * taker-only optimum). See bound-flags.ts.
   */
  readonly boundFlags?: readonly BoundFlag[];
  readonly controlVariate: { readonly used: boolean; readonly estimator: string };
  readonly policies: readonly PolicySummary[];
}

export interface OptimumInfo {
  readonly policy: 'optimal';
  /** The value is the exact optimum of E[IS + risk penalty] over the policies of this env's observation. */
  readonly exactOptimum: boolean;
  /** The optimal policy reads the hidden regime: its value is a bound, not achievable. */
  readonly oracle: boolean;
  /** On a Discrete env: the reference is `optimal` on the continuous (Box) version of the same market and seeds. */
  readonly continuousRelaxation: boolean;
  readonly method: string;
  readonly exact: boolean;
  /** The optimum's value (bps) and its mean on these episodes (the reference rows of the regret). */
  readonly valueBps: number;
  readonly simulatedBps: number;
  /** Exact E[objective] of the static `ac` schedule minus the optimum's value (bps): how much any policy can beat ac by. */
  readonly acMarginBps: number;
  readonly note: string;
  /** What the value is (env/analytics/optimum-label.ts): its words, whether it bounds every policy, and its stated error (bps). */
  readonly label?: { readonly kind: string; readonly short: string; readonly isBound: boolean; readonly toleranceBps: number | null };
}
