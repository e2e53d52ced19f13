import { z } from 'zod';
import type { PriceModel } from './price-model.js';

const schema = z.strictObject({
  model: z.literal('abm').describe('arithmetic Brownian motion (Almgren–Chriss)'),
  S0: z.number().positive().describe('arrival price ($/share)'),
  sigma: z.number().positive().describe('volatility ($/share/day^0.5)'),
});

/** Arithmetic Brownian motion (Almgren–Chriss 2000): F_{k+1} = F_k + sigma_r sqrt(tau) z. */
export const abm = {
  name: 'abm' as const,
  schema,
  nextFundamental: (p, F, sigmaR, z) => F + sigmaR * p.sqrtTau * z,
  volatilityScale: () => 1,
  martingale: true,
  arithmetic: true,
  worstMove: (m) => m.zMax * m.sigma * Math.sqrt(m.T),
} satisfies PriceModel<typeof schema>;
