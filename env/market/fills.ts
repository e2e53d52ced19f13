import type { ExecutionParams } from './params.js';

/**
 * The synthetic fill model of a resting limit order (Avellaneda–Stoikov 2008; Cartea, Jaimungal &
 * Penalva 2015, ch. 10): market orders that reach a distance delta from the mid arrive as a Poisson
 * process of rate A exp(-k delta) per day, and each takes `clip` shares from the resting order.
 * Over a step of tau days the order is hit H ~ Poisson(Lambda) times and fills min(posted, clip H):
 * partial fills, and a finite passive capacity (clip Lambda shares on average), so a larger order
 * fills a smaller fraction, as on a real book where the opposite side's flow is limited.
 *
 * Lambda = A exp(-k delta) tau (V_k / (V_day tau)) exp(alpha side z - alpha^2 / 2):
 * - V_k / (V_day tau), the step's market volume against an average step's (V_day the spec's daily
 *   volume): busier steps (the open and close of the u-shape, a high-volume regime, a high draw)
 *   bring more hits, so A is the rate on an average step;
 * - adverse selection: z is the step's standardised price shock (the normal draw that moves the
 *   fundamental price). exp(alpha side z - alpha^2 / 2) has mean 1 over z, so the average intensity
 *   is unchanged, but a sell order (side +1) is hit more on steps where the price rises, when
 *   selling at the ask was a mistake in hindsight; a buy order symmetrically. alpha = 0: fills
 *   independent of the price path.
 * The two factors are independent and the adverse one has mean one, so
 * E[Lambda] = A exp(-k delta) tau E[V_k] / (V_day tau).
 */
export function fillIntensity(e: ExecutionParams, delta: number, tau: number, side: number, z: number, volumeRatio: number): number {
  const adverse = e.alpha === 0 ? 1 : Math.exp(e.alpha * side * z - 0.5 * e.alpha * e.alpha);
  return e.A * Math.exp(-e.k * delta) * tau * volumeRatio * adverse;
}

/**
 * Shares filled of a limit order of `posted` shares hit H ~ Poisson(lambda) times, `clip` shares a
 * hit: min(posted, clip H), H drawn by inversion from the one uniform `u`. One uniform per step,
 * whatever is posted, keeps a lane's fill stream aligned across policies (common random numbers
 * for the fills too).
 */
export function filledShares(posted: number, clip: number, lambda: number, u: number): number {
  if (posted <= 0 || lambda <= 0) return 0;
  return Math.min(posted, clip * poissonInverse(u, lambda));
}

/**
 * The u-quantile of Poisson(lambda): the smallest j with P(H <= j) >= u. Small lambda sums the pmf
 * up from 0; large lambda (where exp(-lambda) underflows) starts at the mode, whose pmf comes from
 * Stirling's series, and walks down or up, so the cost is O(sqrt(lambda)) terms.
 */
export function poissonInverse(u: number, lambda: number): number {
  if (lambda < 30) {
    let j = 0;
    let pmf = Math.exp(-lambda);
    let cdf = pmf;
    while (u > cdf && pmf > 0) {
      j += 1;
      pmf *= lambda / j;
      cdf += pmf;
    }
    return j;
  }
  const mode = Math.floor(lambda);
  const pMode = Math.exp(-lambda + mode * Math.log(lambda) - logFactorial(mode));
  // P(H <= mode): the pmf below the mode falls faster than geometrically, so the sum stops early.
  let cdf = pMode;
  for (let j = mode, p = pMode; j > 0; j--) {
    p *= j / lambda;
    cdf += p;
    if (p < 1e-17 * cdf) break;
  }
  let j = mode;
  let pmf = pMode;
  if (u <= cdf) {
    // Down: the answer is j while u > P(H <= j - 1) = cdf - pmf(j).
    while (j > 0 && u <= cdf - pmf) {
      cdf -= pmf;
      pmf *= j / lambda;
      j -= 1;
    }
    return j;
  }
  while (u > cdf && pmf > 0) {
    j += 1;
    pmf *= lambda / j;
    cdf += pmf;
  }
  return j;
}

/** ln m! for an integer m >= 30 by Stirling's series (relative error below 1e-15 there). */
function logFactorial(m: number): number {
  const m2 = m * m;
  return m * Math.log(m) - m + 0.5 * Math.log(2 * Math.PI * m) + 1 / (12 * m) - 1 / (360 * m * m2) + 1 / (1260 * m * m2 * m2);
}
