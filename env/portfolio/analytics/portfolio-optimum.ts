import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { minimizeConvex } from '../../analytics/active-set.js';
import { UserError } from '../../errors/errors.js';
import type { PortfolioParams } from '../params.js';
import { portfolioConstraints, violatedPortfolioConstraints } from './portfolio-constraints.js';
import { portfolioQuadratic } from './quadratic-form.js';
import { holdingsFromFractions, portfolioScheduleCost, type PortfolioHoldings, type PortfolioScheduleCost } from './schedule-cost.js';

/**
 * The exact optimum of E[IS + risk penalty] on a portfolio env, and why it is exact.
 *
 * Every cost is a deterministic function of the trades except the timing cost
 * sum_k n_k'(S0 - F_k) = -sum_k x_{k+1}'(F_{k+1} - F_k), whose terms have mean zero for any adapted
 * policy (x_{k+1} is chosen before the shock), so no policy beats the best static schedule (no
 * signal). Over static schedules the objective is the convex quadratic of portfolio-quadratic plus
 * epsilon'sum_k |n_k|, which is the constant epsilon'|X| on every schedule that never reverses a
 * name (monotone); the env's action space reaches exactly the monotone schedules within aMax
 * (portfolio-constraints). So: the equality-constrained QP's solution (x_0 = X, x_N = 0; a KKT
 * solve) is the optimum when it is feasible; otherwise the QP over the action limits, solved by
 * the active-set method, is the optimum over every schedule the env can play. Both are exact.
 * (If the unconstrained QP reverses a name, the problem without action limits but with the
 * epsilon|n| term would be a different, non-smooth one: not solved here.)
 */
export interface PortfolioOptimum {
  /** m x (N + 1), name j's holdings x_{j,0..N} at [j * (N + 1) + k] (signed). */
  readonly holdings: PortfolioHoldings;
  readonly cost: PortfolioScheduleCost;
  readonly objectiveBps: number;
  readonly expectedCostBps: number;
  readonly riskPenaltyBps: number;
  readonly exact: true;
  readonly method: 'kkt' | 'active-set';
  readonly constraints: {
    readonly aMax: number;
    readonly unconstrainedFeasible: boolean;
    readonly violated: string[];
    readonly active: string[];
  };
}

/**
 * The unconstrained minimiser of the QP, by a Cholesky solve of Q w = c (the KKT system once the
 * ends are eliminated).
 * @throws UserError when Q is not positive definite (impact that pays to trade: not convex)
 */
export function unconstrainedFractions(p: PortfolioParams): Float64Array {
  if (p.N === 1) return new Float64Array(0);
  const { Q, c } = portfolioQuadratic(p);
  const chol = new CholeskyDecomposition(Q);
  if (!chol.isPositiveDefinite()) {
    throw new UserError('portfolio: the expected cost is not convex in the schedule (its Hessian is not positive definite): check that (H + H\')/2 - tau Gamma / 2 is positive definite and Gamma\'s antisymmetric part is small');
  }
  return Float64Array.from(chol.solve(Matrix.columnVector(Array.from(c))).getColumn(0));
}

/** w_{j,k} of multiplier min(1, aMax) until the last step: strictly inside every limit when aMax > 0. */
function feasibleFractions(p: PortfolioParams): Float64Array {
  const a = Math.min(1, p.action.aMax);
  const w = new Float64Array(p.m * (p.N - 1));
  for (let j = 0; j < p.m; j++) {
    let left = 1;
    for (let k = 1; k < p.N; k++) {
      left *= 1 - a / (p.N - k + 1);
      w[j * (p.N - 1) + k - 1] = left;
    }
  }
  return w;
}

/** The exact optimum (see {@link PortfolioOptimum}) within the action space's limits. */
export function solvePortfolioOptimum(p: PortfolioParams): PortfolioOptimum {
  const limits = portfolioConstraints(p);
  const free = unconstrainedFractions(p);
  const violated = violatedPortfolioConstraints(limits, free);
  let w = free;
  let active: string[] = [];
  if (violated.length > 0) {
    const { Q, c } = portfolioQuadratic(p);
    const solution = minimizeConvex({ Q, c, w: new Float64Array(c.length), power: 2, A: [], b: [], G: limits.G, h: limits.h }, feasibleFractions(p));
    w = solution.u;
    active = solution.active.map((i) => limits.labels[i]);
  }
  const holdings = holdingsFromFractions(p, w);
  const cost = portfolioScheduleCost(p, holdings);
  const bps = p.bpsPerDollar;
  return {
    holdings,
    cost,
    objectiveBps: cost.objective * bps,
    expectedCostBps: cost.expectedCost * bps,
    riskPenaltyBps: cost.riskPenalty * bps,
    exact: true,
    method: violated.length > 0 ? 'active-set' : 'kkt',
    constraints: { aMax: p.action.aMax, unconstrainedFeasible: violated.length === 0, violated, active },
  };
}
