import { gridReturns, subsampledRv, sumFourth } from './realized-variance.js';

/** One point of the volatility signature plot: realised variance against sampling interval. */
export interface SignaturePoint {
  /** Sampling interval in base intervals and in seconds. */
  readonly m: number;
  readonly seconds: number;
  /** Mean over days of the subsampled realised variance ($²/day). */
  readonly rv: number;
}

export interface SignaturePlot {
  readonly points: readonly SignaturePoint[];
  /** The chosen sampling interval (a candidate m) and why. */
  readonly chosen: SignaturePoint;
  /** Microstructure noise variance per observation ($²), and the MSE-optimal returns per day. */
  readonly noiseVariance: number;
  readonly optimalCount: number;
}

/**
 * The signature plot (Andersen, Bollerslev, Diebold & Labys 2000) over candidate sampling intervals
 * and the interval at which to measure sigma. Bid–ask bounce adds a noise variance omega² to every
 * observed price, so RV at n returns per day is biased up by 2 n omega²: the plot rises at fine
 * intervals. We take the MSE-optimal count of Bandi & Russell (2008), n* = (IQ / (4 omega⁴))^(1/3),
 * with omega² from the excess of the finest RV over the sparsest ((RV_fine - RV_sparse) / (2 n_fine),
 * so the signal part does not count as noise) and the integrated quarticity IQ = (n/3) sum r⁴ at
 * the sparsest interval, and choose the candidate whose count is nearest n* in log terms.
 * @param days grid prices per day on a common base interval of `baseSeconds`
 * @param candidates sampling intervals in base intervals, ascending, the first usually 1
 */
export function signaturePlot(days: readonly Float64Array[], baseSeconds: number, candidates: readonly number[]): SignaturePlot {
  const nBase = days[0].length - 1;
  const usable = candidates.filter((m) => m >= 1 && m <= nBase / 4);
  if (usable.length === 0) throw new RangeError(`no sampling interval fits a day of ${nBase} base intervals`);
  const points = usable.map((m) => ({ m, seconds: m * baseSeconds, rv: mean(days.map((p) => subsampledRv(p, m))) }));
  const fine = points[0];
  const sparse = points[points.length - 1];
  const nFine = nBase / fine.m;
  const noiseVariance = Math.max(0, (fine.rv - sparse.rv) / (2 * nFine));
  const nSparse = nBase / sparse.m;
  const iq = mean(days.map((p) => (nSparse / 3) * sumFourth(gridReturns(p, sparse.m))));
  const optimalCount = noiseVariance > 0 ? Math.cbrt(iq / (4 * noiseVariance * noiseVariance)) : Infinity;
  let chosen = fine;
  let best = Infinity;
  for (const point of points) {
    const distance = Number.isFinite(optimalCount) ? Math.abs(Math.log(nBase / point.m / optimalCount)) : point.m;
    if (distance < best) {
      best = distance;
      chosen = point;
    }
  }
  return { points, chosen, noiseVariance, optimalCount };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
