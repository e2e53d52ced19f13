import { batchMeans } from './batch-means.js';
import { normalEstimate, type Estimate } from './estimate.js';

const K = 3 - 2 * Math.SQRT2;

/**
 * Half-spread ($/share) from high and low prices alone, for bars without quotes (Corwin & Schultz
 * 2012, "A simple way to estimate bid-ask spreads from daily high and low prices", J. Finance).
 * A bar's high is usually a buy at the ask and its low a sell at the bid, so log(H/L)² holds the
 * spread plus variance; variance grows with the interval and the spread does not, so comparing one
 * bar with the pair of two adjacent bars separates them. Negative pair estimates are set to 0, as
 * in the paper. It is an estimate from a model of the range, not a measured quote, and the card
 * says so; SE by batch means over the pair estimates (adjacent pairs overlap).
 */
export function corwinSchultzHalfSpread(high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, batches = 13): Estimate {
  const n = high.length;
  const halfSpread = new Float64Array(Math.max(0, n - 1));
  for (let t = 0; t + 1 < n; t++) {
    const beta = Math.log(high[t] / low[t]) ** 2 + Math.log(high[t + 1] / low[t + 1]) ** 2;
    const gamma = Math.log(Math.max(high[t], high[t + 1]) / Math.min(low[t], low[t + 1])) ** 2;
    const alpha = (Math.sqrt(2 * beta) - Math.sqrt(beta)) / K - Math.sqrt(gamma / K);
    const relative = Math.max(0, (2 * (Math.exp(alpha) - 1)) / (1 + Math.exp(alpha)));
    halfSpread[t] = (relative / 2) * ((close[t] + close[t + 1]) / 2);
  }
  const { mean, se } = batchMeans(halfSpread, batches);
  return {
    ...normalEstimate({ value: mean, unit: '$/share', method: 'Corwin–Schultz (2012) high-low estimator on adjacent bar pairs (no quotes in the data); SE by batch means', n: halfSpread.length, se }),
    source: 'Corwin & Schultz (2012), J. Finance 67(2)',
    note: 'estimated from bar ranges, not from quotes',
  };
}
