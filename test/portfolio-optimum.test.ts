import { describe, expect, it } from 'vitest';
import { Matrix } from 'ml-matrix';
import { acSchedule } from '../env/analytics/almgren-chriss.js';
import { portfolioClosedForm } from '../env/portfolio/analytics/closed-form.js';
import { solvePortfolioOptimum, unconstrainedFractions } from '../env/portfolio/analytics/portfolio-optimum.js';
import { holdingsFromFractions, portfolioScheduleCost } from '../env/portfolio/analytics/schedule-cost.js';
import { portfolioQuadratic } from '../env/portfolio/analytics/quadratic-form.js';
import { compilePortfolio, type PortfolioParams } from '../env/portfolio/params.js';
import { portfolioParams } from '../env/portfolio/registry.js';
import { portfolioSpecSchema, type PortfolioSpecInput } from '../env/portfolio/spec-schema.js';
import { perAssetAcHoldings } from '../baselines/portfolio-baselines.js';

/** The Almgren–Chriss (2000) worked example (shared/reference/almgren-chriss-2000.md), N = 20. */
const AC = { X: 1e6, T: 5, N: 20, sigma: 0.95, epsilon: 0.0625, eta: 2.5e-6, gamma: 2.5e-7, lambda: 1e-6 };

function compile(spec: Omit<PortfolioSpecInput, 'kind' | 'id'>): PortfolioParams {
  return compilePortfolio(portfolioSpecSchema.parse({ id: 'test', kind: 'portfolio', ...spec }));
}

function oneAsset(): PortfolioParams {
  return compile({
    horizon: { T: AC.T, N: AC.N },
    assets: [{ symbol: 'A', side: 'sell', shares: AC.X, S0: 50, epsilon: AC.epsilon, dailyVolume: 5e6 }],
    covariance: [[AC.sigma ** 2]],
    permanentImpact: [[AC.gamma]],
    temporaryImpact: [[AC.eta]],
    riskAversion: AC.lambda,
  });
}

/** Two names: sell A (illiquid), buy B; correlation rho; optional cross-impact. */
function pair(rho: number, cross = 0, sides: ['sell' | 'buy', 'sell' | 'buy'] = ['sell', 'buy'], N = 10): PortfolioParams {
  const s = [1.5, 1.2];
  return compile({
    horizon: { T: 1, N },
    assets: [
      { symbol: 'A', side: sides[0], shares: 2e5, S0: 100, epsilon: 0.01, dailyVolume: 2e6 },
      { symbol: 'B', side: sides[1], shares: 2e5, S0: 80, epsilon: 0.01, dailyVolume: 2e6 },
    ],
    covariance: [
      [s[0] * s[0], rho * s[0] * s[1]],
      [rho * s[0] * s[1], s[1] * s[1]],
    ],
    permanentImpact: [
      [2e-7, cross * 2e-7],
      [cross * 2e-7, 1e-7],
    ],
    temporaryImpact: [
      [8e-7, cross * 4e-7],
      [cross * 4e-7, 2e-7],
    ],
    riskAversion: 1e-6,
  });
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const row = (p: PortfolioParams, x: ArrayLike<number>, j: number) => Array.from(x).slice(j * (p.N + 1), (j + 1) * (p.N + 1));

describe('portfolio optimum', () => {
  it('with one asset equals the Almgren–Chriss schedule, E and E + lambda V to machine precision', () => {
    const p = oneAsset();
    const ac = acSchedule(AC);
    const o = solvePortfolioOptimum(p);
    expect(o.method).toBe('kkt');
    expect(maxAbsDiff(o.holdings, ac.x) / AC.X).toBeLessThan(1e-12);
    expect(Math.abs(o.cost.expectedCost - ac.expectedCost) / ac.expectedCost).toBeLessThan(1e-12);
    expect(Math.abs(o.cost.objective - ac.objective) / ac.objective).toBeLessThan(1e-12);
    // The reference table's N = 20 row: E = 956846.79 $, E + lambda V = 1578752.35 $.
    expect(o.cost.expectedCost).toBeCloseTo(956846.79, 1);
    expect(o.cost.objective).toBeCloseTo(1578752.35, 1);
    const cf = portfolioClosedForm(p);
    expect(maxAbsDiff(cf.holdings, ac.x) / AC.X).toBeLessThan(1e-12);
    expect(cf.kappa[0]).toBeCloseTo(0.6040494063, 9);
  });

  it('with diagonal Sigma, H and Gamma equals m independent Almgren–Chriss problems', () => {
    const p = pair(0, 0, ['sell', 'buy']);
    const o = solvePortfolioOptimum(p);
    const independent = perAssetAcHoldings(p);
    expect(maxAbsDiff(o.holdings, independent) / 2e5).toBeLessThan(1e-12);
    let sum = 0;
    for (let j = 0; j < p.m; j++) {
      sum += acSchedule({ X: 2e5, T: 1, N: 10, sigma: Math.sqrt(p.Sigma[j * 3]), epsilon: 0.01, eta: p.H[j * 3], gamma: p.Gamma[j * 3], lambda: 1e-6 }).objective;
    }
    expect(Math.abs(o.cost.objective - sum) / sum).toBeLessThan(1e-12);
  });

  it('the KKT solve and the generalised-eigenproblem closed form agree when Gamma is symmetric', () => {
    for (const id of ['portfolio-ac-v0', 'portfolio-transition-v0']) {
      const p = portfolioParams(id);
      const kkt = holdingsFromFractions(p, unconstrainedFractions(p));
      const cf = portfolioClosedForm(p).holdings;
      const scale = Math.max(...Array.from(p.X, Math.abs));
      expect(maxAbsDiff(kkt, cf) / scale).toBeLessThan(1e-10);
    }
  });

  it("the quadratic form's value differences equal the direct summation's on random schedules, non-symmetric Gamma included", () => {
    const base = pair(0.6, 0.3);
    const p: PortfolioParams = { ...base, Gamma: Float64Array.from([2e-7, 1.2e-7, 0.2e-7, 1e-7]) };
    const { Q, c } = portfolioQuadratic(p);
    const n = c.length;
    const f = (w: ArrayLike<number>) => {
      const Qw = Q.mmul(Matrix.columnVector(Array.from(w))).getColumn(0);
      return Array.from(w).reduce((s, v, i) => s + 0.5 * v * Qw[i] - c[i] * v, 0);
    };
    const direct = (w: ArrayLike<number>) => portfolioScheduleCost(p, holdingsFromFractions(p, w)).objective * p.bpsPerDollar;
    const w0 = Float64Array.from({ length: n }, (_, i) => 1 - ((i % (p.N - 1)) + 1) / p.N);
    let seed = 1;
    const uniform = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 5; trial++) {
      // Monotone schedules, so the fixed cost is the same constant on both.
      const w = Float64Array.from(w0, (v) => Math.min(1, v * (0.8 + 0.4 * uniform())));
      for (let j = 0; j < p.m; j++) for (let k = 1; k < p.N - 1; k++) w[j * (p.N - 1) + k] = Math.min(w[j * (p.N - 1) + k], w[j * (p.N - 1) + k - 1]);
      expect(f(w) - f(w0)).toBeCloseTo(direct(w) - direct(w0), 9);
    }
  });

  it('the QP optimum is no worse than any schedule a brute-force search finds on a tiny case (2 names, 3 steps, non-symmetric Gamma)', () => {
    const base = pair(0.7, 0.3, ['sell', 'buy'], 3);
    const p: PortfolioParams = { ...base, Gamma: Float64Array.from([2e-7, 1.0e-7, 0.3e-7, 1e-7]) };
    const o = solvePortfolioOptimum(p);
    const value = (w: ArrayLike<number>) => portfolioScheduleCost(p, holdingsFromFractions(p, w)).objective * p.bpsPerDollar;
    // A zooming grid over the 4 fractions w_{A,1}, w_{A,2}, w_{B,1}, w_{B,2}.
    let center = [0.5, 0.5, 0.5, 0.5];
    let width = 1;
    let best = Infinity;
    let bestW = center;
    for (let round = 0; round < 12; round++) {
      const g = 10;
      for (let a = 0; a <= g; a++) for (let b = 0; b <= g; b++) for (let c2 = 0; c2 <= g; c2++) for (let d = 0; d <= g; d++) {
        const w = [center[0] + width * (a / g - 0.5), center[1] + width * (b / g - 0.5), center[2] + width * (c2 / g - 0.5), center[3] + width * (d / g - 0.5)];
        const v = value(w);
        if (v < best) {
          best = v;
          bestW = w;
        }
      }
      center = bestW;
      width /= 3;
    }
    expect(o.objectiveBps).toBeLessThanOrEqual(best + 1e-9);
    expect(best - o.objectiveBps).toBeLessThan(1e-6);
    const w = [1, 2, 5, 6].map((i) => o.holdings[i] / p.X[i < 4 ? 0 : 1]);
    expect(maxAbsDiff(w, bestW)).toBeLessThan(1e-3);
  });

  it('with bounds that bind (a name the hedge would reverse) solves the constrained QP, names the active bounds and beats every feasible perturbation', () => {
    // Buy a little of B, sell a lot of a highly correlated A: unconstrained, the hedge buys B
    // beyond its target and sells it back, which the action space forbids.
    const base = pair(0.95);
    const p = compile({
      horizon: { T: 1, N: 10 },
      assets: [
        { symbol: 'A', side: 'sell', shares: 1e6, S0: 100, epsilon: 0.01, dailyVolume: 2e6 },
        { symbol: 'B', side: 'buy', shares: 1e4, S0: 80, epsilon: 0.01, dailyVolume: 2e6 },
      ],
      covariance: [Array.from(base.Sigma.slice(0, 2)), Array.from(base.Sigma.slice(2, 4))],
      permanentImpact: [[2e-7, 0], [0, 1e-7]],
      temporaryImpact: [[8e-7, 0], [0, 2e-8]],
      riskAversion: 1e-6,
    });
    const o = solvePortfolioOptimum(p);
    expect(o.constraints.unconstrainedFeasible).toBe(false);
    expect(o.method).toBe('active-set');
    expect(o.constraints.active.some((label) => label.startsWith('B: ') && label.includes('no selling back'))).toBe(true);
    const free = portfolioScheduleCost(p, holdingsFromFractions(p, unconstrainedFractions(p))).objective * p.bpsPerDollar;
    expect(o.objectiveBps).toBeGreaterThan(free);
    // Feasible: monotone toward zero in every name.
    for (let j = 0; j < 2; j++) {
      const x = row(p, o.holdings, j).map((v) => v / p.X[j]);
      for (let k = 0; k < p.N; k++) expect(x[k + 1]).toBeLessThanOrEqual(x[k] + 1e-12);
    }
    // Local optimality over the feasible set: mixing toward random feasible schedules never helps.
    let seed = 3;
    const uniform = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 20; trial++) {
      const y = new Float64Array(o.holdings);
      for (let j = 0; j < 2; j++) {
        let left = 1;
        for (let k = 1; k < p.N; k++) {
          left *= 1 - Math.min(1, (uniform() * 2) / (p.N - k + 1));
          y[j * (p.N + 1) + k] = 0.99 * o.holdings[j * (p.N + 1) + k] + 0.01 * left * p.X[j];
        }
      }
      expect(portfolioScheduleCost(p, y).objective * p.bpsPerDollar).toBeGreaterThanOrEqual(o.objectiveBps - 1e-12);
    }
  });

  it('hedging: with positively correlated names a transition optimum trades the pair together, per-asset AC does not', () => {
    const gap = (p: PortfolioParams, x: ArrayLike<number>) => {
      const a = row(p, x, 0).map((v) => v / p.X[0]);
      const b = row(p, x, 1).map((v) => v / p.X[1]);
      return Math.max(...a.map((v, k) => Math.abs(v - b[k])));
    };
    const independent = pair(0);
    const hedged = pair(0.8);
    const gapAc = gap(hedged, perAssetAcHoldings(hedged));
    const gapOptimum = gap(hedged, solvePortfolioOptimum(hedged).holdings);
    expect(gap(independent, solvePortfolioOptimum(independent).holdings)).toBeCloseTo(gapAc, 12);
    expect(gapOptimum).toBeLessThan(0.5 * gapAc);
    // The measured effect (issue 24), printed for the record: the largest gap between the legs'
    // fractions left, and what ignoring the correlation costs.
    const objective = (x: ArrayLike<number>) => portfolioScheduleCost(hedged, x).objective * hedged.bpsPerDollar;
    const saved = objective(perAssetAcHoldings(hedged)) - objective(solvePortfolioOptimum(hedged).holdings);
    console.log(`hedging (rho 0.8): max |w_A - w_B| ${gapOptimum.toFixed(4)} (joint optimum) vs ${gapAc.toFixed(4)} (per-asset AC); per-asset AC costs ${saved.toFixed(3)} bps more`);
    expect(saved).toBeGreaterThan(0);
  });
});
