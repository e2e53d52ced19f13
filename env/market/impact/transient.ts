import { z } from 'zod';
import { impactCommon, type ImpactModel } from './impact-model.js';

const schema = z.strictObject({
  model: z.literal('transient').describe('exponential propagator (Obizhaeva–Wang): a price displacement D that decays at rate rho'),
  ...impactCommon,
  eta: z.number().nonnegative().describe('instantaneous temporary impact ($/share per share/day), as in linear').default(0),
  kappa: z.number().positive().describe('transient impact: each share moves the displacement D by kappa ($/share per share)'),
  rho: z.number().positive().describe('resilience: D decays as exp(-rho * t), t in days'),
});

/**
 * Exponential propagator (Obizhaeva–Wang 2013): trading n shares against a block-shaped book of
 * depth 1 / kappa moves the price by kappa * n and fills at the average, so the trade itself pays
 * eta n / tau + kappa * n / 2 per share on top of the standing displacement D (which the market
 * state carries); D then decays by exp(-rho * tau) a step ({@link nextDisplacement}).
 */
export const transient = {
  name: 'transient' as const,
  schema,
  resolve: (spec, tau) => ({ beta: 1, kappa: spec.kappa, decay: Math.exp(-spec.rho * tau) }),
  temporaryPerShare: (p, r, n) => (p.eta[r] * n) / p.tau + 0.5 * p.kappa * n,
  expectedCostWeight: (p, _k, r) => p.eta[r] / p.tau + 0.5 * p.kappa,
  // The trade's own kappa * n / 2 per share; the standing displacement is left out.
  acEta: (p, eta) => eta + 0.5 * p.kappa * p.tau,
  worstPerShare: (spec, m) => m.eta * (m.X / m.tau) + spec.kappa * m.X,
  worstField: 'kappa',
  almgrenChriss: false,
  quadratic: true,
  displaces: true,
  needsVolume: false,
} satisfies ImpactModel<typeof schema>;

/** The displacement carried into the next step. */
export function nextDisplacement(displacement: number, shares: number, kappa: number, decay: number): number {
  return (displacement + kappa * shares) * decay;
}
