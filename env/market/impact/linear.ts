import { z } from 'zod';
import { impactCommon, type ImpactModel } from './impact-model.js';

const schema = z.strictObject({
  model: z.literal('linear').describe('Almgren–Chriss: h(n) = epsilon + eta * n / tau'),
  ...impactCommon,
  eta: z.number().positive().describe('temporary impact ($/share per share/day)'),
});

/**
 * Almgren–Chriss (2000) linear temporary impact: h(n) = epsilon + eta * n / tau per share, so a
 * trade of n costs eta n^2 / tau. With one regime and an arithmetic price the AC closed forms are
 * exact, and with regimes the cost-to-go stays quadratic (the exact regime DP).
 */
export const linear = {
  name: 'linear' as const,
  schema,
  resolve: () => ({ beta: 1, kappa: 0, decay: 0 }),
  temporaryPerShare: (p, r, n) => (p.eta[r] * n) / p.tau,
  expectedCostWeight: (p, _k, r) => p.eta[r] / p.tau,
  acEta: (_p, eta) => eta,
  worstPerShare: (_spec, m) => m.eta * (m.X / m.tau) + 0 * m.X,
  worstField: 'eta',
  almgrenChriss: true,
  quadratic: true,
  displaces: false,
  needsVolume: false,
  specIssues(spec, { tau, regimes }, issue) {
    // Almgren–Chriss need eta~ = eta - gamma * tau / 2 > 0, else the discrete problem is unbounded.
    (regimes ?? [{}]).forEach((r, i) => {
      const eta = r.eta ?? spec.eta;
      const gamma = r.gamma ?? spec.gamma;
      if (eta - (gamma * tau) / 2 <= 0) {
        issue(regimes ? ['regimes', i, 'eta'] : ['impact', 'eta'], `eta - gamma * tau / 2 must be > 0 (Almgren–Chriss eta~), got ${eta} - ${gamma} * ${tau} / 2`);
      }
    });
  },
} satisfies ImpactModel<typeof schema>;
