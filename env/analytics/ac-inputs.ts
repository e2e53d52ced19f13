import { impactModels } from '../market/impact/impact-models.js';
import { priceModels } from '../market/price/price-models.js';
import type { MarketParams } from '../market/params.js';
import { acSchedule, describeUrgency, type AcInputs } from './almgren-chriss.js';

/**
 * The AC inputs a desk would calibrate for a market: for a regime market, the stationary averages
 * (sigma as the root-mean-square, so that the variance is right on average); for non-linear
 * impact, an eta~ linearised at the TWAP rate, so that AC and TWAP pay the same impact there.
 * For a one-regime linear market these are the market's own parameters, and AC is exact.
 */
export function acInputsFor(p: MarketParams): AcInputs {
  const mean = (values: Float64Array) => values.reduce((acc, v, r) => acc + p.stationary[r] * v, 0);
  const sigma = p.sigmaRef;
  const twapShares = p.X / p.N;
  const twapVolume = mean(p.volumeMultiplier) * (p.dailyVolume * p.tau);
  const eta = mean(p.eta);
  const etaLinear = impactModels[p.impactModel].acEta(p, eta, sigma, twapShares, twapVolume);
  return { X: p.X, T: p.T, N: p.N, sigma, epsilon: mean(p.epsilon), eta: etaLinear, gamma: mean(p.gamma), lambda: p.lambda };
}

/** True when the AC closed forms are the market's exact expected cost and variance. */
export function acIsExact(p: MarketParams): boolean {
  return p.K === 1 && impactModels[p.impactModel].almgrenChriss && priceModels[p.priceModel].arithmetic && priceModels[p.priceModel].martingale && p.replay === null;
}

/** The urgency line (and its TWAP-like warning) of the AC schedule a desk would run on this market. */
export function describeMarketUrgency(p: MarketParams): string {
  return describeUrgency(acSchedule(acInputsFor(p)), p.T);
}
