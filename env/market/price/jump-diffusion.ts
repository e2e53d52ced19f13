import { z } from 'zod';
import type { Rng } from '../../random/rng.js';
import type { PriceModel } from './price-model.js';

const schema = z.strictObject({
  model: z.literal('jump-diffusion').describe('arithmetic Brownian motion plus compensated compound Poisson jumps (Merton 1976, in $)'),
  S0: z.number().positive().describe('arrival price ($/share)'),
  sigma: z.number().positive().describe('volatility of the diffusion ($/share/day^0.5)'),
  jumps: z
    .strictObject({
      rate: z.number().nonnegative().max(1e4).describe('jump intensity lambda_J (jumps per day)'),
      mean: z.number().describe('mean jump size mu_J ($/share); the drift -lambda_J mu_J compensates it, so the price stays a martingale'),
      sd: z.number().nonnegative().describe('standard deviation of a jump sigma_J ($/share)'),
    })
    .describe('jumps J ~ N(mu_J, sigma_J^2) arriving as a Poisson process of rate lambda_J'),
});

type Spec = z.output<typeof schema>;

/** A Poisson(mean) count by inversion of uniforms (Knuth): the means here are a few jumps a step at most. */
function poisson(rng: Rng, mean: number): number {
  const limit = Math.exp(-mean);
  let count = 0;
  for (let product = rng.uniform(); product > limit; product *= rng.uniform()) count++;
  return count;
}

/**
 * Jump diffusion in $: F_{k+1} = F_k + sigma sqrt(tau) z + sum_{i <= M_k} J_i - lambda_J tau mu_J,
 * M_k ~ Poisson(lambda_J tau), J_i ~ N(mu_J, sigma_J^2), all independent of the policy. The
 * compensator makes F a martingale, so the timing cost has mean zero for every adapted policy and
 * the static optimum of the env's objective (whose risk penalty is lambda sigma^2 tau x^2, the
 * diffusion's) is exact over adapted policies. For a mean-variance desk the step's total variance
 * is (sigma^2 + lambda_J (mu_J^2 + sigma_J^2)) tau, and the AC schedule with that sigma_total is
 * the best static schedule of E + lambda Var of the shortfall (docs/price-models.md).
 */
export const jumpDiffusion = {
  name: 'jump-diffusion' as const,
  schema,
  nextFundamental: (p, F, sigmaR, z, _latent, rng) => {
    const { jumpRate, jumpMean, jumpSd } = p.priceConstants;
    let jump = -jumpRate * p.tau * jumpMean;
    if (jumpRate > 0) for (let m = poisson(rng, jumpRate * p.tau); m > 0; m--) jump += jumpMean + jumpSd * rng.normal();
    return F + sigmaR * p.sqrtTau * z + jump;
  },
  resolve: (spec: Spec) => ({ jumpRate: spec.jumps.rate, jumpMean: spec.jumps.mean, jumpSd: spec.jumps.sd }),
  martingale: true,
  volatilityScale: () => 1,
  // The moves are not sd sigma sqrt(tau) (the jumps add variance): the AC closed forms' variance
  // and the regime DPs' Gaussian likelihood do not hold.
  arithmetic: false,
  // The diffusion's worst move; a jump path is unbounded (the bounds do not see the jump sizes).
  worstMove: (m) => m.zMax * m.sigma * Math.sqrt(m.T),
} satisfies PriceModel<typeof schema>;

/** The total variance rate sigma^2 + lambda_J (mu_J^2 + sigma_J^2) of a jump diffusion ($^2/share^2/day). */
export function jumpTotalVariance(sigma: number, c: { readonly jumpRate: number; readonly jumpMean: number; readonly jumpSd: number }): number {
  return sigma * sigma + c.jumpRate * (c.jumpMean * c.jumpMean + c.jumpSd * c.jumpSd);
}
