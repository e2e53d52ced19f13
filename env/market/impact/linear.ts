/** Almgren–Chriss temporary impact per share, beyond the fixed cost: eta * n / tau. */
export function linearImpact(eta: number, shares: number, tau: number): number {
  return (eta * shares) / tau;
}
