import { beliefKeep, solveBeliefDp, type BeliefDpSolution } from '../env/analytics/belief-dp.js';
import { interpolationScratch } from '../env/analytics/simplex-grid.js';
import { actionMultiplierCap } from '../env/analytics/schedule-constraints.js';
import type { CompiledEnv } from '../env/core/compile-env.js';
import { RegimeInfoMode } from '../env/market/params.js';
import { hamiltonUpdate } from '../env/market/regime-filter.js';
import type { PolicyInput } from '../env/policy/policy.js';
import { sharesPolicy, type BaselinePolicy } from './baseline-policy.js';

/** The `belief-optimal` policy and the solution it follows. */
export interface BeliefOptimalPolicy extends BaselinePolicy {
  readonly solution: BeliefDpSolution;
}

/**
 * `belief-optimal`: the best policy that does not read the hidden regime (`solveBeliefDp`): keep
 * the fraction c_k(b) of the holdings, b the Hamilton filter's belief from public prices, volumes
 * and own trades. It reads the belief columns where the env publishes them (`regimeInfo: belief`)
 * and otherwise runs the same filter itself from what every policy sees: the price from the
 * `price_move` column, its own trade from the change in holdings and the last printed volume.
 * Never an oracle; on one regime it is `ac`. The filter needs every step of an episode in order.
 * @param solution a solve of this env's market and action cap to reuse (the solve takes about a second)
 * @throws RangeError where the belief DP's premises fail (see `beliefDpUnsupported`)
 */
export function beliefOptimal(env: CompiledEnv, solution: BeliefDpSolution = solveBeliefDp(env.params, actionMultiplierCap(env.spec.action))): BeliefOptimalPolicy {
  const p = env.params;
  const beliefOf = p.regimeInfo === RegimeInfoMode.Belief ? publishedBelief(env) : filteredBelief(env);
  const scratch = interpolationScratch(p.K);
  const policy = sharesPolicy(
    env,
    'belief-optimal',
    (input, i) => {
      const { belief, at } = beliefOf(input, i);
      return input.inventory[i] * (1 - beliefKeep(p, solution, input.step[i], belief, at, scratch));
    },
    { pathIndependent: p.K === 1, usesHiddenState: false },
  );
  return { ...policy, solution };
}

type BeliefReader = (input: PolicyInput, i: number) => { belief: ArrayLike<number>; at: number };

/** The env's own Hamilton-filter columns (float32, summing to 1 within rounding). */
function publishedBelief(env: CompiledEnv): BeliefReader {
  const first = env.features.length - env.params.K;
  return (input, i) => ({ belief: input.observations, at: i * input.obsDim + first });
}

/**
 * The Hamilton filter run by the policy, one state per lane: at step k >= 1 it updates with step
 * k - 1's price change (from `price_move`, S_k = S0 + price_move sigma_ref sqrt(T)), own trade
 * x_{k-1} - x_k and printed volume, exactly as the env's `regimeInfo: belief` does.
 */
function filteredBelief(env: CompiledEnv): BeliefReader {
  const p = env.params;
  const K = p.K;
  const priceColumn = env.features.findIndex((f) => f.name === 'price_move');
  const priceUnit = p.sigmaRef * Math.sqrt(p.T);
  let belief = new Float64Array(0);
  let lastPrice = new Float64Array(0);
  let lastHoldings = new Float64Array(0);
  let lastStep = new Int32Array(0);
  const scratch = new Float64Array(K);
  return (input, i) => {
    if (lastStep.length < input.lanes) {
      belief = new Float64Array(input.lanes * K);
      lastPrice = new Float64Array(input.lanes);
      lastHoldings = new Float64Array(input.lanes);
      lastStep = new Int32Array(input.lanes).fill(-1);
    }
    const k = input.step[i];
    const price = input.observations[i * input.obsDim + priceColumn] * priceUnit;
    if (k === 0) {
      belief.set(p.initial, i * K);
    } else if (k === lastStep[i] + 1) {
      const shares = lastHoldings[i] - input.inventory[i];
      hamiltonUpdate(p, belief, i * K, k - 1, price - lastPrice[i], shares, input.lastVolume[i], 1, scratch);
    } else if (k !== lastStep[i]) {
      throw new Error(`belief-optimal filters every step of an episode in order: lane ${i} went from step ${lastStep[i]} to ${k}`);
    }
    lastStep[i] = k;
    lastPrice[i] = price;
    lastHoldings[i] = input.inventory[i];
    return { belief, at: i * K };
  };
}
