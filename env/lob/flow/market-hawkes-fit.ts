import type { MarketHawkes } from './market-hawkes.js';
import type { TimeSpan } from './time-spans.js';

/** The market orders of a fitted span, what the Hawkes likelihood needs (./market-hawkes.ts). */
export interface MarketArrivals {
  /** seconds after midnight, non-decreasing */
  readonly time: Float64Array;
  /** side each order hit (1 bids, -1 asks) */
  readonly side: Int8Array;
  /** μ: the queue-reactive market intensity of the touch cell it hit, per second */
  readonly base: Float64Array;
  /** ∫ Σ_s μ_s(t) dt over the spans: the base intensities' compensator */
  readonly baseIntegral: number;
  /** the observed stretches, sorted and disjoint (./time-spans.ts); every order lies in one */
  readonly spans: readonly TimeSpan[];
}

/** The fitted kernel with 95% Wald intervals (observed information, on the log scale) and the likelihood-ratio test against no excitation. */
export interface MarketHawkesFit extends MarketHawkes {
  readonly ci95: { readonly [K in keyof MarketHawkes]: readonly [number, number] };
  readonly orders: number;
  readonly logLikelihood: number;
  /** the plain model's log-likelihood, c = N/∫μ, no excitation */
  readonly poissonLogLikelihood: number;
  readonly method: string;
}

const KEYS = ['baseScale', 'alphaSame', 'alphaCross', 'beta'] as const;

/**
 * The log-likelihood of the market orders under {@link MarketHawkes}:
 * Σ_j ln λ_{s_j}(t_j) − c·∫μ − Σ_j (α_same + α_cross)(1 − e^{−β (T_j − t_j)})/β, T_j the end of
 * order j's span. Orders at the same timestamp do not excite each other (only strictly earlier ones
 * count). Each span starts unexcited: what happened between spans is not observed (and AMZN's
 * kernel, 1/β ≈ 5 ms, forgets a gap of minutes anyway).
 */
export function marketHawkesLogLikelihood(a: MarketArrivals, h: MarketHawkes): number {
  const { time, side, base, spans } = a;
  const { baseScale: c, alphaSame, alphaCross, beta } = h;
  let eBid = 0;
  let eAsk = 0;
  let addBid = 0;
  let addAsk = 0;
  let span = 0;
  let last = spans[0].from;
  let sum = 0;
  // Σ_j e^{−β (T_j − t_j)}: the excitation left at the ends of the spans
  let left = 0;
  const closeSpan = () => {
    left += (eBid + addBid + eAsk + addAsk) * Math.exp(-beta * (spans[span].to - last));
    eBid = eAsk = addBid = addAsk = 0;
  };
  for (let j = 0; j < time.length; j++) {
    const t = time[j];
    if (t > spans[span].to) {
      closeSpan();
      while (t > spans[span].to) span++;
      last = spans[span].from;
    }
    if (t > last) {
      const d = Math.exp(-beta * (t - last));
      eBid = (eBid + addBid) * d;
      eAsk = (eAsk + addAsk) * d;
      addBid = 0;
      addAsk = 0;
      last = t;
    }
    const same = side[j] === 1 ? eBid : eAsk;
    const cross = side[j] === 1 ? eAsk : eBid;
    sum += Math.log(c * base[j] + alphaSame * same + alphaCross * cross);
    if (side[j] === 1) addBid++;
    else addAsk++;
  }
  closeSpan();
  const tail = time.length - left;
  return sum - c * a.baseIntegral - ((alphaSame + alphaCross) * tail) / beta;
}

/**
 * The maximum-likelihood kernel (Nelder–Mead on the log parameters from several starts), with 95%
 * Wald intervals from the observed information (a numerical Hessian of the log-likelihood in the
 * log parameters, so the intervals are asymmetric and positive).
 * @throws RangeError when there are fewer than 50 orders
 */
export function fitMarketHawkes(a: MarketArrivals): MarketHawkesFit {
  const n = a.time.length;
  if (n < 50) throw new RangeError(`a Hawkes kernel needs at least 50 market orders in the span, got ${n}`);
  const params = (x: readonly number[]): MarketHawkes => ({ baseScale: Math.exp(x[0]), alphaSame: Math.exp(x[1]), alphaCross: Math.exp(x[2]), beta: Math.exp(x[3]) });
  const negative = (x: readonly number[]) => {
    const v = -marketHawkesLogLikelihood(a, params(x));
    return Number.isFinite(v) ? v : Infinity;
  };
  const c0 = n / a.baseIntegral;
  let best: { x: number[]; f: number } | undefined;
  // starts at slow, medium and fast decays, half the orders excited; the best polished again
  for (const beta of [0.05, 0.5, 5]) {
    const x0 = [Math.log(c0 * 0.5), Math.log(0.4 * beta), Math.log(0.1 * beta), Math.log(beta)];
    const r = nelderMead(negative, x0, 1500);
    if (!best || r.f < best.f) best = r;
  }
  const { x, f } = nelderMead(negative, best!.x, 3000);
  const covariance = invert(hessian(negative, x));
  const fit = params(x);
  const ci = (i: number): readonly [number, number] => {
    const se = Math.sqrt(Math.max(covariance[i][i], 0));
    return [Math.exp(x[i] - 1.96 * se), Math.exp(x[i] + 1.96 * se)];
  };
  return {
    ...fit,
    ci95: { baseScale: ci(0), alphaSame: ci(1), alphaCross: ci(2), beta: ci(3) },
    orders: n,
    logLikelihood: -f,
    poissonLogLikelihood: marketHawkesLogLikelihood(a, { baseScale: c0, alphaSame: 0, alphaCross: 0, beta: 1 }),
    method: 'MLE of a bivariate exponential Hawkes kernel on the queue-reactive market intensities (Nelder-Mead on log parameters); 95% Wald intervals from the observed information (numerical Hessian, log scale)',
  };
}

/** The keys of {@link MarketHawkes}, in the order the fit uses. */
export const MARKET_HAWKES_KEYS = KEYS;

/** Nelder–Mead minimisation from `x0` (initial steps of 0.5 in every coordinate). */
function nelderMead(f: (x: readonly number[]) => number, x0: readonly number[], maxEvaluations: number): { x: number[]; f: number } {
  const d = x0.length;
  let simplex = [x0.slice(), ...x0.map((_, i) => x0.map((v, k) => (k === i ? v + 0.5 : v)))].map((x) => ({ x, f: f(x) }));
  let evaluations = d + 1;
  while (evaluations < maxEvaluations) {
    simplex.sort((p, q) => p.f - q.f);
    if (Math.abs(simplex[d].f - simplex[0].f) < 1e-10 * (1 + Math.abs(simplex[0].f)) && evaluations > 200) break;
    const centroid = x0.map((_, k) => simplex.slice(0, d).reduce((s, p) => s + p.x[k], 0) / d);
    const along = (t: number) => centroid.map((c, k) => c + t * (simplex[d].x[k] - c));
    const reflected = along(-1);
    const fr = f(reflected);
    evaluations++;
    if (fr < simplex[0].f) {
      const expanded = along(-2);
      const fe = f(expanded);
      evaluations++;
      simplex[d] = fe < fr ? { x: expanded, f: fe } : { x: reflected, f: fr };
    } else if (fr < simplex[d - 1].f) simplex[d] = { x: reflected, f: fr };
    else {
      const contracted = fr < simplex[d].f ? along(-0.5) : along(0.5);
      const fc = f(contracted);
      evaluations++;
      if (fc < Math.min(fr, simplex[d].f)) simplex[d] = { x: contracted, f: fc };
      else {
        const best = simplex[0].x;
        simplex = simplex.map((p, i) => {
          if (i === 0) return p;
          const x = p.x.map((v, k) => best[k] + 0.5 * (v - best[k]));
          evaluations++;
          return { x, f: f(x) };
        });
      }
    }
  }
  simplex.sort((p, q) => p.f - q.f);
  return simplex[0];
}

/** Central-difference Hessian of `f` at `x`. */
function hessian(f: (x: readonly number[]) => number, x: readonly number[]): number[][] {
  const d = x.length;
  const h = 1e-4;
  const at = (i: number, di: number, j: number, dj: number) => f(x.map((v, k) => v + (k === i ? di : 0) + (k === j ? dj : 0)));
  const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      H[i][j] = H[j][i] = (at(i, h, j, h) - at(i, h, j, -h) - at(i, -h, j, h) + at(i, -h, j, -h)) / (4 * h * h);
    }
  }
  return H;
}

/** The inverse of a small symmetric matrix (Gauss–Jordan with partial pivoting). */
function invert(m: number[][]): number[][] {
  const d = m.length;
  const a = m.map((row, i) => [...row, ...row.map((_, k) => (k === i ? 1 : 0))]);
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    [a[c], a[p]] = [a[p], a[c]];
    const pivot = a[c][c];
    for (let k = 0; k < 2 * d; k++) a[c][k] /= pivot;
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const factor = a[r][c];
      for (let k = 0; k < 2 * d; k++) a[r][k] -= factor * a[c][k];
    }
  }
  return a.map((row) => row.slice(d));
}
