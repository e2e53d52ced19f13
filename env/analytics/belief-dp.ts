import { impactModels } from '../market/impact/impact-models.js';
import { priceModels } from '../market/price/price-models.js';
import type { MarketParams } from '../market/params.js';
import { applyOperator, nextBeliefLaw, nextBeliefOperator, nextBeliefScratch, observationQuadrature, type ObservationQuadrature } from './belief-observation.js';
import { interpolate, interpolationScratch, simplexGrid, type SimplexGrid } from './simplex-grid.js';

/**
 * The best policy that does not read the hidden regime (issue 9's stretch goal): backward
 * induction over (step, belief) on a linear-impact regime market, where the belief b_k = P(r_k |
 * prices, volumes and own trades so far) is the Hamilton filter of `regimeInfo: belief`.
 *
 * Why a DP over the belief alone suffices. As in the regime DP (regime-dp.ts), rewriting the
 * permanent-impact cost as sum_j gamma n_j x_{j+1} makes the expected cost of keeping y = x - n
 * after step k, given b, the b-average of the regime DP's step cost:
 *   epsilon n + (eta(b) / tau) n^2 + gamma n y + lambda sigma2(b) tau y^2,
 * eta(b) = sum_r b_r eta_r and sigma2(b) = sum_r b_r sigma_r^2 (the timing term is a martingale
 * increment, mean 0). The step's observation depends on r_k (which also sets its cost), but with
 * gamma the same in every regime the own trade only shifts the price change by a known amount, so
 * the next belief b' (Bayes on r_k, then the transition matrix) does not depend on y. Hence
 *   V_k(x, b) = C_k(b) x^2 + epsilon x,  C_{N-1}(b) = eta(b) / tau,
 *   C_k(b) = min over c of  (eta(b)/tau)(1 - c)^2 + gamma (1 - c) c + (lambda sigma2(b) tau + D_k(b)) c^2,
 *   D_k(b) = E[C_{k+1}(b')],
 * with the keep fraction c = y / x in [max(0, 1 - aMax / (N - k)), 1] (the action cap bounds the
 * fraction, so clipping the convex one-dimensional quadratic stays exact).
 *
 * Discretisation. C_{k+1} is interpolated linearly on a simplex grid of resolution m and the
 * expectation over the observation is a trapezoidal rule of step h in each informative dimension
 * (belief-observation.ts). C_k is concave in b (an infimum of costs linear in the prior), and
 * linear interpolation of a concave function never overestimates it, so with exact quadrature
 * the grid value is a lower bound on the belief optimum that rises as the grid is refined
 * (Lovejoy 1991); the quadrature error is measured by halving h (test/analytics-belief-dp.test.ts).
 */
export interface BeliefDpSolution {
  readonly grid: SimplexGrid;
  readonly observation: ObservationQuadrature;
  /** Trapezoid step of the observation rule (standard deviations). */
  readonly quadratureStep: number;
  /** keep[k * G + g]: optimal fraction of holdings kept after step k at grid belief g (0 at the last step). */
  readonly keep: Float64Array;
  /** C[k * G + g]: quadratic coefficient of the cost-to-go at grid belief g ($ per share^2). */
  readonly C: Float64Array;
  /** D[k * G + g] = E[C_{k+1}(b')] at grid belief g (row N - 1 is 0). */
  readonly D: Float64Array;
  /** The action cap used (multiplier of the even split). */
  readonly aMax: number;
  /** C_0 at the initial belief, from its own one-step minimisation against the grid's C_1. */
  readonly initialCoefficient: number;
  /** E[IS + risk penalty] from the start under the belief optimum, in $ and bps of X * S0. */
  readonly expectedObjective: number;
  readonly objectiveBps: number;
}

/** How finely the belief DP is discretised. */
export interface BeliefDpResolution {
  /** Simplex grid resolution m: beliefs in multiples of 1/m. */
  readonly gridResolution: number;
  /** Trapezoid step h of the observation rule (standard deviations). */
  readonly quadratureStep: number;
}

/** The shipped resolution: on regime-v0 within 0.03 bps of the finest grid measured (m = 192), see the README. */
export const BELIEF_RESOLUTION: BeliefDpResolution = Object.freeze({ gridResolution: 96, quadratureStep: 0.25 });

/**
 * Most steps the belief DP takes: its work is linear in N at about 0.08 s a step at the shipped
 * resolution on this project's 2-core machine (regime-v0, with the regime DP: N = 20 21 s,
 * N = 200 25 s, N = 1000 98 s; issue 26), so 500 steps stay under a minute.
 */
export const MAX_BELIEF_DP_STEPS = 500;

/**
 * Why the belief DP cannot solve this market, or undefined when it can. It needs the value to be
 * quadratic in inventory and the observation's information to be independent of the trade.
 */
export function beliefDpUnsupported(p: MarketParams): string | undefined {
  const list = (values: Float64Array) => Array.from(values).join(', ');
  if (p.replay) return 'the belief DP needs a market model: a replay market plays recorded prices';
  if (p.N > MAX_BELIEF_DP_STEPS) return `horizon.N: the belief DP is solved for N <= ${MAX_BELIEF_DP_STEPS} steps (about 0.08 s a step at the shipped resolution), got ${p.N}`;
  if (!impactModels[p.impactModel].almgrenChriss || !priceModels[p.priceModel].arithmetic) {
    return `the belief DP needs linear impact and an arithmetic price (the cost-to-go is quadratic only there), got impact ${p.impactModel}, price ${p.priceModel}`;
  }
  if (p.epsilon.some((e) => e !== p.epsilon[0])) return `the belief DP needs the same epsilon in every regime (the cost-to-go's linear term), got ${list(p.epsilon)}`;
  if (p.gamma.some((g) => g !== p.gamma[0])) return `the belief DP needs the same gamma in every regime (else the own trade's price impact tells the regime, and the information depends on the trade), got ${list(p.gamma)}`;
  if (p.volumeNoise === 0 && p.volumeMultiplier.some((v) => v !== p.volumeMultiplier[0])) {
    return `the belief DP needs volume noise > 0 when the regimes' volume multipliers differ (without noise the volume reveals the regime, outside the Hamilton filter's lognormal model), got noise 0 and multipliers ${list(p.volumeMultiplier)}`;
  }
  return undefined;
}

/** The regime-averaged step coefficients at a belief: eta(b) / tau and lambda sigma2(b) tau. */
function stepCoefficients(p: MarketParams, belief: ArrayLike<number>, at: number): { etaRate: number; risk: number } {
  let eta = 0;
  let variance = 0;
  for (let r = 0; r < p.K; r++) {
    eta += belief[at + r] * p.eta[r];
    variance += belief[at + r] * p.sigma[r] * p.sigma[r];
  }
  return { etaRate: eta / p.tau, risk: p.lambda * variance * p.tau };
}

/**
 * The one-step minimisation at belief b with next-step coefficient D: the keep fraction in
 * [lowest, 1] (0 at the last step) and the resulting C.
 */
export function beliefStep(p: MarketParams, aMax: number, k: number, belief: ArrayLike<number>, at: number, D: number): { keep: number; C: number } {
  const { etaRate, risk } = stepCoefficients(p, belief, at);
  if (k === p.N - 1) return { keep: 0, C: etaRate };
  const g = p.gamma[0];
  const lowest = Math.max(0, 1 - aMax / (p.N - k));
  const keep = Math.min(1, Math.max(lowest, (etaRate - g / 2) / (etaRate - g + risk + D)));
  return { keep, C: etaRate * (1 - keep) ** 2 + g * (1 - keep) * keep + (risk + D) * keep * keep };
}

/**
 * Solves the belief DP at the given resolution. Work: one pass of (grid points) * K * (nodes)
 * filter updates and interpolations to build the next-belief operator, then N sparse products.
 * @throws RangeError naming the premise that fails (see {@link beliefDpUnsupported}), or a bad resolution
 */
export function solveBeliefDp(p: MarketParams, aMax = Infinity, resolution: BeliefDpResolution = BELIEF_RESOLUTION): BeliefDpSolution {
  const reason = beliefDpUnsupported(p);
  if (reason) throw new RangeError(reason);
  if (!(aMax > 0)) throw new RangeError(`aMax must be > 0, got ${aMax}`);
  const { N, K } = p;
  const grid = simplexGrid(K, resolution.gridResolution);
  const observation = observationQuadrature(p, resolution.quadratureStep);
  const E = nextBeliefOperator(p, observation, grid);
  const G = grid.size;
  const keep = new Float64Array(N * G);
  const C = new Float64Array(N * G);
  const D = new Float64Array(N * G);
  for (let k = N - 1; k >= 0; k--) {
    for (let g = 0; g < G; g++) {
      const next = k === N - 1 ? 0 : applyOperator(E, C, (k + 1) * G, g);
      const step = beliefStep(p, aMax, k, grid.points, g * K, next);
      keep[k * G + g] = step.keep;
      C[k * G + g] = step.C;
      D[k * G + g] = next;
    }
  }
  const initialCoefficient = beliefStep(p, aMax, 0, p.initial, 0, N > 1 ? expectedAt(p, observation, grid, C, G, p.initial) : 0).C;
  const expectedObjective = initialCoefficient * p.X * p.X + p.epsilon[0] * p.X;
  return { grid, observation, quadratureStep: resolution.quadratureStep, keep, C, D, aMax, initialCoefficient, expectedObjective, objectiveBps: expectedObjective * p.bpsPerDollar };
}

/** E[F(b')] from an arbitrary belief (the initial one is rarely a grid point), F = values[offset ..] on the grid. */
function expectedAt(p: MarketParams, obs: ObservationQuadrature, grid: SimplexGrid, values: Float64Array, offset: number, belief: Float64Array): number {
  const row = new Float64Array(grid.size);
  const touched = new Int32Array(grid.size);
  const count = nextBeliefLaw(p, obs, grid, belief, 0, nextBeliefScratch(p.K), row, touched);
  let total = 0;
  for (let i = 0; i < count; i++) total += row[touched[i]] * values[offset + touched[i]];
  return total;
}

/**
 * The belief optimum's keep fraction at step k and an arbitrary belief: its own one-step
 * minimisation, with D_k interpolated on the grid (D is concave and smooth, so this is accurate
 * without a quadrature per decision).
 */
export function beliefKeep(p: MarketParams, solution: BeliefDpSolution, k: number, belief: ArrayLike<number>, at: number, scratch = interpolationScratch(p.K)): number {
  const D = k === p.N - 1 ? 0 : interpolate(solution.grid, solution.D, k * solution.grid.size, belief, at, scratch);
  return beliefStep(p, solution.aMax, k, belief, at, D).keep;
}
