import { z } from 'zod';
import type { PriceModel } from './price-model.js';

const schema = z.strictObject({
  model: z.literal('gbm').describe('geometric Brownian motion with the same $ volatility at S0'),
  S0: z.number().positive().describe('arrival price ($/share)'),
  sigma: z.number().positive().describe('volatility ($/share/day^0.5: the $ volatility at S0)'),
});

/**
 * Geometric Brownian motion with the $ volatility sigma_r at S0 (log-volatility sigma_r / S0) and
 * no drift: F_{k+1} = F_k exp((sigma_r sqrt(tau) z - sigma_r^2 tau / (2 S0)) / S0), a martingale.
 */
export const gbm = {
  name: 'gbm' as const,
  schema,
  nextFundamental: (p, F, sigmaR, z) => F * Math.exp((sigmaR * p.sqrtTau * z - (0.5 * sigmaR * sigmaR * p.tau) / p.S0) / p.S0),
  volatilityScale: (p, F) => F / p.S0,
  martingale: true,
  arithmetic: false,
  worstMove: (m) => m.S0 * Math.exp(Math.min(700, (m.zMax * m.sigma * Math.sqrt(m.T)) / m.S0)),
} satisfies PriceModel<typeof schema>;
