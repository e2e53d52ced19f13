/**
 * Optional self-excitation of the queue-reactive model's market orders (issue 21): a bivariate
 * Hawkes process with an exponential kernel on top of the state-dependent base intensities.
 *
 * The intensity of market orders hitting side s (1: sells against the bids, -1: buys against the
 * asks) is
 *
 *   λ_s(t) = c · μ_s(t) + α_same · E_s(t) + α_cross · E_{−s}(t),   E_s(t) = Σ_{t_j < t, side s} e^{−β (t − t_j)},
 *
 * where μ_s(t) is the queue-reactive intensity of the touch cell side s is in (./queue-reactive.ts),
 * c scales it (the excitation takes over part of the market orders the plain model explains by the
 * state), and the sum runs over earlier market orders by the side they hit. Same-side excitation
 * gives market-order signs a memory (a buy makes the next order more likely a buy), excitation of
 * either kind clusters them in time.
 *
 * **Simulation, exactly.** Between two market orders E_s decays deterministically, so the excited
 * part of side s's orders is an inhomogeneous Poisson process with intensity h·e^{−βu}: its first
 * arrival has P(none by u) = exp(−h(1 − e^{−βu})/β), drawn by inversion ({@link nextExcitedArrival},
 * Dassios & Zhao 2013, no thinning); it may never come. It competes with the base clocks, whose
 * total is constant until the next event of any kind; a drawn arrival stays valid until a market
 * order changes the excitation, when both sides' arrivals are drawn again (Poisson increments are
 * independent, so redrawing at such a stopping time keeps the law exact).
 */
export interface MarketHawkes {
  /** c: scale of the queue-reactive market intensities */
  readonly baseScale: number;
  /** α_same, per second: jump of a side's intensity after a market order on the same side */
  readonly alphaSame: number;
  /** α_cross, per second: jump after a market order on the other side */
  readonly alphaCross: number;
  /** β, per second: decay rate of the excitation */
  readonly beta: number;
}

/**
 * Seconds to the first arrival of a Poisson process of intensity h·e^{−βu} (u ≥ 0), from one
 * uniform `u` in [0, 1); Infinity when it never arrives (probability e^{−h/β}).
 */
export function nextExcitedArrival(h: number, beta: number, u: number): number {
  if (!(h > 0)) return Infinity;
  const e = -Math.log(1 - u);
  const reach = h / beta;
  if (e >= reach) return Infinity;
  return -Math.log(1 - e / reach) / beta;
}

/** The branching ratio (α_same + α_cross)/β: expected orders one market order triggers directly; < 1 for a stationary flow. */
export function branchingRatio(h: MarketHawkes): number {
  return (h.alphaSame + h.alphaCross) / h.beta;
}
