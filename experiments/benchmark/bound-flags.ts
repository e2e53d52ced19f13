import type { OptimalPolicy } from '../../baselines/optimal.js';
import { optimumLabel, TAKER_ONLY } from '../../env/analytics/optimum-label.js';
import type { CompiledEnv } from '../../env/core/compile-env.js';
import { priceModels } from '../../env/market/price/price-models.js';
import { ROUNDING_BPS, Z95 } from '../stats/paired.js';
import type { Evaluation } from './evaluate-policies.js';
import type { PolicySummary } from './summarize.js';

/** A policy whose mean objective is below a printed optimum or bound by more than its CI. */
export interface BoundFlag {
  readonly policy: string;
  /** The row whose printed value it beats: `optimal`, `dp-optimal` or `belief-optimal`. */
  readonly reference: string;
  readonly referenceValueBps: number;
  /** What that value is (see env/analytics/optimum-label.ts) and whether it bounds this policy. */
  readonly kind: string;
  readonly isBound: boolean;
  /** Value minus the policy's mean objective (bps), and the 95% half-width of that mean. */
  readonly byBps: number;
  readonly halfWidthBps: number;
  readonly message: string;
}

interface PrintedValue {
  readonly valueBps: number;
  readonly kind: string;
  readonly isBound: boolean;
  readonly toleranceBps: number;
  /** The policies it bounds: an oracle's value bounds every policy; belief-optimal's only those of the public observation. */
  readonly bounds: (row: PolicySummary) => boolean;
}

/** The printed values of the reference rows present, with what each is. */
function printedValues(env: CompiledEnv, evaluations: readonly Evaluation[], rows: readonly PolicySummary[]): Map<string, PrintedValue> {
  const p = env.params;
  const out = new Map<string, PrintedValue>();
  const passive = p.execution !== null;
  for (const e of evaluations) {
    const row = rows.find((r) => r.policy === e.policy.name);
    if (!row) continue;
    if (e.policy.name === 'optimal' && (e.policy as OptimalPolicy).solution) {
      const s = (e.policy as OptimalPolicy).solution;
      const label = optimumLabel(p, s, env.spec.action.type === 'discrete');
      out.set('optimal', { valueBps: s.objectiveBps, kind: label.short, isBound: label.isBound, toleranceBps: label.toleranceBps ?? 0, bounds: () => true });
    } else if ((e.policy.name === 'dp-optimal' || e.policy.name === 'belief-optimal') && row.exact) {
      const belief = e.policy.name === 'belief-optimal';
      // On a drifting price (ou-alpha) the regime DPs do not read the alpha: their policy is static AC, not the optimum.
      const drift = priceModels[p.priceModel].latent?.drift === true;
      out.set(e.policy.name, {
        valueBps: row.exact.expectedObjectiveBps,
        kind: passive ? TAKER_ONLY : drift ? `the value of the regime DP's policy, not a bound: the price drifts with an observed alpha (${p.priceModel}) the DP does not read` : belief ? 'the belief DP value, a lower bound on every policy of the public observation' : 'the exact regime DP value',
        isBound: !passive && !drift,
        toleranceBps: 0,
        bounds: belief ? (r) => !r.usesHiddenState : () => true,
      });
    }
  }
  return out;
}

/**
 * Flags every policy whose mean objective is below a printed value (the `optimal` row's solver
 * value, the `dp-optimal` and `belief-optimal` rows' DP values) by more than the 95% half-width of
 * its mean plus the value's stated error: impossible where the value is a bound (a bug signal, or a
 * 2.5% false alarm), expected where it is not (a passive env's taker-only optimum, which limit orders
 * can beat). Issue 19, finding 4.
 */
export function boundFlags(env: CompiledEnv, evaluations: readonly Evaluation[], rows: readonly PolicySummary[]): BoundFlag[] {
  const flags: BoundFlag[] = [];
  for (const [reference, v] of printedValues(env, evaluations, rows)) {
    for (const row of rows) {
      if (row.policy === reference || !v.bounds(row)) continue;
      const halfWidth = Z95 * row.objectiveBps.se;
      const by = v.valueBps - row.objectiveBps.mean;
      if (by <= halfWidth + v.toleranceBps + ROUNDING_BPS) continue;
      const what = v.isBound ? 'impossible for a bound, so a bug signal (or a 2.5% false alarm)' : 'expected: the value is not a bound here';
      flags.push({
        policy: row.policy,
        reference,
        referenceValueBps: v.valueBps,
        kind: v.kind,
        isBound: v.isBound,
        byBps: by,
        halfWidthBps: halfWidth,
        message: `${row.policy} (${row.objectiveBps.mean.toFixed(2)} ± ${halfWidth.toFixed(2)} bps) is ${by.toFixed(2)} bps below \`${reference}\`'s printed ${v.valueBps.toFixed(2)} (${v.kind}): ${what}`,
      });
    }
  }
  return flags;
}
