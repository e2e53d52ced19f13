import { z } from 'zod';
import { impactCommon, type ImpactModel } from './impact-model.js';

const schema = z.strictObject({
  model: z.literal('almgren-2005').describe('Almgren, Thum, Hauptmann and Li (2005): h(n) = epsilon + eta * sigma * (n / (tau * volume.daily))^beta'),
  ...impactCommon,
  eta: z.number().positive().default(0.142).describe('dimensionless temporary impact coefficient (0.142 fitted on Citigroup US equity orders, 2001-2003)'),
  beta: z.number().gt(0).lte(2).default(0.6).describe('exponent of the trading rate as a fraction of daily volume (3/5 fitted)'),
});

/**
 * Almgren, Thum, Hauptmann and Li (2005), "Direct estimation of equity market impact", Risk 18(7):
 * the temporary cost per share of trading at rate v = n / tau shares/day is
 * J = eta * sigma * (v / V)^beta, with sigma the daily volatility ($ here, so J is in $/share), V
 * the stock's average daily volume (`volume.daily`: the expected volume, not the step's draw, so
 * the cost is deterministic given the trade and its expectation is exact), eta = 0.142 and
 * beta = 3/5 their estimates. Their permanent impact I = gamma' sigma (X / V) (Theta / V)^(1/4)
 * (gamma' = 0.314, Theta the shares outstanding) is linear in the shares traded: it is the common
 * `gamma` ($/share per share), computed by {@link almgren2005Gamma}.
 */
export const almgren2005 = {
  name: 'almgren-2005' as const,
  schema,
  resolve: (spec) => ({ beta: spec.beta, kappa: 0, decay: 0 }),
  temporaryPerShare: (p, r, n) => p.eta[r] * p.sigma[r] * Math.pow(n / (p.tau * p.dailyVolume), p.beta),
  expectedCostWeight: (p, _k, r) => p.eta[r] * p.sigma[r] * Math.pow(p.tau * p.dailyVolume, -p.beta),
  // eta sigma (n / (tau V))^beta matched to eta_lin * n / tau at the TWAP trade.
  acEta: (p, eta, sigma, twapShares) => (eta * sigma * Math.pow(twapShares / (p.tau * p.dailyVolume), p.beta) * p.tau) / twapShares,
  worstPerShare: (spec, m) => m.eta * m.sigma * (m.X / (m.tau * m.dailyVolume)) ** spec.beta,
  worstField: 'eta',
  almgrenChriss: false,
  quadratic: false,
  displaces: false,
  needsVolume: false,
} satisfies ImpactModel<typeof schema>;

/**
 * The paper's permanent impact as the spec's `gamma` ($/share per share): gamma' sigma / V * (Theta / V)^(1/4),
 * with `sigma` the daily volatility in $/share, `dailyVolume` V and `sharesOutstanding` Theta.
 * @example almgren2005Gamma(1.0, 5e6, 1e9) // 0.314 / 5e6 * 200^0.25 = 2.3613e-7
 */
export function almgren2005Gamma(sigma: number, dailyVolume: number, sharesOutstanding: number, gammaPrime = 0.314): number {
  return ((gammaPrime * sigma) / dailyVolume) * Math.pow(sharesOutstanding / dailyVolume, 0.25);
}
