/**
 * Square-root law temporary impact per share, beyond the fixed cost: eta * sigma * (n / V)^beta,
 * with V the market volume of the step, so trading with volume is cheaper (Tóth et al. 2011).
 */
export function sqrtVolumeImpact(eta: number, sigma: number, shares: number, volume: number, beta: number): number {
  return eta * sigma * Math.pow(shares / volume, beta);
}
