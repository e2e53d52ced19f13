import { z } from 'zod';
import type { LatentProcess, PriceModel } from './price-model.js';

const schema = z
  .strictObject({
    model: z.literal('garch').describe('arithmetic price with GARCH(1,1) stochastic variance (Bollerslev 1986, on the env steps)'),
    S0: z.number().positive().describe('arrival price ($/share)'),
    sigma: z.number().positive().describe('long-run volatility ($/share/day^0.5): the variance factor v_k has mean 1'),
    garch: z
      .strictObject({
        a: z.number().nonnegative().lt(1).describe('reaction a: weight of the last squared standardised shock'),
        b: z.number().nonnegative().lt(1).describe('persistence b of the variance factor'),
      })
      .describe('v_{k+1} = (1 - a - b) + a z_k^2 v_k + b v_k, v_0 = 1; F_{k+1} = F_k + sigma sqrt(v_k tau) z_k'),
  })
  .refine((s) => s.garch.a + s.garch.b < 1, { message: 'garch.a + garch.b must be < 1 (a stationary variance)', path: ['garch', 'b'] });

type Spec = z.output<typeof schema>;

const latent: LatentProcess = {
  meaning: 'the variance factor v_k (the step variance is sigma^2 v_k tau)',
  start: () => 1,
  next: (p, v, z) => 1 - p.priceConstants.a - p.priceConstants.b + p.priceConstants.a * z * z * v + p.priceConstants.b * v,
  drift: false,
  persistence: (p) => p.priceConstants.a + p.priceConstants.b,
  innovationVariance: () => 0,
  startMean: () => 1,
  startVariance: () => 0,
  varianceFactor: (_p, v) => v,
  feature: { name: 'variance_factor', meaning: 'GARCH conditional variance of the next price move over its long-run level, v_k (computable from past prices)', observe: (_p, v) => v },
};

/**
 * GARCH(1,1) variance on the env's steps: F_{k+1} = F_k + sigma sqrt(v_k tau) z_k and
 * v_{k+1} = (1 - a - b) + a z_k^2 v_k + b v_k, v_0 = 1, so E[v_k] = 1 and F is a martingale.
 * The risk penalty charges the current variance, lambda sigma^2 v_k tau x_{k+1}^2, and the policy
 * observes v_k. The static optimum at the mean variance (v = 1) is what a static schedule achieves
 * exactly (E[v_k] = 1), so it is an upper bound on the adapted optimum, which trades faster when
 * v_k is high; that optimum is not computed here (docs/price-models.md).
 */
export const garch = {
  name: 'garch' as const,
  schema,
  nextFundamental: (p, F, sigmaR, z, v) => F + sigmaR * Math.sqrt(v) * p.sqrtTau * z,
  resolve: (spec: Spec) => ({ a: spec.garch.a, b: spec.garch.b }),
  latent,
  martingale: true,
  volatilityScale: () => 1,
  arithmetic: true,
  worstMove: (m) => m.zMax * m.sigma * Math.sqrt(m.T),
} satisfies PriceModel<typeof schema>;
