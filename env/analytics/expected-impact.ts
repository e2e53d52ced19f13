import { impactModels } from '../market/impact/impact-models.js';
import type { MarketParams } from '../market/params.js';

export { expectedInverseVolumePower } from '../market/impact/sqrt-volume.js';

/**
 * The coefficient w of the expected temporary-impact cost w * n^(1 + beta) of trading n shares at
 * step k in regime r, beyond the fixed cost and any standing transient displacement: the impact
 * model's `expectedCostWeight` (e.g. eta / tau for linear, eta * sigma_r * E[V^-beta] for the
 * square-root volume law, whose noise is drawn independently of everything the policy has seen,
 * so the expectation holds conditionally on the policy's information too).
 */
export function temporaryCostWeight(p: MarketParams, k: number, r: number): number {
  return impactModels[p.impactModel].expectedCostWeight(p, k, r);
}

/** The exponent 1 + beta of the temporary-impact cost in the shares traded (2 for linear and transient). */
export function temporaryCostPower(p: MarketParams): number {
  return 1 + p.beta;
}
