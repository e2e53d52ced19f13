import type { PortfolioParams } from './params.js';
import type { PortfolioState } from './state.js';

/**
 * What one step did. Per-name arrays are lanes x m row-major, in $ (positive is a cost):
 * fixed + temporary + permanent + timing = shortfall = n (S0 - execution price), name by name, and
 * riskPenalty_j = lambda tau x_j (Sigma x)_j (Euler's split of lambda tau x' Sigma x, so the names
 * sum to the lane's penalty). Per-lane totals `stepShortfall` and `stepRiskPenalty` are the sums.
 */
export interface PortfolioStepOutput {
  readonly reward: Float64Array;
  readonly terminated: Uint8Array;
  /** Signed shares traded n_k (+ sold, - bought) and their execution price. */
  readonly shares: Float64Array;
  readonly price: Float64Array;
  readonly fixed: Float64Array;
  readonly temporary: Float64Array;
  /** Own permanent impact of earlier trades still in the price: n' Gamma (X - x_k), name by name. */
  readonly permanent: Float64Array;
  /** The exogenous price move since arrival: n (S0 - F_k). */
  readonly timing: Float64Array;
  readonly shortfall: Float64Array;
  readonly riskPenalty: Float64Array;
  readonly stepShortfall: Float64Array;
  readonly stepRiskPenalty: Float64Array;
}

export function createPortfolioStepOutput(lanes: number, m: number): PortfolioStepOutput {
  const perName = () => new Float64Array(lanes * m);
  const perLane = () => new Float64Array(lanes);
  return {
    reward: perLane(),
    terminated: new Uint8Array(lanes),
    shares: perName(),
    price: perName(),
    fixed: perName(),
    temporary: perName(),
    permanent: perName(),
    timing: perName(),
    shortfall: perName(),
    riskPenalty: perName(),
    stepShortfall: perLane(),
    stepRiskPenalty: perLane(),
  };
}

/** Working vectors of one lane's step (length m each), allocated once per env. */
export interface PortfolioScratch {
  readonly n: Float64Array;
  readonly z: Float64Array;
}

export function createPortfolioScratch(m: number): PortfolioScratch {
  return { n: new Float64Array(m), z: new Float64Array(m) };
}

/**
 * Shares name j trades for multiplier `a` of the even split of what remains: n = x min(1, a / (N - k)),
 * toward zero whichever the sign of x (a sale sells, a purchase buys, never past zero); the last
 * step trades everything left. The single-asset envs' action semantics, per name.
 */
export function portfolioShares(N: number, k: number, x: number, a: number): number {
  const remaining = N - k;
  return remaining === 1 ? x : x * Math.min(1, a / remaining);
}

/**
 * The portfolio market step, a pure function of (params, state, multipliers, out, scratch): every
 * lane trades multiplier a[i * m + j] of the even split of name j, pays its costs at the prices of
 * step k (Almgren & Chriss 2000, appendix A, in execgym's timing: a trade at step k sees the
 * permanent impact of the trades before it, not its own), then the prices move by
 * sqrt(tau) L z_k with z_k m standard normals from the lane's stream, drawn whatever the action
 * (common random numbers: every policy sees the same path for the same seed). Allocation-free.
 * Lanes must not be terminated.
 */
export function portfolioStep(p: PortfolioParams, s: PortfolioState, a: ArrayLike<number>, out: PortfolioStepOutput, scratch: PortfolioScratch): void {
  const { m, N, tau, sqrtTau, X, S0, epsilon, Sigma, sigmaRoot, Gamma, H, lambda, bpsPerDollar } = p;
  const { n, z } = scratch;
  for (let i = 0; i < s.lanes; i++) {
    const at = i * m;
    const k = s.k[i];
    for (let j = 0; j < m; j++) n[j] = portfolioShares(N, k, s.x[at + j], a[at + j]);

    // The trade: name j's costs against S0, at the prices of step k.
    let stepShortfall = 0;
    for (let j = 0; j < m; j++) {
      let temporaryPerShare = 0;
      let permanentPerShare = 0;
      for (let l = 0; l < m; l++) {
        temporaryPerShare += (H[j * m + l] * n[l]) / tau;
        permanentPerShare += Gamma[j * m + l] * (X[l] - s.x[at + l]);
      }
      const nj = n[j];
      const fixedPerShare = nj > 0 ? epsilon[j] : nj < 0 ? -epsilon[j] : 0;
      const F = s.F[at + j];
      const fixed = nj * fixedPerShare;
      const temporary = nj * temporaryPerShare;
      const permanent = nj * permanentPerShare;
      const timing = nj * (S0[j] - F);
      const shortfall = fixed + temporary + permanent + timing;
      out.shares[at + j] = nj;
      out.price[at + j] = F - permanentPerShare - fixedPerShare - temporaryPerShare;
      out.fixed[at + j] = fixed;
      out.temporary[at + j] = temporary;
      out.permanent[at + j] = permanent;
      out.timing[at + j] = timing;
      out.shortfall[at + j] = shortfall;
      s.shortfall[at + j] += shortfall;
      stepShortfall += shortfall;
    }
    for (let j = 0; j < m; j++) s.x[at + j] -= n[j];

    // The risk penalty on what is left, lambda tau x' Sigma x, split name by name.
    let stepRisk = 0;
    for (let j = 0; j < m; j++) {
      let sigmaX = 0;
      for (let l = 0; l < m; l++) sigmaX += Sigma[j * m + l] * s.x[at + l];
      const risk = lambda * tau * s.x[at + j] * sigmaX;
      out.riskPenalty[at + j] = risk;
      stepRisk += risk;
    }
    const reward = -bpsPerDollar * (stepShortfall + stepRisk);
    out.stepShortfall[i] = stepShortfall;
    out.stepRiskPenalty[i] = stepRisk;
    out.reward[i] = reward;
    s.riskPenalty[i] += stepRisk;
    s.episodeReturn[i] += reward;

    // The move: F_{k+1} = F_k + sqrt(tau) L z, z drawn in name order.
    const rng = s.rngs[i];
    for (let j = 0; j < m; j++) z[j] = rng.normal();
    for (let j = 0; j < m; j++) {
      let shock = 0;
      for (let l = 0; l < m; l++) shock += sigmaRoot[j * m + l] * z[l];
      s.F[at + j] += sqrtTau * shock;
    }
    s.k[i] = k + 1;
    out.terminated[i] = k + 1 === N ? 1 : 0;
  }
}

/** One lane's episode in bps of the total arrival notional, after its last step. */
export interface PortfolioEpisodeSummary {
  readonly shortfallBps: number;
  readonly riskPenaltyBps: number;
  /** shortfallBps + riskPenaltyBps: the objective the optimum minimises in expectation. */
  readonly objectiveBps: number;
  readonly return: number;
  /** Each name's shortfall (bps of the total notional): they sum to shortfallBps. */
  readonly shortfallBpsByName: Float64Array;
}

export function portfolioEpisodeSummary(p: PortfolioParams, s: PortfolioState, i: number): PortfolioEpisodeSummary {
  const byName = new Float64Array(p.m);
  let shortfall = 0;
  for (let j = 0; j < p.m; j++) {
    byName[j] = s.shortfall[i * p.m + j] * p.bpsPerDollar;
    shortfall += s.shortfall[i * p.m + j];
  }
  const shortfallBps = shortfall * p.bpsPerDollar;
  const riskPenaltyBps = s.riskPenalty[i] * p.bpsPerDollar;
  return { shortfallBps, riskPenaltyBps, objectiveBps: shortfallBps + riskPenaltyBps, return: s.episodeReturn[i], shortfallBpsByName: byName };
}
