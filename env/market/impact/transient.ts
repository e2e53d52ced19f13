/**
 * Exponential propagator (Obizhaeva–Wang): trading n shares against a block-shaped book of depth
 * 1 / kappa moves the price by kappa * n and fills at the average, so the trade itself pays
 * kappa * n / 2 per share on top of the standing displacement D; D then decays by exp(-rho * tau).
 */
export function transientImpact(eta: number, shares: number, tau: number, kappa: number): number {
  return (eta * shares) / tau + 0.5 * kappa * shares;
}

/** The displacement carried into the next step. */
export function nextDisplacement(displacement: number, shares: number, kappa: number, decay: number): number {
  return (displacement + kappa * shares) * decay;
}
