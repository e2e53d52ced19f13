import { batchMeans } from './batch-means.js';
import { normalEstimate, type Estimate } from './estimate.js';

/**
 * The time-weighted mean half-spread (ask - bid) / 2 in $/share: each quote counts for as long as
 * it stood, which is what a child order arriving at a random time pays (an event-weighted mean
 * would over-weight the busy, often tight, moments). Crossed or locked quotes (ask <= bid) are
 * not used and are counted. SE by batch means over `batches` blocks of the session (the spread is
 * strongly autocorrelated).
 * @param times quote times (s), ascending; the last quote stands until `end`
 */
export function timeWeightedHalfSpread(times: ArrayLike<number>, bid: ArrayLike<number>, ask: ArrayLike<number>, end: number, batches = 13): { estimate: Estimate; crossed: number } {
  const n = times.length;
  const half = new Float64Array(n);
  const weight = new Float64Array(n);
  let crossed = 0;
  for (let i = 0; i < n; i++) {
    const duration = (i + 1 < n ? times[i + 1] : end) - times[i];
    if (!(ask[i] > bid[i])) {
      crossed++;
      continue;
    }
    half[i] = (ask[i] - bid[i]) / 2;
    weight[i] = Math.max(0, duration);
  }
  const { mean, se } = batchMeans(half, batches, weight);
  return {
    estimate: normalEstimate({ value: mean, unit: '$/share', method: `time-weighted mean of (ask - bid)/2 over quotes; SE by batch means over ${batches} blocks`, n: n - crossed, se }),
    crossed,
  };
}
