/**
 * The impact of a meta-order as a function of its size (issue 21, section 2): Q shares bought as
 * equal market orders at a fixed pace over a fixed duration (TWAP slices), the mid's move at the
 * end and after a relaxation, against Q / daily volume, with a fitted power law I ∝ (Q/V)^δ. A
 * square-root law is δ = 0.5; linear impact δ = 1.
 *
 * - In the **generated flow** the book answers: refills, fades. The move is averaged over seeds
 *   (the flow's own drift is zero by the model's symmetry, so the mean move is the impact).
 * - In the **recorded day's replay** the flow does not answer: our orders consume the book's
 *   queues and the recorded messages go on as recorded, so the move against the recorded mid at the
 *   same instant is the mechanical impact only. The data has no trader ids, so the impact of the
 *   recorded day's own meta-orders cannot be measured there at all.
 */
import type { BookEvents } from '../../env/data/book-events.js';
import { lastEventBefore } from '../../env/market/queue-replay/book-level.js';
import { QrSimulator } from '../../env/lob/flow/qr-simulator.js';
import type { QrParams } from '../../env/lob/flow/queue-reactive.js';
import { LobsterReplay } from '../../env/lob/lobster-replay.js';
import type { OrderBook } from '../../env/lob/order-book.js';
import { makeRng } from '../../env/random/rng.js';

/** How a meta-order is executed and measured. */
export interface MetaOrderPlan {
  /** sizes as fractions of the daily volume */
  readonly fractions: readonly number[];
  /** the day's executed shares (visible and hidden) */
  readonly dailyVolume: number;
  /** execution seconds and number of equal market orders */
  readonly seconds: number;
  readonly slices: number;
  /** seconds after the last slice at which the relaxed move is read */
  readonly relaxSeconds: number;
  readonly tickE4: number;
}

/** The mean move of the mid (ticks, in the direction of the trade) with its standard error, by size. */
export interface ImpactRow {
  readonly fraction: number;
  readonly shares: number;
  readonly paths: number;
  readonly end: { readonly mean: number; readonly se: number };
  readonly relaxed: { readonly mean: number; readonly se: number };
}

/** I = A · (Q/V)^δ fitted by weighted least squares of ln I on ln(Q/V) over sizes with a positive mean move. */
export interface PowerLaw {
  readonly exponent: number;
  readonly ci95: readonly [number, number];
  readonly prefactor: number;
  readonly sizes: number;
}

function mid(book: OrderBook): number {
  return book.bidDepth > 0 && book.askDepth > 0 ? (book.levelPrice[book.bidLevels[0]] + book.levelPrice[book.askLevels[0]]) / 2 : NaN;
}

function meanSe(xs: readonly number[]): { mean: number; se: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(n - 1, 1);
  return { mean, se: Math.sqrt(variance / n) };
}

/** Shares of a meta-order of `fraction` of the daily volume: a whole number of shares per slice, at least one. */
export function metaOrderShares(plan: MetaOrderPlan, fraction: number): number {
  return Math.max(1, Math.round((fraction * plan.dailyVolume) / plan.slices)) * plan.slices;
}

/**
 * A buy meta-order in the generated flow, for every size and seed: the flow runs `warmupSeconds`
 * from its initial book, then the slices go in at equal intervals (the first at once).
 */
export function simulatedImpact(params: QrParams, plan: MetaOrderPlan, seeds: number, stream: string, start: number, warmupSeconds: number): ImpactRow[] {
  return plan.fractions.map((fraction, f) => {
    const shares = metaOrderShares(plan, fraction);
    const child = shares / plan.slices;
    const end: number[] = [];
    const relaxed: number[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const sim = new QrSimulator(params, makeRng(seed, `${stream}-${f}`));
      sim.reset(start);
      const t0 = start + warmupSeconds;
      sim.advanceTo(t0);
      const m0 = mid(sim.book);
      for (let k = 0; k < plan.slices; k++) {
        sim.advanceTo(t0 + (k * plan.seconds) / plan.slices);
        sim.submit(1, NaN, child);
      }
      sim.advanceTo(t0 + plan.seconds);
      const m1 = mid(sim.book);
      sim.advanceTo(t0 + plan.seconds + plan.relaxSeconds);
      const m2 = mid(sim.book);
      if ([m0, m1, m2].some(Number.isNaN)) continue;
      end.push((m1 - m0) / plan.tickE4);
      relaxed.push((m2 - m0) / plan.tickE4);
    }
    return { fraction, shares, paths: end.length, end: meanSe(end), relaxed: meanSe(relaxed) };
  });
}

/**
 * The same buy meta-order put into the recorded day's replay at each of `starts` (seconds after
 * midnight): the mid with our orders minus the recorded mid at the same instant, at the end and
 * after the relaxation.
 */
export function replayImpact(events: BookEvents, plan: MetaOrderPlan, starts: readonly number[]): ImpactRow[] {
  const replay = new LobsterReplay(events);
  const L = events.levels;
  const recordedMid = (t: number) => {
    const i = lastEventBefore(events, t) + 1;
    const row = Math.max(i - 1, 0) * L;
    return events.bidSize[row] > 0 && events.askSize[row] > 0 ? (events.bidPriceE4[row] + events.askPriceE4[row]) / 2 : NaN;
  };
  return plan.fractions.map((fraction) => {
    const shares = metaOrderShares(plan, fraction);
    const child = shares / plan.slices;
    const end: number[] = [];
    const relaxed: number[] = [];
    for (const t0 of starts) {
      replay.startAfter(Math.max(lastEventBefore(events, t0), 0));
      for (let k = 0; k < plan.slices; k++) {
        replay.advanceTo(t0 + (k * plan.seconds) / plan.slices);
        replay.submit(1, NaN, child);
      }
      const t1 = t0 + plan.seconds;
      replay.advanceTo(t1);
      const m1 = mid(replay.book) - recordedMid(t1);
      const t2 = t1 + plan.relaxSeconds;
      replay.advanceTo(t2);
      const m2 = mid(replay.book) - recordedMid(t2);
      if (Number.isNaN(m1) || Number.isNaN(m2)) continue;
      end.push(m1 / plan.tickE4);
      relaxed.push(m2 / plan.tickE4);
    }
    return { fraction, shares, paths: end.length, end: meanSe(end), relaxed: meanSe(relaxed) };
  });
}

/** The power law of the mean move `pick` over the rows (weights 1/var of ln I by the delta method); undefined with fewer than 3 usable sizes. */
export function impactPowerLaw(rows: readonly ImpactRow[], pick: (r: ImpactRow) => { mean: number; se: number }): PowerLaw | undefined {
  const points = rows.map((r) => ({ x: Math.log(r.fraction), m: pick(r) })).filter((p) => p.m.mean > 0 && p.m.se > 0);
  if (points.length < 3) return undefined;
  const w = points.map((p) => (p.m.mean / p.m.se) ** 2);
  const y = points.map((p) => Math.log(p.m.mean));
  const sw = w.reduce((a, b) => a + b, 0);
  const xbar = points.reduce((s, p, i) => s + w[i] * p.x, 0) / sw;
  const ybar = y.reduce((s, v, i) => s + w[i] * v, 0) / sw;
  const sxx = points.reduce((s, p, i) => s + w[i] * (p.x - xbar) ** 2, 0);
  const sxy = points.reduce((s, p, i) => s + w[i] * (p.x - xbar) * (y[i] - ybar), 0);
  const slope = sxy / sxx;
  const se = Math.sqrt(1 / sxx);
  return { exponent: slope, ci95: [slope - 1.96 * se, slope + 1.96 * se], prefactor: Math.exp(ybar - slope * xbar), sizes: points.length };
}
