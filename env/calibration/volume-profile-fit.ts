import { cumulativeProfile } from '../market/volume-profile.js';
import { normalEstimate, type Estimate } from './estimate.js';

export interface VolumeProfileFit {
  /** The u-shape depth c of u(s) ∝ 1 + c (2s - 1)², the env's family. */
  readonly uDepth: Estimate;
  readonly dailyVolume: Estimate;
  /** Standard deviation of log(V / E[V]) per step: the env's mean-one lognormal noise. */
  readonly volumeNoise: Estimate;
  /** Each given step's share of the day's volume under the fitted u-shape, and its share of the given steps' volume in the data. */
  readonly fittedShares: Float64Array;
  readonly dataShares: Float64Array;
}

/** Log share of steps first..first+L-1 of S under the u-shape with depth c (the env's exact antiderivative). */
export function logShares(c: number, S: number, first = 0, L = S - first): Float64Array {
  const volume = { profile: 'u-shape' as const, uDepth: c, daily: 1, noise: 0 };
  return Float64Array.from({ length: L }, (_, i) => Math.log(cumulativeProfile((first + i + 1) / S, volume) - cumulativeProfile((first + i) / S, volume)));
}

/**
 * Fits the env's volume model V_{d,b} = D_d · w_b(c) · exp(s z - s²/2) to per-step volumes by
 * maximum likelihood: with lognormal noise that is least squares on log V with a level per day,
 * the depth c found by golden-section search over [0, 50] on the profiled residual sum of squares
 * (the model is linear given c). The SE of c is Gauss–Newton's (the curvature of the residual
 * sum of squares, day levels profiled out); s is the residual standard deviation with the fitted
 * parameters' degrees of freedom removed, SE s / sqrt(2 dof); the daily volume is the mean over
 * days of exp(level + s²/2) (mean-one noise), SE by the delta method on the mean log level.
 * @param days per day, the volume of each of S equal steps of the session (all > 0), or of the
 *   steps `first..first + length - 1` of S when only part of the session is given (held-out checks)
 */
export function fitVolumeProfile(days: readonly Float64Array[], S = days[0].length, first = 0): VolumeProfileFit {
  const L = days[0].length;
  const D = days.length;
  const logV = days.map((v) => Float64Array.from(v, Math.log));
  const residualSs = (c: number) => profiledResiduals(logV, logShares(c, S, first, L)).ss;
  const c = goldenSection(residualSs, 0, 50, 1e-6);
  const f = logShares(c, S, first, L);
  const { ss, levels } = profiledResiduals(logV, f);
  const n = L * D;
  const dof = n - D - 1;
  const s = Math.sqrt(ss / dof);
  // Gauss–Newton: Jacobian of the log profile in c (central difference), day dummies profiled out.
  const h = 1e-5 * Math.max(1, c);
  const fPlus = logShares(c + h, S, first, L);
  const fMinus = logShares(Math.max(0, c - h), S, first, L);
  const step = c + h - Math.max(0, c - h);
  const grad = Float64Array.from(fPlus, (v, b) => (v - fMinus[b]) / step);
  const gradMean = grad.reduce((a, b) => a + b, 0) / L;
  const centred = grad.reduce((a, g) => a + (g - gradMean) ** 2, 0) * D;
  const seC = s / Math.sqrt(centred);
  const dailies = levels.map((a) => Math.exp(a + (s * s) / 2));
  const daily = dailies.reduce((a, b) => a + b, 0) / D;
  const seDaily = daily * Math.sqrt((s * s) / n + acrossDaysVariance(levels) / D);
  const dataShares = new Float64Array(L);
  for (const v of days) {
    const total = v.reduce((a, b) => a + b, 0);
    for (let b = 0; b < L; b++) dataShares[b] += v[b] / total / D;
  }
  return {
    uDepth: normalEstimate({ value: c, unit: '1', method: 'lognormal ML fit of the u-shape 1 + c (2s-1)^2 to step volumes, golden section on c', n, se: seC }),
    dailyVolume: normalEstimate({ value: daily, unit: 'shares/day', method: 'mean over days of exp(day level + s^2/2) from the profile fit', n, se: seDaily }),
    volumeNoise: normalEstimate({ value: s, unit: 'log-sd per step', method: 'residual sd of log step volume around the fitted profile', n, se: s / Math.sqrt(2 * dof) }),
    fittedShares: Float64Array.from(f, Math.exp),
    dataShares,
  };
}

/** Residual sum of squares of log V - f with the best level per day, and those levels. */
function profiledResiduals(logV: readonly Float64Array[], f: Float64Array): { ss: number; levels: number[] } {
  let ss = 0;
  const levels = logV.map((y) => {
    let level = 0;
    for (let b = 0; b < y.length; b++) level += y[b] - f[b];
    level /= y.length;
    for (let b = 0; b < y.length; b++) ss += (y[b] - f[b] - level) ** 2;
    return level;
  });
  return { ss, levels };
}

function acrossDaysVariance(levels: readonly number[]): number {
  if (levels.length < 2) return 0;
  const m = levels.reduce((a, b) => a + b, 0) / levels.length;
  return levels.reduce((a, l) => a + (l - m) ** 2, 0) / (levels.length - 1);
}

/** Minimiser of a unimodal `fn` on [a, b] by golden-section search. */
export function goldenSection(fn: (x: number) => number, a: number, b: number, tol: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let lo = a;
  let hi = b;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = fn(x1);
  let f2 = fn(x2);
  while (hi - lo > tol) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = fn(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = fn(x2);
    }
  }
  return (lo + hi) / 2;
}
