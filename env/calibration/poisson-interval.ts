/**
 * Exact (Garwood 1936) confidence interval of a Poisson rate: n events in an exposure T. The
 * bounds are the means at which observing ≥ n (lower) or ≤ n (upper) events has probability α/2,
 * i.e. the quantiles of a Gamma(n) and a Gamma(n + 1) divided by T; for n = 0 the lower bound is 0.
 * Conservative (coverage ≥ 95% for every rate), which is what a referee expects of a count.
 * @param n events (a non-negative integer)
 * @param exposure time in the state (> 0)
 * @returns [low, high] in events per unit of exposure
 * @throws RangeError for a negative or fractional count, or an exposure that is not > 0
 * @example poissonRateInterval(10, 2) // [2.398, 9.195]
 */
export function poissonRateInterval(n: number, exposure: number, level = 0.95): [number, number] {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`poisson interval: n must be an integer >= 0, got ${n}`);
  if (!(exposure > 0)) throw new RangeError(`poisson interval: exposure must be > 0, got ${exposure}`);
  const alpha = 1 - level;
  const low = n === 0 ? 0 : gammaQuantile(n, alpha / 2);
  const high = gammaQuantile(n + 1, 1 - alpha / 2);
  return [low / exposure, high / exposure];
}

/** The p-quantile of a Gamma(a, 1): bisection on the regularized lower incomplete gamma P(a, x). */
function gammaQuantile(a: number, p: number): number {
  let lo = 0;
  let hi = a + 20 * Math.sqrt(a) + 40;
  while (regularizedGammaP(a, hi) < p) hi *= 2;
  for (let it = 0; it < 200 && hi - lo > 1e-12 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (regularizedGammaP(a, mid) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** P(a, x), the regularized lower incomplete gamma (Numerical Recipes 6.2: series below a + 1, continued fraction above). */
export function regularizedGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let k = 1; k < 1e6; k++) {
      term *= x / (a + k);
      sum += term;
      if (term < sum * 1e-16) break;
    }
    return Math.min(1, sum * Math.exp(logPrefix));
  }
  // Lentz's continued fraction for Q(a, x)
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let k = 1; k < 1e6; k++) {
    const an = -k * (k - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.max(0, 1 - Math.exp(logPrefix) * h);
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; ~1e-15 relative). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const z = x - 1;
  let s = c[0];
  for (let i = 1; i < 9; i++) s += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}
