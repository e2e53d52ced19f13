import { ImpactModel, type MarketParams } from '../market/params.js';

/**
 * E[V^-beta] of the step's market volume V = profile_k * m_r * Z, Z mean-one lognormal with
 * log-sd s (env/market/step.ts): E[Z^-beta] = exp(beta s^2 / 2 + beta^2 s^2 / 2), so
 * E[V^-beta] = (profile_k m_r)^-beta * exp(beta (beta + 1) s^2 / 2).
 */
export function expectedInverseVolumePower(p: MarketParams, k: number, r: number): number {
  const s = p.volumeNoise;
  return Math.pow(p.volumeProfile[k] * p.volumeMultiplier[r], -p.beta) * Math.exp((p.beta * (p.beta + 1) * s * s) / 2);
}

/**
 * The coefficient w of the expected temporary-impact cost w * n^(1 + beta) of trading n shares at
 * step k in regime r, beyond the fixed cost and any standing transient displacement: eta / tau
 * (linear, beta = 1), eta / tau + kappa / 2 (transient, the trade's own walk through the book),
 * eta * tau^-beta (power) and eta * sigma_r * E[V^-beta] (square-root volume law). The volume noise
 * of a step is drawn independently of everything the policy has seen, so this expectation holds
 * conditionally on the policy's information too.
 */
export function temporaryCostWeight(p: MarketParams, k: number, r: number): number {
  switch (p.impactModel) {
    case ImpactModel.Linear:
      return p.eta[r] / p.tau;
    case ImpactModel.Transient:
      return p.eta[r] / p.tau + 0.5 * p.kappa;
    case ImpactModel.Power:
      return p.eta[r] * Math.pow(p.tau, -p.beta);
    case ImpactModel.SqrtVolume:
      return p.eta[r] * p.sigma[r] * expectedInverseVolumePower(p, k, r);
  }
}

/** The exponent 1 + beta of the temporary-impact cost in the shares traded (2 for linear and transient). */
export function temporaryCostPower(p: MarketParams): number {
  return 1 + p.beta;
}
