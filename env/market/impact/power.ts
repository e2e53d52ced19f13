import { z } from 'zod';
import { impactCommon, type ImpactModel } from './impact-model.js';

const schema = z.strictObject({
  model: z.literal('power').describe('Almgren (2003): h(n) = epsilon + eta * |n / tau|^beta'),
  ...impactCommon,
  eta: z.number().positive().describe('temporary impact coefficient ($/share per (share/day)^beta)'),
  beta: z.number().gt(0).lte(2).default(0.6).describe('exponent of the trading rate'),
});

/** Almgren (2003) power-law temporary impact: h(n) = epsilon + eta * (n / tau)^beta per share. */
export const power = {
  name: 'power' as const,
  schema,
  resolve: (spec) => ({ beta: spec.beta, kappa: 0, decay: 0 }),
  temporaryPerShare: (p, r, n) => p.eta[r] * Math.pow(n / p.tau, p.beta),
  expectedCostWeight: (p, _k, r) => p.eta[r] * Math.pow(p.tau, -p.beta),
  // eta (n / tau)^beta matched to eta_lin * n / tau at the TWAP trade.
  acEta: (p, eta, _sigma, twapShares) => eta * Math.pow(twapShares / p.tau, p.beta - 1),
  worstPerShare: (spec, m) => m.eta * (m.X / m.tau) ** spec.beta,
  worstField: 'eta',
  almgrenChriss: false,
  quadratic: false,
  displaces: false,
  needsVolume: false,
} satisfies ImpactModel<typeof schema>;
