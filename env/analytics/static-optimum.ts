import { Matrix } from 'ml-matrix';
import { impactModels } from '../market/impact/impact-models.js';
import type { MarketParams } from '../market/params.js';
import { minimizeConvex, type ConvexProgramme } from './active-set.js';
import { temporaryCostPower, temporaryCostWeight } from './expected-impact.js';
import { haltEqualities, scheduleConstraints, stepTradeCaps, violatedConstraints } from './schedule-constraints.js';
import { scheduleExpectation, type ScheduleExpectation } from './schedule-objective.js';

/**
 * The optimal static schedule of a one-regime market, and why it is the optimum over all adapted
 * policies, not only static ones.
 *
 * Every cost the env charges is a deterministic function of the trades, except two random parts:
 * the timing cost sum_k n_k (S0 - F_k) = -sum_j x_{j+1} (F_{j+1} - F_j), whose terms have mean zero
 * for any adapted policy (x_{j+1} is chosen before the shock F_{j+1} - F_j, and F is a martingale),
 * and, under the square-root volume law, the factor V_k^-beta of the step's market volume, whose
 * noise is drawn independently of everything the policy has seen (i.i.d. across steps; the
 * observed volume_ratio of past steps says nothing about it). Taking conditional expectations step
 * by step, E[cost of any adapted policy] = E[f(n(omega))] >= min_n f(n), with f the expected cost
 * of a fixed schedule n: randomness the policy cannot predict cannot be exploited, so a
 * deterministic schedule is optimal. (With Markov regimes it is not: the observed or filtered
 * regime predicts costs, and the optimum is a dynamic programme.)
 *
 * f(n) = epsilon X + 1/2 n' Q n - c' n + sum_k w_k n_k^(1+beta) + const, where
 *   Q_kk = 2 (eta / tau + kappa / 2) for linear and transient impact (w = 0), else 0 and
 *   w_k = eta tau^-beta (power) or eta sigma E[V_k^-beta] (square-root volume, see expected-impact);
 *   Q_jk = gamma + kappa exp(-rho tau |j - k|) (permanent impact and the Obizhaeva–Wang
 *   propagator's decaying displacement), j != k;
 *   plus 2 lambda sigma^2 tau L'L and c = 2 lambda sigma^2 tau X L'1 from the risk penalty
 *   lambda sigma^2 tau sum_{k<N-1} (X - sum_{j<=k} n_j)^2 (L lower-triangular ones).
 * It is solved in the fractions u = n / X with the objective in bps, subject to sum u = 1.
 */
export interface StaticOptimum {
  /** Holdings x_0 = X .. x_N = 0 and trades n_0 .. n_{N-1} (shares). */
  readonly holdings: Float64Array;
  readonly trades: Float64Array;
  /** The env's exact expected costs of the schedule ($), by direct summation (schedule-objective). */
  readonly expectation: ScheduleExpectation;
  /** The programme's own optimal value (bps), which must equal expectation.objective in bps. */
  readonly programmeValueBps: number;
  readonly constraints: ConstraintReport;
}

export interface ConstraintReport {
  readonly aMax: number;
  /** Whether the optimum without the action-space inequalities already respects them. */
  readonly unconstrainedFeasible: boolean;
  /** The inequalities the unconstrained optimum violates (empty when feasible). */
  readonly violated: string[];
  /** The inequalities active at the reported (constrained) optimum. */
  readonly active: string[];
}

/**
 * Most steps the schedule programme takes. It is dense (N x N, the active set refactorises it), so
 * time grows as N^3; measured on this project's 2-core machine (issue 26): ac-linear N = 1000 5.5 s,
 * N = 2000 35 s (338 MB); transient (limits binding) N = 200 3.5 s, N = 500 31 s, N = 1000 over 120 s;
 * sqrt-volume N = 200 2.3 s, N = 1000 over 120 s.
 */
export const MAX_PROGRAMME_STEPS = 500;

/** @throws RangeError for more than one regime (use the regime DP), or N above {@link MAX_PROGRAMME_STEPS} */
export function buildScheduleProgramme(p: MarketParams): ConvexProgramme & { constant: number } {
  if (p.K !== 1) throw new RangeError(`a static schedule is the optimum only on a one-regime market, got ${p.K} regimes`);
  if (p.N > MAX_PROGRAMME_STEPS) throw new RangeError(`horizon.N: the optimal-schedule programme is solved for N <= ${MAX_PROGRAMME_STEPS} steps (dense, time grows as N^3), got ${p.N}`);
  const { N, X, tau } = p;
  const bps = p.bpsPerDollar;
  const quadratic = impactModels[p.impactModel].quadratic;
  const risk = p.lambda * p.sigma[0] * p.sigma[0] * tau;
  const Q = Matrix.zeros(N, N);
  const c = new Float64Array(N);
  const w = new Float64Array(N);
  const power = temporaryCostPower(p);
  for (let j = 0; j < N; j++) {
    for (let k = 0; k < N; k++) {
      let q = 2 * risk * Math.max(0, N - 1 - Math.max(j, k));
      if (j !== k) q += p.gamma[0] + p.kappa * Math.pow(p.decay, Math.abs(j - k));
      else if (quadratic) q += 2 * temporaryCostWeight(p, k, 0);
      Q.set(j, k, q * X * X * bps);
    }
    c[j] = 2 * risk * X * Math.max(0, N - 1 - j) * X * bps;
    if (!quadratic) w[j] = temporaryCostWeight(p, j, 0) * Math.pow(X, power) * bps;
  }
  const constant = (p.epsilon[0] * X + risk * X * X * (N - 1)) * bps;
  return { Q, c, w, power, A: [new Float64Array(N).fill(1)], b: [1], G: [], h: [], constant };
}

/**
 * The schedule that trades multiplier min(1, aMax) of the even split until the last step, within
 * the per-step caps `cap` (fractions of X: participation, halts; see `stepTradeCaps`): feasible.
 */
function feasibleStart(N: number, aMax: number, cap?: ArrayLike<number>): Float64Array {
  const a = Math.min(1, aMax);
  const u = new Float64Array(N);
  let left = 1;
  for (let k = 0; k < N; k++) {
    u[k] = k === N - 1 ? left : Math.min((a * left) / (N - k), cap ? cap[k] : Infinity);
    left -= u[k];
  }
  return u;
}

/**
 * The exact optimal schedule of a one-regime market (any impact model, see the comment above),
 * within the action space's limits `aMax`: the programme is first solved without the inequality
 * rows (for non-linear impact, whose cost is only defined for n >= 0, with the no-buy-back rows
 * only); if that violates a limit, it is solved again with every limit, and the report says so.
 */
export function solveStaticOptimum(p: MarketParams, aMax: number): StaticOptimum {
  const programme = buildScheduleProgramme(p);
  // Scheduled halts are part of the problem, not limits to check: equalities in both solves.
  const halts = haltEqualities(p);
  const base = { ...programme, A: [...programme.A, ...halts.rows], b: [...programme.b, ...halts.rows.map(() => 0)] };
  const limits = scheduleConstraints(p, aMax);
  const quadratic = base.w.every((v) => v === 0);
  const domainRows = quadratic ? 0 : limits.domainRows; // the first rows are n_k >= 0
  const haltCaps = stepTradeCaps(p).map((cap) => (cap === 0 ? 0 : Infinity));
  const relaxed = minimizeConvex({ ...base, G: limits.G.slice(0, domainRows), h: limits.h.slice(0, domainRows) }, feasibleStart(p.N, 1, haltCaps));
  const violated = violatedConstraints(limits, relaxed.u);
  const solution = violated.length === 0 ? relaxed : minimizeConvex({ ...base, G: limits.G, h: limits.h }, feasibleStart(p.N, aMax, stepTradeCaps(p)));
  const rows = violated.length === 0 ? limits.labels.slice(0, domainRows) : limits.labels;
  const holdings = new Float64Array(p.N + 1);
  holdings[0] = p.X;
  let left = 1;
  for (let k = 0; k < p.N; k++) {
    left -= solution.u[k];
    holdings[k + 1] = k === p.N - 1 ? 0 : Math.max(0, left * p.X);
  }
  const trades = Float64Array.from({ length: p.N }, (_, k) => holdings[k] - holdings[k + 1]);
  const u = Float64Array.from(trades, (n) => n / p.X);
  const Qu = base.Q.mmul(Matrix.columnVector(Array.from(u))).getColumn(0);
  let value = base.constant;
  for (let k = 0; k < p.N; k++) value += 0.5 * u[k] * Qu[k] - base.c[k] * u[k] + base.w[k] * Math.pow(u[k], base.power);
  return {
    holdings,
    trades,
    expectation: scheduleExpectation(p, holdings),
    programmeValueBps: value,
    constraints: { aMax, unconstrainedFeasible: violated.length === 0, violated, active: [...solution.active.map((i) => rows[i]), ...halts.labels] },
  };
}
