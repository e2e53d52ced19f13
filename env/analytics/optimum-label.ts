import type { MarketParams } from '../market/params.js';
import type { OptimalSolution } from './optimal.js';

/**
 * What a solver's optimum is on an env, in one place: every printed "exact optimum", "oracle bound"
 * or "not a bound" comes from here (`execgym optimal`, the benchmark, the training references, the
 * suite). A number is called a bound only where the solver's problem is the env's problem.
 */
export type OptimumKind = 'exact optimum' | 'oracle bound' | 'lower bound' | 'reference' | 'continuous optimum' | 'numerical optimum' | 'numerical oracle optimum' | 'not converged' | 'taker-only';

export interface OptimumLabel {
  readonly kind: OptimumKind;
  /** The few words a table or a heading shows. */
  readonly short: string;
  /** Can no policy of this env beat the value in expectation (within `toleranceBps`)? */
  readonly isBound: boolean;
  /** The value's own stated error (bps): 0 for the exact solvers, the grid's refinement error, null where it is no bound. */
  readonly toleranceBps: number | null;
  /** One sentence for notes and summaries. */
  readonly sentence: string;
}

/** The words printed for the solvers' optimum on a passive env (issue 19, finding 4). */
export const TAKER_ONLY = 'the taker-only optimum: not a bound here';

/**
 * The label of solution `s` on a market `p`. On a passive env (limit orders) the solvers optimise
 * over market orders only: their value is the taker-only optimum, which limit orders can beat.
 * @param relaxation the reference runs on the continuous (Box) twin of a Discrete env
 */
export function optimumLabel(p: MarketParams, s: OptimalSolution, relaxation = false): OptimumLabel {
  if (p.execution) {
    return { kind: 'taker-only', short: TAKER_ONLY, isBound: false, toleranceBps: null, sentence: `${TAKER_ONLY}: the solvers optimise over market orders only, and limit orders that earn the spread can beat it; no bound is known for this env` };
  }
  if (s.discretisation) {
    const d = s.discretisation;
    if (!d.converged) {
      return { kind: 'not converged', short: 'not converged, not a bound', isBound: false, toleranceBps: null, sentence: `a numerical optimum (${s.method}) whose grid refinement did not settle (last change ${d.errorBps === null ? 'unknown' : `${d.errorBps.toFixed(3)} bps`}): not converged, not a bound` };
    }
    const kind = s.oracle ? 'numerical oracle optimum' : 'numerical optimum';
    return { kind, short: `${kind} ± ${d.errorBps!.toFixed(3)}`, isBound: true, toleranceBps: d.errorBps!, sentence: `a ${kind} (${s.method}${s.oracle ? ', reading the hidden regime' : ''}), settled within ${d.errorBps!.toFixed(4)} bps by grid refinement: a bound within that error` };
  }
  if (!s.exact && s.relaxed) {
    return { kind: 'lower bound', short: 'lower bound (a relaxation)', isBound: true, toleranceBps: 0, sentence: `the ${s.method} optimum of a relaxation of this env (${s.notes.at(-1) ?? 'a limit dropped'}): a lower bound no policy can beat, not a value a policy reaches` };
  }
  if (!s.exact) {
    return { kind: 'reference', short: 'a reference, not a bound', isBound: false, toleranceBps: null, sentence: `the value the ${s.method} policy achieves, not the optimum over adapted policies (which is not computed): a reference, not a bound` };
  }
  if (s.oracle) return { kind: 'oracle bound', short: 'oracle bound', isBound: true, toleranceBps: 0, sentence: `an oracle bound: the exact ${s.method} reading the hidden regime (no policy of the public observation can beat it, none need reach it)` };
  if (relaxation) return { kind: 'continuous optimum', short: 'continuous optimum', isBound: true, toleranceBps: 0, sentence: `the optimum over continuous multipliers in [0, ${s.aMax}] on the same market paths (the Discrete levels cannot reach it exactly: a lower bound)` };
  return { kind: 'exact optimum', short: 'exact optimum', isBound: true, toleranceBps: 0, sentence: `the exact optimum (${s.method}${s.adaptive ? ', adaptive' : ', a static schedule'})` };
}
