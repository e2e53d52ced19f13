import { z } from 'zod';
import type { LatentProcess, PriceParams } from './price-model.js';
import type { PriceModel } from './price-model.js';

const schema = z.strictObject({
  model: z.literal('ou-alpha').describe('arithmetic Brownian motion plus a short-term alpha: an Ornstein–Uhlenbeck drift the policy observes'),
  S0: z.number().positive().describe('arrival price ($/share)'),
  sigma: z.number().positive().describe('volatility of the price ($/share/day^0.5)'),
  alpha: z
    .strictObject({
      kappa: z.number().positive().max(1e6).describe('mean reversion of the alpha kappa_alpha (1/day): its half-life is ln 2 / kappa_alpha days'),
      s: z.number().nonnegative().max(1e9).describe('volatility of the alpha s ($/share/day^1.5): dalpha = -kappa_alpha alpha dt + s dZ, stationary sd s / sqrt(2 kappa_alpha) ($/share/day)'),
      start: z
        .union([z.literal('stationary'), z.number()])
        .default('stationary')
        .describe("alpha_0: 'stationary' draws it from N(0, s^2 / (2 kappa_alpha)); a number fixes it ($/share/day)"),
    })
    .describe('the short-term alpha alpha_t of dS = alpha dt + sigma dW'),
});

type Spec = z.output<typeof schema>;

/** The unit of the `alpha` observation: its stationary sd s / sqrt(2 kappa_alpha) ($/share/day), or 1 when s = 0. */
export function alphaUnit(p: PriceParams): number {
  return p.priceConstants.s > 0 ? p.priceConstants.s / Math.sqrt(2 * p.priceConstants.kappa) : 1;
}

/**
 * alpha_{k+1} = phi alpha_k + s_d zeta_k, the exact OU transition over tau: phi = exp(-kappa_alpha
 * tau), s_d^2 = s^2 (1 - phi^2) / (2 kappa_alpha).
 */
const latent: LatentProcess = {
  meaning: 'the short-term alpha alpha_k ($/share/day)',
  start: (p, rng) => p.priceConstants.start + Math.sqrt(p.priceConstants.startVariance) * rng.normal(),
  next: (p, a, _z, rng) => p.priceConstants.phi * a + Math.sqrt(p.priceConstants.innovationVariance) * rng.normal(),
  drift: true,
  persistence: (p) => p.priceConstants.phi,
  innovationVariance: (p) => p.priceConstants.innovationVariance,
  startMean: (p) => p.priceConstants.start,
  startVariance: (p) => p.priceConstants.startVariance,
  feature: {
    name: 'alpha',
    meaning: 'the short-term alpha alpha_k in units of its stationary sd s / sqrt(2 kappa_alpha) ($/share/day when s = 0), signed as the price drifts (> 0: the price is expected to rise)',
    observe: (p, a) => a / alphaUnit(p),
  },
};

/**
 * Short-term alpha (Cartea, Jaimungal and Penalva 2015, ch. 7; mbt_gym's OU drift): the
 * fundamental is an arithmetic Brownian motion whose drift alpha_t is an Ornstein–Uhlenbeck
 * process, dS = alpha dt + sigma dW, dalpha = -kappa_alpha alpha dt + s dZ, W and Z independent.
 * In the env's discrete time the step's move is F_{k+1} = F_k + alpha_k tau + sigma sqrt(tau) z_k
 * (the drift held at its value at the decision, as the trade is) and the alpha moves by its exact
 * OU transition. The policy observes alpha_k (the `alpha` column). With linear impact the optimum
 * is the Riccati feedback of env/analytics/alpha-riccati.ts (derivation in docs/alpha.md).
 */
export const ouAlpha = {
  name: 'ou-alpha' as const,
  schema,
  nextFundamental: (p, F, sigmaR, z, a) => F + a * p.tau + sigmaR * p.sqrtTau * z,
  resolve(spec: Spec, tau: number) {
    const { kappa, s, start } = spec.alpha;
    const phi = Math.exp(-kappa * tau);
    const stationaryVariance = (s * s) / (2 * kappa);
    return {
      kappa,
      s,
      phi,
      innovationVariance: stationaryVariance * -Math.expm1(-2 * kappa * tau),
      start: start === 'stationary' ? 0 : start,
      startVariance: start === 'stationary' ? stationaryVariance : 0,
    };
  },
  latent,
  martingale: false,
  volatilityScale: () => 1,
  // Moves are in $ (not scaled by the price level); the drift is not a martingale, so the regime
  // DPs do not apply (the spec refuses regimes with it) and AC is not the optimum.
  arithmetic: true,
  // The diffusion's worst move; the drift adds at most |alpha| T, which the bounds do not know of
  // (alpha is Gaussian and unbounded, as the price shock is).
  worstMove: (m) => m.zMax * m.sigma * Math.sqrt(m.T),
} satisfies PriceModel<typeof schema>;
