import { BookEventType, type BookEvents } from '../../data/book-events.js';
import { normaliseSpans, SpanCursor, spanSeconds, type TimeSpan } from './time-spans.js';

/** Sampling intervals of the mid-price signature plot, seconds. */
export const SIGNATURE_SECONDS = [1, 5, 10, 30, 60, 300] as const;
/** Lags of the market-order sign autocorrelation, in market orders. */
export const SIGN_LAGS = [1, 2, 5, 10, 20] as const;

/**
 * The stylised facts of a recorded or simulated book over some spans of the day (issue 21,
 * section 2), the same numbers for the data and for a flow generated from it so they can be set
 * side by side. Over several spans, nothing pairs across a gap: an inter-event time, a sign pair or
 * a mid increment counts only inside one stretch of continuous data.
 */
export interface StylisedFacts {
  /** the stretches of continuous data read (touching spans merged) */
  readonly spans: number;
  readonly seconds: number;
  /** time-weighted spread in ticks: mean and the 10/50/90% quantiles */
  readonly spreadTicks: { readonly mean: number; readonly q10: number; readonly q50: number; readonly q90: number };
  /** time-weighted mean shares at the best bid and the best ask (averaged) */
  readonly touchQueueShares: number;
  /** per hour: limit orders, cancels (partial or full), market orders (one timestamp and side), hidden executions */
  readonly ratesPerHour: { readonly limit: number; readonly cancel: number; readonly market: number; readonly hidden: number };
  /** seconds between messages at distinct times: mean and coefficient of variation (1 for a Poisson stream) */
  readonly interEvent: { readonly meanSeconds: number; readonly cv: number };
  /** autocorrelation of market-order signs (+1 buy) at {@link SIGN_LAGS} */
  readonly signAutocorrelation: readonly { readonly lag: number; readonly value: number }[];
  /** realized variance of the mid-price per second (ticks²/s) sampled every {@link SIGNATURE_SECONDS} */
  readonly signature: readonly { readonly seconds: number; readonly variancePerSecond: number }[];
}

/**
 * The {@link StylisedFacts} of `events` over `spans` (seconds after midnight); `tickE4` the tick in
 * the prices' units.
 * @throws RangeError when no two-sided book falls in the spans, or a span is empty or two overlap
 */
export function stylisedFacts(events: BookEvents, spans: readonly TimeSpan[], tickE4: number): StylisedFacts {
  const stretches = normaliseSpans(spans);
  const exposed = new SpanCursor(stretches);
  const counting = new SpanCursor(stretches);
  const L = events.levels;
  const spreadDurations = new Map<number, number>();
  let bothSided = 0;
  let queueArea = 0;
  const counts = { limit: 0, cancel: 0, market: 0, hidden: 0 };
  const signs: number[] = [];
  const signSpans: number[] = [];
  const gaps: number[] = [];
  let lastTime = NaN;
  let lastSpan = -1;
  let group = { time: NaN, side: 0 };
  for (let i = 1; i < events.count; i++) {
    const row = (i - 1) * L;
    const dt = exposed.overlap(events.time[i - 1], events.time[i]);
    if (dt > 0 && events.bidSize[row] > 0 && events.askSize[row] > 0) {
      const spread = Math.round((events.askPriceE4[row] - events.bidPriceE4[row]) / tickE4);
      spreadDurations.set(spread, (spreadDurations.get(spread) ?? 0) + dt);
      bothSided += dt;
      queueArea += ((events.bidSize[row] + events.askSize[row]) / 2) * dt;
    }
    const t = events.time[i];
    const span = counting.spanOf(t);
    if (span < 0) continue;
    if (t !== lastTime) {
      if (span === lastSpan) gaps.push(t - lastTime);
      lastTime = t;
      lastSpan = span;
    }
    const type = events.type[i];
    if (type === BookEventType.add) counts.limit++;
    else if (type === BookEventType.cancel || type === BookEventType.delete) counts.cancel++;
    else if (type === BookEventType.executeHidden) counts.hidden++;
    else if (type === BookEventType.executeVisible && !(group.time === t && group.side === events.side[i])) {
      counts.market++;
      signs.push(-events.side[i]);
      signSpans.push(span);
      group = { time: t, side: events.side[i] };
    }
  }
  if (bothSided <= 0) throw new RangeError(`no two-sided book in the ${stretches.length} span(s) from ${stretches[0].from} to ${stretches[stretches.length - 1].to} s after midnight`);
  const seconds = spanSeconds(stretches);
  const perHour = (n: number) => n / (seconds / 3600);
  return {
    spans: stretches.length,
    seconds,
    spreadTicks: spreadSummary(spreadDurations, bothSided),
    touchQueueShares: queueArea / bothSided,
    ratesPerHour: { limit: perHour(counts.limit), cancel: perHour(counts.cancel), market: perHour(counts.market), hidden: perHour(counts.hidden) },
    interEvent: meanAndCv(gaps),
    signAutocorrelation: SIGN_LAGS.map((lag) => ({ lag, value: autocorrelation(signs, lag, signSpans) })),
    signature: SIGNATURE_SECONDS.map((seconds) => ({ seconds, variancePerSecond: midVariancePerSecond(events, stretches, seconds, tickE4) })),
  };
}

function spreadSummary(durations: Map<number, number>, total: number): StylisedFacts['spreadTicks'] {
  const sorted = [...durations].sort((a, b) => a[0] - b[0]);
  const quantile = (p: number) => {
    let acc = 0;
    for (const [spread, d] of sorted) if ((acc += d) >= p * total) return spread;
    return sorted[sorted.length - 1][0];
  };
  const mean = sorted.reduce((s, [spread, d]) => s + spread * d, 0) / total;
  return { mean, q10: quantile(0.1), q50: quantile(0.5), q90: quantile(0.9) };
}

function meanAndCv(xs: readonly number[]): { meanSeconds: number; cv: number } {
  if (xs.length < 2) return { meanSeconds: NaN, cv: NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return { meanSeconds: mean, cv: Math.sqrt(variance) / mean };
}

/**
 * Sample autocorrelation of `xs` at `lag` (NaN when too short): the mean and variance over all of
 * `xs`, the lagged products only of pairs in the same segment when `segment` labels each entry.
 */
export function autocorrelation(xs: readonly number[], lag: number, segment?: readonly number[]): number {
  const n = xs.length;
  if (n <= lag + 1) return NaN;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    den += (xs[i] - mean) ** 2;
    if (i + lag < n && (!segment || segment[i] === segment[i + lag])) num += (xs[i] - mean) * (xs[i + lag] - mean);
  }
  return den > 0 ? num / den : NaN;
}

/**
 * Σ (Δ mid)² / Σ step over a grid of `step` seconds laid from the start of each span (increments
 * inside a span only), the mid in ticks as the book stood at each grid time; NaN when no span
 * holds one whole step.
 */
function midVariancePerSecond(events: BookEvents, spans: readonly TimeSpan[], step: number, tickE4: number): number {
  const L = events.levels;
  let i = 0;
  let sum = 0;
  let covered = 0;
  for (const { from, to } of spans) {
    let previous = NaN;
    for (let t = from; t <= to; t += step) {
      while (i + 1 < events.count && events.time[i + 1] <= t) i++;
      const row = i * L;
      const mid = events.bidSize[row] > 0 && events.askSize[row] > 0 ? (events.bidPriceE4[row] + events.askPriceE4[row]) / 2 / tickE4 : NaN;
      if (!Number.isNaN(previous) && !Number.isNaN(mid)) {
        sum += (mid - previous) ** 2;
        covered += step;
      }
      previous = mid;
    }
  }
  return covered > 0 ? sum / covered : NaN;
}
