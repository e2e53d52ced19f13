import { poissonRateInterval } from '../../calibration/poisson-interval.js';
import { cellCount, cellIndex, describeCell, queueBuckets, QrEvent, type QrLayout } from './qr-layout.js';
import { emptyRates, sizeDistribution, type QrParams } from './queue-reactive.js';
import { fitMarketHawkes, type MarketHawkesFit } from './market-hawkes-fit.js';
import { marketArrivals, modelRates, type QrCalibration } from './qr-calibrate.js';
import type { TimeSpan } from './time-spans.js';

const EVENT_NAMES = ['limit', 'cancel', 'market'] as const;
export type QrEventName = (typeof EVENT_NAMES)[number];

/** One intensity of the card: a cell, an event kind, its count, its exposure, its MLE and exact 95% interval. */
export interface QrIntensity {
  readonly cell: 'inside' | 'touch' | 'behind';
  /** inside: ticks from the opposite best; touch: the spread in ticks (the last pools wider); behind: ticks behind the touch */
  readonly key: number;
  /** queue bucket (0 empty; see layout.queueEdges) */
  readonly queue: number;
  readonly event: QrEventName;
  readonly n: number;
  readonly exposureSeconds: number;
  /** events per second, per side */
  readonly rate: number;
  readonly ci95: readonly [number, number];
}

/** card.json of `execgym lob calibrate`: the queue-reactive model fitted to a LOBSTER day. */
export interface QrCard {
  readonly kind: 'lob-qr';
  readonly model: string;
  readonly symbol: string;
  readonly date: string;
  readonly source: { readonly format: 'lobster'; readonly files: readonly { readonly name: string; readonly sha256: string; readonly bytes: number }[] };
  /** the stretches of the day fitted, seconds after midnight, sorted and disjoint; simulations start at the first */
  readonly spans: readonly TimeSpan[];
  /** what the spans are, e.g. the training windows of a replay env (absent for a plain --from/--to span) */
  readonly spansOf?: string;
  readonly layout: QrLayout;
  readonly method: string;
  readonly intensities: readonly QrIntensity[];
  /** [size, count] of the fitted spans' limit orders and market orders */
  readonly sizes: { readonly limit: readonly (readonly [number, number])[]; readonly market: readonly (readonly [number, number])[] };
  readonly initialBook: QrParams['initialBook'];
  readonly sample: QrCalibration['sample'];
  /** the optional self-excitation of market orders fitted on the same spans (absent with fewer than 50 market orders, or when it does not beat the plain model: see cardKernel) */
  readonly hawkes?: MarketHawkesFit;
}

export const QR_MODEL_NAME = 'queue-reactive (Huang, Lehalle & Rosenbaum 2015), cells by distance from the opposite best (inside the spread), spread and queue (touch), depth and queue (behind)';
const METHOD = 'MLE of a state-dependent Poisson intensity: events / seconds the cell was active (both sides pooled); 95% exact Poisson (Garwood) interval';

/** The card of a calibration: every intensity of a cell the data visited, with its interval. */
export function qrCard(cal: QrCalibration, meta: { symbol: string; date: string; files: QrCard['source']['files']; spansOf?: string }): QrCard {
  const intensities: QrIntensity[] = [];
  for (let c = 0; c < cal.exposure.length; c++) {
    if (cal.exposure[c] <= 0) continue;
    const { kind, key, queue } = describeCell(cal.layout, c);
    for (let e = 0; e < 3; e++) {
      if (e === QrEvent.cancel && queue === 0) continue;
      if (e === QrEvent.market && kind !== 'touch') continue;
      const n = cal.counts[c * 3 + e];
      intensities.push({ cell: kind, key, queue, event: EVENT_NAMES[e], n, exposureSeconds: cal.exposure[c], rate: n / cal.exposure[c], ci95: poissonRateInterval(n, cal.exposure[c]) });
    }
  }
  const pairs = (m: Map<number, number>) => [...m].sort((a, b) => a[0] - b[0]) as [number, number][];
  return {
    kind: 'lob-qr',
    model: QR_MODEL_NAME,
    symbol: meta.symbol,
    date: meta.date,
    source: { format: 'lobster', files: meta.files },
    spans: cal.spans,
    ...(meta.spansOf === undefined ? {} : { spansOf: meta.spansOf }),
    layout: cal.layout,
    method: METHOD,
    intensities,
    sizes: { limit: pairs(cal.limitSizes), market: pairs(cal.marketSizes) },
    initialBook: cal.initialBook,
    sample: cal.sample,
    ...cardKernel(cal),
  };
}

/** χ²(3) at 95%: the likelihood-ratio threshold of three excitation parameters (c is free in both). */
const LR_THRESHOLD = 7.815;

/**
 * The card's Hawkes kernel: fitted when the span has 50 market orders or more, kept when it beats
 * the plain model by the likelihood-ratio test at 5% and its intervals are finite. Why not always:
 * on a flow without excitation (a simulation of the plain model) the MLE drives α to 0, where the
 * information matrix is singular and the intervals are undefined.
 */
function cardKernel(cal: QrCalibration): { hawkes?: MarketHawkesFit } {
  if (cal.markets.time.length < 50) return {};
  const fit = fitMarketHawkes(marketArrivals(cal));
  const finite = Object.values(fit.ci95).every(([lo, hi]) => Number.isFinite(lo) && Number.isFinite(hi));
  return finite && 2 * (fit.logLikelihood - fit.poissonLogLikelihood) > LR_THRESHOLD ? { hawkes: fit } : {};
}

/**
 * The model's parameters from a card: the intensities of {@link modelRates} from the card's counts
 * and exposures (a cell the card does not list has intensity 0); with `selfExcitation`, the card's
 * Hawkes kernel on the market orders too.
 * @throws RangeError naming the entry when a cell lies outside the card's layout
 */
export function qrParamsFromCard(card: QrCard, options: { selfExcitation?: boolean } = {}): QrParams {
  const { layout } = card;
  const counts = emptyRates(layout);
  const exposure = new Float64Array(cellCount(layout));
  card.intensities.forEach((x, i) => {
    const max = x.cell === 'inside' ? layout.maxInside : x.cell === 'touch' ? layout.maxSpread : layout.maxBehind;
    if (!(x.key >= 1 && x.key <= max) || !(x.queue >= 0 && x.queue < queueBuckets(layout)) || (x.cell === 'inside' && x.queue !== 0)) {
      throw new RangeError(`intensities[${i}]: cell ${x.cell} key ${x.key} queue ${x.queue} lies outside the card's layout (key 1..${max}, queue 0..${queueBuckets(layout) - 1}${x.cell === 'inside' ? ', inside cells queue 0' : ''})`);
    }
    const c = cellIndex(layout, x.cell, x.key, x.queue);
    counts[c * 3 + EVENT_NAMES.indexOf(x.event)] = x.n;
    exposure[c] = x.exposureSeconds;
  });
  const params: QrParams = { layout, rates: modelRates(layout, counts, exposure), limitSizes: sizeDistribution(card.sizes.limit), marketSizes: sizeDistribution(card.sizes.market), initialBook: card.initialBook };
  if (!options.selfExcitation) return params;
  if (!card.hawkes) throw new RangeError('the card has no hawkes kernel (fitted with 50 market orders or more, kept when it beats the plain model at 5%): self-excitation needs one');
  const { baseScale, alphaSame, alphaCross, beta } = card.hawkes;
  return { ...params, hawkes: { baseScale, alphaSame, alphaCross, beta } };
}
