import { acSchedule } from '../env/analytics/almgren-chriss.js';
import { solvePortfolioOptimum } from '../env/portfolio/analytics/portfolio-optimum.js';
import type { PortfolioHoldings } from '../env/portfolio/analytics/schedule-cost.js';
import type { PortfolioParams } from '../env/portfolio/params.js';
import { schedulePolicy, type PortfolioPolicy } from '../env/portfolio/policy.js';

/** Every name on a straight line: x_{j,k} = X_j (1 - k / N). */
export function portfolioTwapHoldings(p: PortfolioParams): PortfolioHoldings {
  const x = new Float64Array(p.m * (p.N + 1));
  for (let j = 0; j < p.m; j++) for (let k = 0; k <= p.N; k++) x[j * (p.N + 1) + k] = (p.X[j] * (p.N - k)) / p.N;
  return x;
}

/** Every name in proportion to its expected market volume: x_{j,k} = X_j (1 - V_j(0..k) / V_j(0..N)). */
export function portfolioVwapHoldings(p: PortfolioParams): PortfolioHoldings {
  const { m, N } = p;
  const x = new Float64Array(m * (N + 1));
  for (let j = 0; j < m; j++) {
    let total = 0;
    for (let k = 0; k < N; k++) total += p.expectedVolume[j * N + k];
    let done = 0;
    x[j * (N + 1)] = p.X[j];
    for (let k = 1; k <= N; k++) {
      done += p.expectedVolume[j * N + k - 1];
      x[j * (N + 1) + k] = k === N ? 0 : p.X[j] * (1 - done / total);
    }
  }
  return x;
}

/**
 * What a desk running single-name algorithms does: each name's own Almgren–Chriss schedule with
 * its own volatility sqrt(Sigma_jj), temporary H_jj, permanent Gamma_jj and the portfolio's
 * lambda, ignoring correlations and cross-impact.
 */
export function perAssetAcHoldings(p: PortfolioParams): PortfolioHoldings {
  const { m, N } = p;
  const x = new Float64Array(m * (N + 1));
  for (let j = 0; j < m; j++) {
    const s = acSchedule({ X: Math.abs(p.X[j]), T: p.T, N, sigma: Math.sqrt(p.Sigma[j * m + j]), epsilon: p.epsilon[j], eta: p.H[j * m + j], gamma: p.Gamma[j * m + j], lambda: p.lambda });
    for (let k = 0; k <= N; k++) x[j * (N + 1) + k] = Math.sign(p.X[j]) * s.x[k];
  }
  return x;
}

/** The portfolio baselines by name, each a static schedule played through the action space. */
export const PORTFOLIO_BASELINES = {
  twap: portfolioTwapHoldings,
  vwap: portfolioVwapHoldings,
  'ac-per-asset': perAssetAcHoldings,
  optimal: (p: PortfolioParams) => solvePortfolioOptimum(p).holdings,
} as const;

export type PortfolioBaselineName = keyof typeof PORTFOLIO_BASELINES;

export function portfolioBaseline(name: PortfolioBaselineName, p: PortfolioParams): PortfolioPolicy {
  return schedulePolicy(name, p, PORTFOLIO_BASELINES[name](p));
}
