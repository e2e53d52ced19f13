import { BookEventType, recordedBookAt, type BookEvents } from '../../data/book-events.js';
import { cellCount, describeCell, entryAt, queueBuckets, QrEvent, SideCells, sideCells, type QrLayout } from './qr-layout.js';
import type { MarketArrivals } from './market-hawkes-fit.js';
import { emptyRates, sizeDistribution, type QrParams } from './queue-reactive.js';
import { normaliseSpans, SpanCursor, spanSeconds, type TimeSpan } from './time-spans.js';

/** The cells of the shipped calibration: AMZN's spread reaches ~35 ticks, its 5th level ~30 ticks behind the touch. */
export const QR_LAYOUT_DEFAULTS = {
  tickE4: 100,
  maxInside: 40,
  maxSpread: 40,
  maxBehind: 30,
  queueEdges: [1, 101, 201, 401, 801, 1601],
} as const;

/** What {@link calibrateQr} counted: the sufficient statistics of the model's likelihood and the rest of its inputs. */
export interface QrCalibration {
  readonly layout: QrLayout;
  /** The spans fitted, seconds after midnight: sorted, disjoint (./time-spans.ts). */
  readonly spans: readonly TimeSpan[];
  /** Events of kind e in cell c: `counts[c * 3 + e]`. */
  readonly counts: Float64Array;
  /** Seconds spent with cell c active, summed over both sides. */
  readonly exposure: Float64Array;
  readonly limitSizes: Map<number, number>;
  readonly marketSizes: Map<number, number>;
  /** the span's market orders the model explains: time, side hit, touch cell (for the Hawkes kernel, ./market-hawkes-fit.ts) */
  readonly markets: { readonly time: number[]; readonly side: number[]; readonly cell: number[] };
  readonly initialBook: QrParams['initialBook'];
  readonly sample: {
    /** seconds the spans cover */
    readonly seconds: number;
    readonly messages: number;
    /** events the model explains, by kind */
    readonly events: { limit: number; cancel: number; market: number };
    /** events at prices outside the model's cells (beyond the depth, a spread past maxInside, a crossed book) */
    readonly outside: { limit: number; cancel: number; market: number };
    readonly partialCancels: number;
    readonly hiddenExecutions: number;
    readonly timeWeightedSpreadTicks: number;
  };
}

/**
 * The maximum-likelihood intensities of the queue-reactive model from a recorded book (issue 21).
 * The model is a Markov jump process whose clocks depend on the cell only, so its log-likelihood
 * is Σ_cells Σ_kinds (n·ln λ − λ·T) and the MLE of each intensity is its count n over the time T
 * its cell was active (the state before each event is the recorded book row before it). Market
 * orders are the execution messages of one timestamp and one side, counted once at the touch they
 * hit; their shares are one market order's size. Several spans pool their counts and exposures:
 * the likelihood of disjoint stretches of the process is the product of theirs.
 * @param spans the stretches of the day to fit, seconds after midnight; an event counts when its
 *   time lies in a span's (from, to]; the recorded book at the first span's start starts simulations
 * @throws RangeError when no event falls in the spans, a span is empty or two overlap, or the book
 *   is empty at the first span's start
 */
export function calibrateQr(events: BookEvents, spans: readonly TimeSpan[], options: Omit<QrLayout, 'levels'> = QR_LAYOUT_DEFAULTS): QrCalibration {
  const fitted = normaliseSpans(spans);
  const from = fitted[0].from;
  const exposed = new SpanCursor(fitted);
  const counting = new SpanCursor(fitted);
  const layout: QrLayout = { ...options, queueEdges: [...options.queueEdges], levels: events.levels };
  const L = events.levels;
  const counts = new Float64Array(cellCount(layout) * 3);
  const exposure = new Float64Array(cellCount(layout));
  const bids = new SideCells(layout);
  const asks = new SideCells(layout);
  const limitSizes = new Map<number, number>();
  const marketSizes = new Map<number, number>();
  const markets = { time: [] as number[], side: [] as number[], cell: [] as number[] };
  const inModel = { limit: 0, cancel: 0, market: 0 };
  const outside = { limit: 0, cancel: 0, market: 0 };
  let partialCancels = 0;
  let hidden = 0;
  let spreadSeconds = 0;
  let bothSidedSeconds = 0;
  let lastBid = NaN;
  let lastAsk = NaN;
  let group = { open: false, time: NaN, side: 0, size: 0 };
  let startRow = -1;
  for (let i = 1; i < events.count; i++) {
    const row = (i - 1) * L;
    if (startRow < 0 && events.time[i] > from) startRow = i - 1;
    const bestBid = events.bidSize[row] > 0 ? events.bidPriceE4[row] : NaN;
    const bestAsk = events.askSize[row] > 0 ? events.askPriceE4[row] : NaN;
    if (!Number.isNaN(bestBid)) lastBid = bestBid;
    if (!Number.isNaN(bestAsk)) lastAsk = bestAsk;
    const dt = exposed.overlap(events.time[i - 1], events.time[i]);
    const counted = counting.spanOf(events.time[i]) >= 0;
    if (dt <= 0 && !counted) continue;
    sideCells(layout, 1, events.bidPriceE4, events.bidSize, row, recordedLevels(events.bidSize, row, L), events.bidSize[row + L - 1] > 0, lastAsk, bids);
    sideCells(layout, -1, events.askPriceE4, events.askSize, row, recordedLevels(events.askSize, row, L), events.askSize[row + L - 1] > 0, lastBid, asks);
    if (dt > 0) {
      for (let k = 0; k < bids.count; k++) exposure[bids.cell[k]] += dt;
      for (let k = 0; k < asks.count; k++) exposure[asks.cell[k]] += dt;
      if (!Number.isNaN(bestBid) && !Number.isNaN(bestAsk)) {
        spreadSeconds += ((bestAsk - bestBid) / layout.tickE4) * dt;
        bothSidedSeconds += dt;
      }
    }
    if (!counted) continue;
    const type = events.type[i];
    const side = events.side[i];
    const cells = side === 1 ? bids : asks;
    const price = events.priceE4[i];
    if (type === BookEventType.executeHidden) hidden++;
    if (type !== BookEventType.executeVisible && type !== BookEventType.executeHidden && group.open) {
      add(marketSizes, group.size);
      group = { open: false, time: NaN, side: 0, size: 0 };
    }
    if (type === BookEventType.add) {
      const e = entryAt(cells, price);
      if (e < 0) outside.limit++;
      else {
        counts[cells.cell[e] * 3 + QrEvent.limit]++;
        inModel.limit++;
        add(limitSizes, events.size[i]);
      }
    } else if (type === BookEventType.cancel || type === BookEventType.delete) {
      if (type === BookEventType.cancel) partialCancels++;
      const e = entryAt(cells, price);
      if (e < 0 || cells.queue[e] <= 0) outside.cancel++;
      else {
        counts[cells.cell[e] * 3 + QrEvent.cancel]++;
        inModel.cancel++;
      }
    } else if (type === BookEventType.executeVisible) {
      if (group.open && group.time === events.time[i] && group.side === side) {
        group.size += events.size[i];
        continue;
      }
      if (group.open) add(marketSizes, group.size);
      group = { open: true, time: events.time[i], side, size: events.size[i] };
      if (cells.touch < 0 || cells.price[cells.touch] !== price) outside.market++;
      else {
        counts[cells.cell[cells.touch] * 3 + QrEvent.market]++;
        inModel.market++;
        markets.time.push(events.time[i]);
        markets.side.push(side);
        markets.cell.push(cells.cell[cells.touch]);
      }
    }
  }
  if (group.open) add(marketSizes, group.size);
  if (startRow < 0 || inModel.limit + inModel.cancel + inModel.market === 0) {
    throw new RangeError(`no event of the model ${describeSpans(fitted)} s after midnight (the data spans ${events.time[0]}..${events.time[events.count - 1]})`);
  }
  return {
    layout,
    spans: fitted,
    counts,
    exposure,
    limitSizes,
    marketSizes,
    markets,
    initialBook: bookAt(events, startRow),
    sample: {
      seconds: spanSeconds(fitted),
      messages: events.count,
      events: inModel,
      outside,
      partialCancels,
      hiddenExecutions: hidden,
      timeWeightedSpreadTicks: bothSidedSeconds > 0 ? spreadSeconds / bothSidedSeconds : NaN,
    },
  };
}

/**
 * A cell the data saw for less than this many side-seconds takes the intensities pooled over every
 * cell of its kind and queue bucket (see {@link modelRates}).
 */
export const QR_MIN_CELL_SECONDS = 120;

/**
 * The intensities the simulator runs: each cell's MLE (count / exposure), but in a cell seen for
 * less than {@link QR_MIN_CELL_SECONDS} the MLE of the coarser cell (its kind and queue bucket,
 * pooled over distances and spreads). Why: an MLE from a few seconds can put more arrivals than
 * departures in a large-queue cell (AMZN's 7 ticks behind the touch with 1,601+ shares: 47 s, 7
 * limit orders, 7 cancels), and a queue that reaches such a cell then grows without bound (a
 * simulated level of 113,000 shares before this rule). Unseen cells stay at 0.
 */
export function modelRates(layout: QrLayout, counts: Float64Array, exposure: Float64Array): Float64Array {
  const rates = emptyRates(layout);
  const nq = queueBuckets(layout);
  const pooledN = new Float64Array(3 * nq * 3);
  const pooledT = new Float64Array(3 * nq);
  const group = (c: number) => {
    const { kind, queue } = describeCell(layout, c);
    return (kind === 'inside' ? 0 : kind === 'touch' ? 1 : 2) * nq + queue;
  };
  for (let c = 0; c < exposure.length; c++) {
    const g = group(c);
    pooledT[g] += exposure[c];
    for (let e = 0; e < 3; e++) pooledN[g * 3 + e] += counts[c * 3 + e];
  }
  for (let c = 0; c < exposure.length; c++) {
    if (exposure[c] <= 0) continue;
    const g = group(c);
    const sparse = exposure[c] < QR_MIN_CELL_SECONDS;
    for (let e = 0; e < 3; e++) rates[c * 3 + e] = sparse ? pooledN[g * 3 + e] / pooledT[g] : counts[c * 3 + e] / exposure[c];
  }
  return rates;
}

/** The model's parameters from a calibration: the intensities of {@link modelRates}, the sizes, the initial book. */
export function qrParams(cal: QrCalibration): QrParams {
  if (cal.marketSizes.size === 0) throw new RangeError('no market order in the span: the model needs their sizes');
  const rates = modelRates(cal.layout, cal.counts, cal.exposure);
  return { layout: cal.layout, rates, limitSizes: sizeDistribution(cal.limitSizes), marketSizes: sizeDistribution(cal.marketSizes), initialBook: cal.initialBook };
}

/**
 * The calibration's market orders with the base intensity μ at each (./market-hawkes-fit.ts): by
 * default the intensities the simulator runs ({@link modelRates}); a recovery test passes the
 * rates it simulated from.
 */
export function marketArrivals(cal: QrCalibration, rates: Float64Array = modelRates(cal.layout, cal.counts, cal.exposure)): MarketArrivals {
  let baseIntegral = 0;
  for (let c = 0; c < cal.exposure.length; c++) baseIntegral += rates[c * 3 + QrEvent.market] * cal.exposure[c];
  const { time, side, cell } = cal.markets;
  return {
    time: Float64Array.from(time),
    side: Int8Array.from(side),
    base: Float64Array.from(cell, (c) => rates[c * 3 + QrEvent.market]),
    baseIntegral,
    spans: cal.spans,
  };
}

function describeSpans(spans: readonly TimeSpan[]): string {
  return spans.length === 1 ? `between ${spans[0].from} and ${spans[0].to}` : `the ${spans.length} spans from ${spans[0].from} to ${spans[spans.length - 1].to}`;
}

function recordedLevels(size: Float64Array, row: number, L: number): number {
  let n = 0;
  while (n < L && size[row + n] > 0) n++;
  return n;
}

function add(map: Map<number, number>, key: number): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function bookAt(events: BookEvents, i: number): QrParams['initialBook'] {
  const { bids, asks } = recordedBookAt(events, i);
  if (bids.length === 0 || asks.length === 0) throw new RangeError(`the book at the span's start (event ${i + 1}) has an empty side: the simulation needs both`);
  return { bids, asks };
}
