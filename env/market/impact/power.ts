/** Almgren (2003) temporary impact per share, beyond the fixed cost: eta * (n / tau)^beta. */
export function powerImpact(eta: number, shares: number, tau: number, beta: number): number {
  return eta * Math.pow(shares / tau, beta);
}
