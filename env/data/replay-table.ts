import { UserError } from '../errors/errors.js';
import { impactModels } from '../market/impact/impact-models.js';
import { makeRng } from '../random/rng.js';
import { STREAMS } from '../random/seeds.js';
import type { EnvSpec, ReplayPriceSpec } from '../spec/schema.js';
import { referencePrice, type Bars } from './bars.js';

/** One replay window: a symbol's day from `startSeconds` for N steps. */
export interface ReplayWindow {
  readonly symbol: string;
  readonly date: string;
  readonly timeZone: string;
  /** Start of the first step, seconds after midnight in `timeZone`. */
  readonly startSeconds: number;
  /** Recorded reference price at the start (the end-of-bar mid, or the close, of the bar before). */
  readonly startPrice: number;
}

/** Indices into {@link ReplayTable.windows} of the training, validation and test windows. */
export interface ReplaySets {
  readonly training: Int32Array;
  readonly validation: Int32Array;
  readonly test: Int32Array;
}

/**
 * Every window a replay env can play, resampled to its steps, as flat typed arrays (window w's
 * step k at `w * N + k`; prices at `w * (N + 1) + k`). Prices and volumes are the recorded ones
 * scaled so that every window starts at the spec's S0 and every symbol trades `volume.daily` a
 * day: price = S0 / P(start) * P(t), volume = daily / (symbol's recorded day volume) * volume.
 * The spec's impact parameters then mean the same thing for every symbol.
 */
export interface ReplayTable {
  readonly windows: readonly ReplayWindow[];
  readonly sets: ReplaySets;
  /** Length of a step in the data's clock, and the trading session the horizon's days refer to. */
  readonly stepSeconds: number;
  readonly sessionSeconds: number;
  /** F_k at each decision time k = 0..N (F_0 = S0). */
  readonly price: Float64Array;
  /** Market volume printed during step k. */
  readonly volume: Float64Array;
  /** Market VWAP of step k: exact from notional where the data has it, else from bar closes. */
  readonly vwap: Float64Array;
  /** Forecast E[V_k]: the mean over the training windows (what VWAP and POV may know in advance). */
  readonly expectedVolume: Float64Array;
  /** 1 where step k of window w touches a recorded trading halt (Bars.halted), windows x N; all 0 when the data records none. */
  readonly halted: Uint8Array;
}

/**
 * Cuts the recorded series of a replay spec (read by `loadMarketData`) into non-overlapping windows of N steps and assigns
 * them to training, validation and test by a seeded shuffle (`price.split`), so the three sets
 * are disjoint by construction.
 * @throws UserError when the step is not a whole number of bars or a set would be empty
 */
export function buildReplayTable(spec: EnvSpec & { price: ReplayPriceSpec }, series: readonly Bars[]): ReplayTable {
  const { N, T } = spec.horizon;
  const sessionSeconds = sessionSpan(series);
  const stepSeconds = (T / N) * sessionSeconds;
  const windows: ReplayWindow[] = [];
  const rows: { bars: Bars; first: number; perStep: number }[] = [];
  for (const bars of series) {
    const perStep = Math.round(stepSeconds / bars.barSeconds);
    if (perStep < 1 || Math.abs(perStep * bars.barSeconds - stepSeconds) > 1e-6 * stepSeconds) {
      throw new UserError(
        `spec.horizon: a step of T/N = ${T}/${N} of the ${sessionSeconds} s session is ${stepSeconds} s, not a whole number of ${bars.symbol}'s ${bars.barSeconds} s bars`,
      );
    }
    const length = N * perStep;
    // Window starts at bar 1, 1 + length, ...: its start price is the end of the bar before (and a
    // Xetra day's first minute, which holds the opening auction, is never traded in).
    for (let first = 1; first + length <= bars.start.length; first += length) {
      rows.push({ bars, first, perStep });
      windows.push({ symbol: bars.symbol, date: bars.date, timeZone: bars.timeZone, startSeconds: bars.start[first], startPrice: referencePrice(bars)[first - 1] });
    }
  }
  const sets = splitWindows(windows.length, spec.price.split);
  const table = resample(rows, spec, sets);
  if (impactModels[spec.impact.model].needsVolume) requireVolume(table.volume, N, windows, spec.impact.model);
  // Plain frozen data, like the rest of MarketParams (typed arrays cannot be frozen: by contract nothing writes them).
  return Object.freeze({ windows: Object.freeze(windows.map((w) => Object.freeze(w))), sets: Object.freeze(sets), stepSeconds, sessionSeconds, ...table });
}

function resample(rows: readonly { bars: Bars; first: number; perStep: number }[], spec: EnvSpec & { price: ReplayPriceSpec }, sets: ReplaySets) {
  const { N } = spec.horizon;
  const W = rows.length;
  const price = new Float64Array(W * (N + 1));
  const volume = new Float64Array(W * N);
  const vwap = new Float64Array(W * N);
  const halted = new Uint8Array(W * N);
  rows.forEach(({ bars, first, perStep }, w) => {
    const ref = referencePrice(bars);
    const priceScale = spec.price.S0 / ref[first - 1];
    const volumeScale = spec.volume.daily / bars.volume.reduce((a, b) => a + b, 0);
    price[w * (N + 1)] = spec.price.S0;
    for (let k = 0; k < N; k++) {
      const from = first + k * perStep;
      let v = 0;
      let notional = 0;
      for (let b = from; b < from + perStep; b++) {
        v += bars.volume[b];
        notional += bars.notional ? bars.notional[b] : bars.close[b] * bars.volume[b];
        if (bars.halted?.[b]) halted[w * N + k] = 1;
      }
      price[w * (N + 1) + k + 1] = priceScale * ref[from + perStep - 1];
      volume[w * N + k] = volumeScale * v;
      vwap[w * N + k] = v > 0 ? (priceScale * notional) / v : price[w * (N + 1) + k];
    }
  });
  const expectedVolume = new Float64Array(N);
  for (const w of sets.training) for (let k = 0; k < N; k++) expectedVolume[k] += volume[w * N + k] / sets.training.length;
  return { price, volume, vwap, expectedVolume, halted };
}

/**
 * The trading session: the span most series cover. A stray minute at the close (Xetra
 * 2017-07-28 has rows at 15:30 UTC, 17:30 CEST when continuous trading ends, for SAP and BMW only;
 * the 2018-03-21 file has none at 16:30 UTC) must not lengthen the day the horizon's T is a
 * fraction of; the longest span breaks a tie.
 */
function sessionSpan(series: readonly Bars[]): number {
  const counts = new Map<number, number>();
  for (const b of series) counts.set(b.start.length * b.barSeconds, (counts.get(b.start.length * b.barSeconds) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0];
}

/**
 * The square-root law divides by the step's market volume; a recorded step in which nothing traded
 * would make any trade infinitely expensive, and no floor for it would be more than a guess.
 */
function requireVolume(volume: Float64Array, N: number, windows: readonly ReplayWindow[], model: string): void {
  const empty = volume.indexOf(0);
  if (empty < 0) return;
  const w = windows[Math.floor(empty / N)];
  throw new UserError(
    `spec.impact: the ${model} law needs market volume in every step, but step ${empty % N} of the ${w.symbol} window from ${w.startSeconds} s has none; use longer steps (horizon.N) or another impact model`,
  );
}

/** A seeded Fisher–Yates shuffle of the window indices, cut into test, validation and training. */
function splitWindows(count: number, split: ReplayPriceSpec['split']): ReplaySets {
  const order = Int32Array.from({ length: count }, (_, i) => i);
  const rng = makeRng(split.seed, STREAMS.replaySplit);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const nTest = Math.round(split.test * count);
  const nValidation = Math.round(split.validation * count);
  if (nTest < 1 || nValidation < 1 || count - nTest - nValidation < 1) {
    throw new UserError(
      `spec.price.split: ${count} windows give ${nTest} test, ${nValidation} validation and ${count - nTest - nValidation} training windows; each set needs at least one (shorten the horizon or add data)`,
    );
  }
  const sorted = (a: Int32Array) => a.slice().sort();
  return {
    test: sorted(order.subarray(0, nTest)),
    validation: sorted(order.subarray(nTest, nTest + nValidation)),
    training: sorted(order.subarray(nTest + nValidation)),
  };
}
