import type { ExecutionParams } from './params.js';

/**
 * The synthetic fill model of a resting limit order (Avellaneda–Stoikov 2008; Cartea, Jaimungal &
 * Penalva 2015, ch. 10): market orders that reach a distance delta from the mid arrive at rate
 * A exp(-k delta) per day, so a unit order resting there for a step of tau days is filled with
 * probability 1 - exp(-A exp(-k delta) tau).
 *
 * Adverse selection: the intensity of a step is scaled by exp(alpha side z - alpha^2 / 2), z the
 * step's standardised price shock (the normal draw that moves the fundamental price). Its mean
 * over z is 1, so the average intensity is A exp(-k delta), but a sell order (side +1) fills more
 * on steps where the price rises, i.e. when selling at the ask was a mistake in hindsight; a buy
 * order symmetrically. alpha = 0 makes fills independent of the price path.
 */
export function fillIntensity(e: ExecutionParams, delta: number, tau: number, side: number, z: number): number {
  const adverse = e.alpha === 0 ? 1 : Math.exp(e.alpha * side * z - 0.5 * e.alpha * e.alpha);
  return e.A * Math.exp(-e.k * delta) * tau * adverse;
}

/**
 * Shares filled of a limit order of `posted` shares with step intensity `lambda`: the order is
 * worked as m = ceil(posted / clip) equal clips, each filled independently with probability
 * p = 1 - exp(-lambda) (partial fills), so the filled number of clips is Binomial(m, p), drawn by
 * inversion from the one uniform `u`. One uniform per step, whatever is posted, keeps a lane's fill
 * stream aligned across policies (common random numbers for the fills too).
 */
export function filledShares(posted: number, clip: number, lambda: number, u: number): number {
  if (posted <= 0 || lambda <= 0) return 0;
  const m = Math.ceil(posted / clip);
  const p = -Math.expm1(-lambda);
  const clips = binomialInverse(u, m, p);
  return clips === m ? posted : (posted * clips) / m;
}

/**
 * The u-quantile of Binomial(m, p) by summing the pmf upward. Counts the rarer outcome (successes
 * when p <= 1/2, failures otherwise) so that the first term (1 - q)^m >= 2^-m stays a normal
 * double for the m <= 1000 clips the spec allows.
 */
export function binomialInverse(u: number, m: number, p: number): number {
  const flip = p > 0.5;
  const q = flip ? 1 - p : p;
  if (q === 0) return flip ? m : 0;
  const ratio = q / (1 - q);
  let pmf = Math.pow(1 - q, m);
  let cdf = pmf;
  let j = 0;
  while (u > cdf && j < m) {
    pmf *= ((m - j) / (j + 1)) * ratio;
    j += 1;
    cdf += pmf;
  }
  return flip ? m - j : j;
}
