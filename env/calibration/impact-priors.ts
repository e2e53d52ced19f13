import type { Estimate } from './estimate.js';

const ALMGREN_2005 = 'Almgren, Thum, Hauptmann & Li (2005), "Direct estimation of equity market impact", Risk 18(7): temporary eta = 0.142, beta = 0.6, permanent gamma = 0.314 (US large caps, 2001-2003)';

/**
 * Temporary impact for data without a book (bars, or a level-1 book): the env's `sqrt-volume`
 * model h = eta sigma (n / V)^beta takes the participation rate of the step, which is the form
 * Almgren et al. (2005) fitted on 700,000 institutional orders, so their coefficients carry over
 * with sigma in $/day^0.5 and h in $/share. Not identified by these data: a prior.
 */
export function sqrtLawPrior(): { eta: Estimate; beta: Estimate } {
  const common = { n: 0, kind: 'prior' as const, source: ALMGREN_2005 };
  return {
    eta: { ...common, value: 0.142, unit: '1 (Y of h = eta sigma (n/V)^beta)', method: 'literature prior: temporary impact cannot be identified from bars or a level-1 book' },
    beta: { ...common, value: 0.6, unit: '1', method: 'literature prior (the "3/5 law")' },
  };
}

/**
 * Permanent impact when trade signs are unknown (bars): Almgren et al. (2005) give a permanent
 * price move of 0.314 sigma (X / V) for X shares against daily volume V, so per share traded
 * gamma = 0.314 sigma / V ($/share per share). A prior, not an estimate.
 */
export function permanentImpactPrior(sigma: number, dailyVolume: number): Estimate {
  return {
    value: (0.314 * sigma) / dailyVolume,
    unit: '$/share per share',
    method: 'literature prior 0.314 sigma / dailyVolume: trade signs are not in the data, so Kyle\'s lambda cannot be estimated',
    n: 0,
    kind: 'prior',
    source: ALMGREN_2005,
  };
}
