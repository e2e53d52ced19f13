import { z } from 'zod';
import { impactCommon, type ImpactModel, type ImpactParams } from './impact-model.js';

const schema = z.strictObject({
  model: z.literal('sqrt-volume').describe('square-root law: h(n) = epsilon + eta * sigma * (n / V)^beta, V the step volume'),
  ...impactCommon,
  eta: z.number().positive().describe('dimensionless impact coefficient (Y of the square-root law)'),
  beta: z.number().gt(0).lte(1).default(0.5).describe('exponent of the participation rate'),
});

/**
 * E[V^-beta] of the step's market volume V = profile_k * m_r * Z, Z mean-one lognormal with
 * log-sd s (env/market/step.ts): E[Z^-beta] = exp(beta s^2 / 2 + beta^2 s^2 / 2), so
 * E[V^-beta] = (profile_k m_r)^-beta * exp(beta (beta + 1) s^2 / 2).
 */
export function expectedInverseVolumePower(p: ImpactParams, k: number, r: number): number {
  const s = p.volumeNoise;
  return Math.pow(p.volumeProfile[k] * p.volumeMultiplier[r], -p.beta) * Math.exp((p.beta * (p.beta + 1) * s * s) / 2);
}

/**
 * The square-root law (Tóth et al. 2011): h(n) = epsilon + eta * sigma_r * (n / V)^beta per share,
 * V the step's market volume, so trading with volume is cheaper. The volume noise is drawn
 * independently of everything a policy has seen, so the expected cost holds conditionally too.
 */
export const sqrtVolume = {
  name: 'sqrt-volume' as const,
  schema,
  resolve: (spec) => ({ beta: spec.beta, kappa: 0, decay: 0 }),
  temporaryPerShare: (p, r, n, volume) => p.eta[r] * p.sigma[r] * Math.pow(n / volume, p.beta),
  expectedCostWeight: (p, k, r) => p.eta[r] * p.sigma[r] * expectedInverseVolumePower(p, k, r),
  // h = eta * sigma * (n / V)^beta matched to eta_lin * n / tau at n = X / N, V = mean step volume.
  acEta: (p, eta, sigma, twapShares, twapVolume) => (eta * sigma * Math.pow(twapShares / twapVolume, p.beta) * p.tau) / twapShares,
  worstPerShare: (spec, m) => m.eta * m.sigma * (m.X / m.minStepVolume) ** spec.beta,
  worstField: 'eta',
  almgrenChriss: false,
  quadratic: false,
  displaces: false,
  needsVolume: true,
} satisfies ImpactModel<typeof schema>;
