import { alphaRiccatiTarget } from '../env/analytics/alpha-riccati.js';
import { gridDpChoice } from '../env/analytics/inventory-grid-dp.js';
import { alphaUnit } from '../env/market/price/ou-alpha.js';
import { solveOptimal, type OptimalSolution } from '../env/analytics/optimal.js';
import type { CompiledEnv } from '../env/core/compile-env.js';
import { schedulePolicy, sharesPolicy, type BaselinePolicy } from './baseline-policy.js';
import { regimeSource } from './regime-source.js';

/** The `optimal` policy and the solution it follows. */
export interface OptimalPolicy extends BaselinePolicy {
  readonly solution: OptimalSolution;
}

/**
 * `optimal`: the optimum of E[IS + risk penalty] on this env (`solveOptimal`), acting through the
 * env's action space like every other policy: the optimal schedule on a one-regime market, the
 * regime DP's keep fractions or the inventory-grid DP's choices on a regime market (reading the
 * regime from the observation when published, else the true hidden regime: an oracle). On a
 * Discrete env it trades the level nearest to the continuous optimum, so its simulated cost is
 * above the continuous optimum's value.
 */
export function optimal(env: CompiledEnv): OptimalPolicy {
  const p = env.params;
  const solution = solveOptimal(p, env.spec.action);
  if (!solution.adaptive) return { ...schedulePolicy(env, 'optimal', solution.holdings), solution };
  if (solution.riccati) {
    // The alpha as the agent sees it: the observation's alpha column, in stationary sds.
    const column = env.features.findIndex((f) => f.name === 'alpha');
    const sd = alphaUnit(p);
    const r = solution.riccati;
    const rule = (input: Parameters<Parameters<typeof sharesPolicy>[2]>[0], i: number) => {
      const k = input.step[i];
      const x = input.inventory[i];
      return x - alphaRiccatiTarget(p, r, k, x, input.observations[i * input.obsDim + column] * sd);
    };
    return { ...sharesPolicy(env, 'optimal', rule, { pathIndependent: false, usesHiddenState: false }), solution };
  }
  const source = regimeSource(env, true);
  const flags = { pathIndependent: false, usesHiddenState: source.usesHiddenState };
  if (solution.regimeDp) {
    const { keep } = solution.regimeDp;
    return { ...sharesPolicy(env, 'optimal', (input, i) => input.inventory[i] * (1 - keep[input.step[i] * p.K + source.read(input, i)]), flags), solution };
  }
  const grid = solution.gridDp!;
  const G = grid.points;
  return {
    ...sharesPolicy(env, 'optimal', (input, i) => {
      const x = input.inventory[i];
      const j = gridDpChoice(p, grid, solution.aMax, input.step[i], source.read(input, i), x);
      return x - (p.X * j) / G;
    }, flags),
    solution,
  };
}
