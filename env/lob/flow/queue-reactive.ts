import type { Rng } from '../../random/rng.js';
import type { MarketHawkes } from './market-hawkes.js';
import { cellCount, QR_EVENT_KINDS, type QrLayout } from './qr-layout.js';

/**
 * The order-flow model of issue 21: a **queue-reactive** model (Huang, Lehalle & Rosenbaum 2015,
 * "Simulating and analyzing order book data: the queue-reactive model", JASA 110) adapted to a
 * stock whose spread is many ticks wide.
 *
 * **The model.** Order flow is a continuous-time Markov jump process on the book: in every cell
 * of the book (./qr-layout.ts) limit orders arrive, resting orders are cancelled and (at the touch)
 * market orders arrive as independent Poisson clocks whose intensities depend only on the cell,
 * i.e. on where the price is and on how many shares queue there. The next event is the first of
 * these competing exponential clocks; the book it changes sets the intensities of the next one.
 *
 * **Why this model.** HLR's model is the reference for a flow that reacts to queues: refills of an
 * emptied touch, faster depletion of small queues, cancels that grow with the queue. It is fitted
 * by counting (the intensity MLE of a state-dependent Poisson process is events / time in the
 * state, ./qr-calibrate.ts), so every number has an exact Poisson interval, and it needs no
 * parametric shape that a 5-level file could not identify. Cont, Stoikov & Talreja (2010) place
 * orders by distance from the opposite best with state-independent rates: they do not react to
 * queue sizes, which is the point of the issue. HLR's own model 1 indexes queues Q±i around a
 * reference price one tick apart, which assumes a spread of one or two ticks; AMZN on 2012-06-21
 * has a time-weighted spread of 12.4 ticks (10:00–15:30, measured on the shipped day), with
 * limit orders placed anywhere in it. So the cells are: prices **inside** the spread by their
 * distance from the opposite best (where the price improves), the **touch** by the spread and its
 * queue (the spread makes the touch's intensities spread-dependent, HLR's model 2 idea), and
 * prices **behind** the touch by their distance from it and their queue.
 *
 * **Our orders** rest in the same FIFO queues, so a large order of ours moves its cell to a larger
 * queue bucket and the flow answers with that cell's intensities; a market order of ours that
 * empties the touch widens the spread and the inside cells refill it.
 *
 * **Simplifications, stated.** A cancel deletes one whole order, chosen uniformly among the others'
 * orders in the queue (never ours; LOBSTER's partial cancels, 0.3% of AMZN's, count as cancels);
 * sizes are drawn i.i.d. from the data's empirical distributions (limit orders; market orders as
 * the shares one aggressor took, the execution messages of one timestamp); a market order walks at
 * most the `levels` best levels; hidden executions and the flow beyond the recorded depth are not
 * modelled; sides share their intensities (HLR's symmetry); self-excitation of market orders is an
 * option (./market-hawkes.ts), of limit orders and cancels there is none.
 */
export interface QrParams {
  readonly layout: QrLayout;
  /** Intensity per second of event e (QrEvent) in cell c: `rates[c * 3 + e]`. */
  readonly rates: Float64Array;
  readonly limitSizes: SizeDistribution;
  readonly marketSizes: SizeDistribution;
  /** Self-excitation of market orders (./market-hawkes.ts); absent: the plain queue-reactive model. */
  readonly hawkes?: MarketHawkes;
  /** The book a simulation starts from, best first, [price 1e-4, shares] per level. */
  readonly initialBook: { readonly bids: readonly (readonly [number, number])[]; readonly asks: readonly (readonly [number, number])[] };
}

/** An empirical distribution of order sizes: sizes ascending and their cumulative probabilities. */
export interface SizeDistribution {
  readonly sizes: Float64Array;
  /** non-decreasing, last entry 1 */
  readonly cumulative: Float64Array;
}

/** The distribution of a sample of sizes given as (size, count) pairs. */
export function sizeDistribution(counts: ReadonlyMap<number, number> | readonly (readonly [number, number])[]): SizeDistribution {
  const pairs = [...counts].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  if (pairs.length === 0) throw new RangeError('size distribution: no sizes with a positive count');
  const total = pairs.reduce((s, [, n]) => s + n, 0);
  const sizes = new Float64Array(pairs.length);
  const cumulative = new Float64Array(pairs.length);
  let acc = 0;
  pairs.forEach(([size, n], i) => {
    acc += n;
    sizes[i] = size;
    cumulative[i] = acc / total;
  });
  cumulative[pairs.length - 1] = 1;
  return { sizes, cumulative };
}

/** A size drawn from `dist` with one uniform (binary search on the cumulative). */
export function sampleSize(rng: Rng, dist: SizeDistribution): number {
  const u = rng.uniform();
  let lo = 0;
  let hi = dist.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (u < dist.cumulative[mid]) hi = mid;
    else lo = mid + 1;
  }
  return dist.sizes[lo];
}

/** An all-zero rate table of a layout. */
export function emptyRates(layout: QrLayout): Float64Array {
  return new Float64Array(cellCount(layout) * QR_EVENT_KINDS);
}
