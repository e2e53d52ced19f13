import { acInputsFor } from '../env/analytics/ac-inputs.js';
import { acSchedule } from '../env/analytics/almgren-chriss.js';
import type { CompiledEnv } from '../env/core/compile-env.js';
import type { MarketParams } from '../env/market/params.js';
import { sharesPolicy, type BaselinePolicy } from './baseline-policy.js';
import { regimeSource } from './regime-source.js';

/**
 * The one-regime market a desk would see if regime r lasted for ever: r's coefficients, so that
 * `acInputsFor` calibrates (and for non-linear impact linearises) AC for that regime.
 */
export function regimeView(p: MarketParams, r: number): MarketParams {
  const one = (values: Float64Array) => Float64Array.of(values[r]);
  return {
    ...p,
    K: 1,
    sigma: one(p.sigma),
    epsilon: one(p.epsilon),
    eta: one(p.eta),
    gamma: one(p.gamma),
    volumeMultiplier: one(p.volumeMultiplier),
    stationary: Float64Array.of(1),
    initial: Float64Array.of(1),
    transition: Float64Array.of(1),
    sigmaRef: p.sigma[r],
  };
}

/**
 * The first trade of the AC schedule re-solved from holdings x with m steps left: AC is
 * time-consistent, so this is x (1 - sinh(kappa (m - 1) tau) / sinh(kappa m tau)), and x / m
 * (TWAP) in the limit kappa -> 0.
 */
export function acFirstTrade(kappa: number, tau: number, m: number, x: number): number {
  if (m <= 1) return x;
  const kt = kappa * m * tau;
  if (kt < 1e-8) return x / m;
  return x * (1 - Math.sinh(kappa * (m - 1) * tau) / Math.sinh(kt));
}

/**
 * `ac-adaptive`: at every step, re-solve Almgren–Chriss from the current holdings and time left
 * with the parameters of the regime it believes (see {@link regimeSource}: observed, belief
 * argmax, or a public estimate; the stationary averages before any information). Never an oracle.
 * On a one-regime market it is the `ac` schedule.
 */
export function acAdaptive(env: CompiledEnv): BaselinePolicy {
  const p = env.params;
  const source = regimeSource(env, false);
  // kappa depends only on the regime's coefficients and tau, so it is solved once per regime; the
  // last entry is the stationary-average calibration, used while the regime is unknown (-1).
  const kappas = Array.from({ length: p.K }, (_, r) => acSchedule(acInputsFor(regimeView(p, r))).kappa);
  kappas.push(acSchedule(acInputsFor(p)).kappa);
  return sharesPolicy(
    env,
    'ac-adaptive',
    (input, i) => {
      const r = source.read(input, i);
      return acFirstTrade(kappas[r < 0 ? p.K : r], p.tau, p.N - input.step[i], input.inventory[i]);
    },
    { pathIndependent: p.K === 1, usesHiddenState: source.usesHiddenState },
  );
}
