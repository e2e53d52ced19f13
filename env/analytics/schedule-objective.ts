import { propagate } from '../market/markov.js';
import type { MarketParams } from '../market/params.js';
import { priceModels } from '../market/price/price-models.js';
import { temporaryCostPower, temporaryCostWeight } from './expected-impact.js';

/** Exact expectations of a static schedule's costs ($): E[IS], E[risk penalty] and their sum. */
export interface ScheduleExpectation {
  readonly expectedCost: number;
  readonly riskPenalty: number;
  readonly objective: number;
}

/**
 * The env's own expected implementation shortfall and risk penalty of the static schedule
 * x_0 = X, .., x_N = 0, summed step by step as `marketStep` charges them, under the marginal law
 * initial * P^k of the step's regime: fixed epsilon_r n_k, temporary w_{k,r} n_k^(1+beta) (see
 * {@link temporaryCostWeight}), own permanent impact n_k P_k with P_k = sum_{j<k} gamma_{r_j} n_j,
 * the transient displacement n_k D_k with D_k = kappa sum_{j<k} n_j exp(-rho tau (k - j)), and the
 * penalty lambda sigma_r^2 tau x_{k+1}^2. The timing cost n_k (S0 - F_k) has mean zero because the
 * fundamental price is a martingale (arithmetic, or geometric with the drift correction) and n_k is
 * fixed in advance; under an observed drift (ou-alpha) its mean is -side tau E[alpha_k] x_{k+1},
 * E[alpha_k] = E[alpha_0] phi^k. Exact for every impact model, regime count and price model.
 */
export function scheduleExpectation(p: MarketParams, x: ArrayLike<number>): ScheduleExpectation {
  const power = temporaryCostPower(p);
  let marginal: Float64Array = p.initial;
  let expectedCost = 0;
  let riskPenalty = 0;
  let permanent = 0; // E[P_k]
  let displacement = 0; // D_k (deterministic for a static schedule)
  const latent = priceModels[p.priceModel].latent;
  let meanDrift = latent?.drift ? latent.startMean(p) : 0; // E[alpha_k]
  for (let k = 0; k < p.N; k++) {
    const n = x[k] - x[k + 1];
    const y = x[k + 1];
    let meanGamma = 0;
    for (let r = 0; r < p.K; r++) {
      const temporary = n > 0 ? temporaryCostWeight(p, k, r) * Math.pow(n, power) : 0;
      expectedCost += marginal[r] * (p.epsilon[r] * n + temporary);
      riskPenalty += marginal[r] * p.lambda * p.sigma[r] * p.sigma[r] * p.tau * y * y;
      meanGamma += marginal[r] * p.gamma[r];
    }
    expectedCost += n * (permanent + displacement) - p.side * p.tau * meanDrift * y;
    if (latent?.drift) meanDrift *= latent.persistence(p);
    permanent += meanGamma * n;
    displacement = (displacement + p.kappa * n) * p.decay;
    marginal = propagate(marginal, p.transition, p.K);
  }
  return { expectedCost, riskPenalty, objective: expectedCost + riskPenalty };
}
