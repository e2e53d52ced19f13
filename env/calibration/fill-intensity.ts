import { isExecution, LobsterEvent, type LobsterDay } from '../data/lobster-day.js';
import type { Rng } from '../random/rng.js';
import type { Estimate } from './estimate.js';

/**
 * The synthetic passive fill model's parameters from a LOBSTER book (issue 19, finding 10): the
 * intensity A·exp(−k·delta) of market orders that reach a resting order delta from the mid, the
 * shares each takes (clip), and the adverse selection alpha, in the units of the env's `fills`
 * section (see env/market/fills.ts).
 *
 * Market orders. LOBSTER has no market-order message: a marketable order shows as executions
 * (types 4 and 5) with one time stamp and one direction. Each such run is one market order; its
 * reach is how many ticks behind the best opposite quote before it (the book row before its first
 * execution) its deepest visible execution went; its size is its visible shares. A run of hidden
 * executions only (type 5) reached no visible level and is left out (counted in `sample`).
 *
 * Intensity. C_j = market orders reaching at least j ticks behind the touch, j = 0..J, fitted by
 * Poisson maximum likelihood to log E[C_j] = a − kappa·j (Avellaneda & Stoikov 2008's exponential
 * intensity on the env's offset grid; kappa per tick). The env measures delta from the mid as
 * epsilon + offset·tick, so k = kappa / tick and A = rate at the touch · exp(k·epsilon), with
 * ticks mapped to ticks (the env's offsets are ticks of its book; a relative-price mapping is in
 * the note of k). Time: the env's A is hits per trading day on a step of average volume (its
 * intensity scales with V_k / (V_day·tau)), so a window's counts are divided by the window's share
 * of the day's volume, which makes the rate per day of average activity; each side's flow hits
 * one side's orders, so the two sides' counts are averaged.
 *
 * Clip. The mean visible shares of a market order that reaches the touch: what it would take from
 * a resting order at the front of the touch queue. An order behind a queue gets less, so this is
 * an upper bound of the passive capacity; the capacity sensitivity (×0.25 … ×2) covers the queue.
 * Sizes are scaled to the env's market as fractions of the day's volume.
 *
 * Adverse selection. Per step of `alphaStepSeconds`, the counts of buy and of sell market orders
 * are regressed on the step's standardised mid change z by Poisson maximum likelihood:
 * log E[H_buy] = c_b + alpha·z, log E[H_sell] = c_s − alpha·z, the env's exp(alpha·side·z −
 * alpha²/2) for a resting sell (hit by buys) and buy. The mid change includes the market orders'
 * own impact: adverse selection as a resting order meets it.
 *
 * Intervals: a block bootstrap over blocks of `blockSeconds` (market orders cluster in time, so
 * counts are overdispersed and a Poisson interval would be too narrow): value ± t·sd of the draws,
 * on the log scale for positive quantities (see `bootstrapInterval`).
 */
export interface FillCalibrationInput {
  readonly day: LobsterDay;
  /** Shares the market traded over the whole session, and over the LOBSTER window (same source). */
  readonly dayVolume: number;
  readonly windowVolume: number;
  /** Tick of the data's book ($). */
  readonly tick: number;
}

/** The env whose units the estimates are given in. */
export interface FillTarget {
  /** Half-spread epsilon ($): the distance of the touch from the mid. */
  readonly epsilon: number;
  readonly tick: number;
  /** volume.daily (shares). */
  readonly dailyVolume: number;
}

export interface FillCalibrationOptions {
  /** Largest offset (ticks behind the touch) in the intensity fit. */
  readonly maxOffset: number;
  readonly blockSeconds: number;
  readonly alphaStepSeconds: number;
  readonly bootstrap: number;
}

export const FILL_CALIBRATION_DEFAULTS: FillCalibrationOptions = { maxOffset: 5, blockSeconds: 300, alphaStepSeconds: 60, bootstrap: 1000 };

/** One market order as the executions show it. */
export interface MarketOrder {
  readonly time: number;
  /** +1 a buy (it executes resting sells), −1 a sell. */
  readonly side: 1 | -1;
  /** Ticks behind the best opposite quote of its deepest visible execution (0: the touch). */
  readonly reach: number;
  readonly shares: number;
}

export interface OffsetRow {
  readonly offset: number;
  /** Market orders per side per day of average volume reaching this offset: data, and the fit. */
  readonly hitsPerDay: Estimate;
  readonly fittedPerDay: number;
  /** Mean visible shares of the market orders reaching this offset (data units). */
  readonly sharesPerHit: Estimate;
}

export interface FillCalibration {
  readonly estimates: { readonly A: Estimate; readonly k: Estimate; readonly clip: Estimate; readonly alpha: Estimate; readonly touchRate: Estimate; readonly kappaPerTick: Estimate };
  readonly byOffset: readonly OffsetRow[];
  readonly sample: { readonly marketOrders: number; readonly hiddenOnly: number; readonly seconds: number; readonly windowVolumeShare: number; readonly blocks: number; readonly alphaSteps: number };
}

/**
 * The market orders of a LOBSTER day: runs of executions with one time stamp and direction.
 * @returns the orders with a visible execution, and the count of hidden-only runs left out
 */
export function marketOrders(day: LobsterDay, tick: number): { orders: MarketOrder[]; hiddenOnly: number } {
  const L = day.levels;
  const tickE4 = tick * 1e4;
  const orders: MarketOrder[] = [];
  let hiddenOnly = 0;
  for (let i = 1; i < day.count; ) {
    if (!isExecution(day.type[i])) {
      i++;
      continue;
    }
    let j = i;
    let shares = 0;
    let deepest = NaN;
    // direction −1: a resting sell executed, so the market order is a buy.
    const side: 1 | -1 = day.direction[i] === -1 ? 1 : -1;
    while (j < day.count && isExecution(day.type[j]) && day.time[j] === day.time[i] && day.direction[j] === day.direction[i]) {
      if (day.type[j] === LobsterEvent.executeVisible) {
        shares += day.size[j];
        deepest = Number.isNaN(deepest) ? day.priceE4[j] : side === 1 ? Math.max(deepest, day.priceE4[j]) : Math.min(deepest, day.priceE4[j]);
      }
      j++;
    }
    const touch = side === 1 ? day.askPriceE4[(i - 1) * L] : day.bidPriceE4[(i - 1) * L];
    if (Number.isNaN(deepest) || Number.isNaN(touch)) hiddenOnly++;
    else orders.push({ time: day.time[i], side, reach: Math.max(0, Math.round((side * (deepest - touch)) / tickE4)), shares });
    i = j;
  }
  return { orders, hiddenOnly };
}

/** Per block: counts reaching each offset (both sides), shares at or beyond it, and the alpha steps. */
interface Block {
  readonly reaching: Float64Array;
  readonly shares: Float64Array;
  /** Per alpha step: market orders of each side and the mid's change ($). */
  readonly steps: { readonly buys: number; readonly sells: number; readonly move: number }[];
}

/**
 * Calibrates A, k, clip and alpha (see the file's comment) with block-bootstrap intervals drawn
 * from `rng`.
 * @throws RangeError when the window holds fewer than two blocks or no market order
 */
export function calibrateFills(rng: Rng, input: FillCalibrationInput, target: FillTarget, options: FillCalibrationOptions = FILL_CALIBRATION_DEFAULTS): FillCalibration {
  const { day } = input;
  const { orders, hiddenOnly } = marketOrders(day, input.tick);
  const blocks = blocksOf(day, orders, options);
  if (blocks.length < 2 || orders.length === 0) throw new RangeError(`the data holds ${orders.length} market orders in ${blocks.length} blocks of ${options.blockSeconds} s; need at least 2 blocks with orders`);
  const f = input.windowVolume / input.dayVolume;
  const perDay = (count: number) => count / 2 / f;
  const point = statistics(blocks, options.maxOffset);
  const draws = Array.from({ length: options.bootstrap }, () => statistics(resample(rng, blocks), options.maxOffset));
  const ci = (pick: (s: Statistics) => number, positive: boolean): [number, number] => bootstrapInterval(pick(point), draws.map(pick), blocks.length, positive);
  const n = orders.length;
  const toEnv = {
    k: (s: Statistics) => s.kappa / target.tick,
    touch: (s: Statistics) => perDay(Math.exp(s.a)),
    A: (s: Statistics) => perDay(Math.exp(s.a)) * Math.exp((s.kappa / target.tick) * target.epsilon),
    clip: (s: Statistics) => (s.shares[0] / s.reaching[0]) * (target.dailyVolume / input.dayVolume),
  };
  const estimate = (value: (s: Statistics) => number, unit: string, method: string, note?: string, positive = true): Estimate => ({ value: value(point), unit, method, n, ci95: ci(value, positive), kind: 'estimate', ...(note ? { note } : {}) });
  const volumeNote = `window volume ${input.windowVolume} of the day's ${input.dayVolume} shares (${(100 * f).toFixed(1)}%)`;
  return {
    estimates: {
      kappaPerTick: estimate((s) => s.kappa, '1/tick', `Poisson ML of log E[C_j] = a - kappa j, j = 0..${options.maxOffset} ticks behind the touch`),
      k: estimate(toEnv.k, '1/$', `kappa / tick ($${target.tick}): ticks of the data's book mapped to ticks of the env's`, `relative-price mapping instead (delta in bps of the mid): k = kappa / tick x S_data / S0`),
      touchRate: estimate(toEnv.touch, 'hits/day', `market orders per side reaching the touch, per day of average volume (${volumeNote})`),
      A: estimate(toEnv.A, 'hits/day', `touch rate x exp(k epsilon), epsilon = $${target.epsilon} the env's touch`),
      clip: estimate(toEnv.clip, 'shares', `mean visible shares of a market order reaching the touch, x ${target.dailyVolume} / ${input.dayVolume} (the env's daily volume over the data's)`, 'front of the queue: an upper bound of what a resting order takes'),
      alpha: estimate((s) => s.alpha, '1', `Poisson ML of buy and sell counts per ${options.alphaStepSeconds}-s step on the step's standardised mid change`, 'the mid change includes the market orders\' own impact', false),
    },
    byOffset: Array.from({ length: options.maxOffset + 1 }, (_, j) => ({
      offset: j,
      hitsPerDay: estimate((s) => perDay(s.reaching[j]), 'hits/day', `market orders per side reaching ${j} ticks behind the touch, per day of average volume`),
      fittedPerDay: perDay(Math.exp(point.a - point.kappa * j)),
      sharesPerHit: estimate((s) => (s.reaching[j] > 0 ? s.shares[j] / s.reaching[j] : 0), 'shares (data)', `mean visible shares of the market orders reaching ${j} ticks behind the touch`),
    })),
    sample: { marketOrders: n, hiddenOnly, seconds: (day.endMs - day.startMs) / 1000, windowVolumeShare: f, blocks: blocks.length, alphaSteps: blocks.reduce((a, b) => a + b.steps.length, 0) },
  };
}

function blocksOf(day: LobsterDay, orders: readonly MarketOrder[], o: FillCalibrationOptions): Block[] {
  const J = o.maxOffset;
  const start = day.startMs / 1000;
  const B = Math.floor((day.endMs - day.startMs) / 1000 / o.blockSeconds);
  const stepsPerBlock = Math.floor(o.blockSeconds / o.alphaStepSeconds);
  const blocks: Block[] = Array.from({ length: B }, () => ({ reaching: new Float64Array(J + 1), shares: new Float64Array(J + 1), steps: [] }));
  const counts = Array.from({ length: B * stepsPerBlock }, () => ({ buys: 0, sells: 0 }));
  for (const m of orders) {
    const b = Math.floor((m.time - start) / o.blockSeconds);
    if (b < 0 || b >= B) continue;
    for (let j = 0; j <= Math.min(J, m.reach); j++) {
      blocks[b].reaching[j] += 1;
      blocks[b].shares[j] += m.shares;
    }
    const s = Math.floor((m.time - start) / o.alphaStepSeconds);
    if (s < counts.length) m.side === 1 ? counts[s].buys++ : counts[s].sells++;
  }
  const mids = midsAt(day, counts.length + 1, start, o.alphaStepSeconds);
  counts.forEach((c, s) => blocks[Math.floor(s / stepsPerBlock)].steps.push({ ...c, move: mids[s + 1] - mids[s] }));
  return blocks;
}

/** The mid in force at start + s·step, s = 0..count − 1 (the book after the last event before it). */
function midsAt(day: LobsterDay, count: number, start: number, step: number): Float64Array {
  const out = new Float64Array(count);
  let i = 0;
  for (let s = 0; s < count; s++) {
    const t = start + s * step;
    while (i + 1 < day.count && day.time[i + 1] <= t) i++;
    out[s] = (day.askPriceE4[i * day.levels] + day.bidPriceE4[i * day.levels]) / 2e4;
  }
  return out;
}

interface Statistics {
  readonly a: number;
  readonly kappa: number;
  readonly alpha: number;
  readonly reaching: Float64Array;
  readonly shares: Float64Array;
}

function statistics(blocks: readonly Block[], J: number): Statistics {
  const reaching = new Float64Array(J + 1);
  const shares = new Float64Array(J + 1);
  for (const b of blocks) for (let j = 0; j <= J; j++) (reaching[j] += b.reaching[j]), (shares[j] += b.shares[j]);
  const { a, kappa } = poissonDecay(reaching);
  return { a, kappa, alpha: adverseSelection(standardised(blocks.flatMap((b) => b.steps))), reaching, shares };
}

/**
 * The steps with z = the mid change standardised by the sample's own mean and sd, in every
 * bootstrap draw too: the sd is estimated, and alpha scales with it, so its noise belongs in the
 * interval (without it the interval covered 76% of simulated days instead of 95%).
 */
function standardised(steps: readonly { buys: number; sells: number; move: number }[]): { buys: number; sells: number; z: number }[] {
  const mean = steps.reduce((a, s) => a + s.move, 0) / steps.length;
  const sd = Math.sqrt(steps.reduce((a, s) => a + (s.move - mean) ** 2, 0) / steps.length);
  return steps.map((s) => ({ buys: s.buys, sells: s.sells, z: sd > 0 ? (s.move - mean) / sd : 0 }));
}

/** Poisson ML of log E[C_j] = a − kappa·j by Newton's method (concave, two parameters). */
export function poissonDecay(counts: ArrayLike<number>): { a: number; kappa: number } {
  let a = Math.log(Math.max(counts[0], 1e-12));
  let kappa = counts[1] > 0 ? Math.log(counts[0] / counts[1]) : 1;
  for (let it = 0; it < 100; it++) {
    let g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0;
    for (let j = 0; j < counts.length; j++) {
      const mu = Math.exp(a - kappa * j);
      g0 += counts[j] - mu;
      g1 += -j * (counts[j] - mu);
      h00 += mu;
      h01 -= j * mu;
      h11 += j * j * mu;
    }
    const det = h00 * h11 - h01 * h01;
    const da = (h11 * g0 - h01 * g1) / det;
    const dk = (h00 * g1 - h01 * g0) / det;
    a += da;
    kappa += dk;
    if (Math.abs(da) + Math.abs(dk) < 1e-12) break;
  }
  return { a, kappa };
}

/** Poisson ML of (c_b, c_s, alpha) in log E[buys] = c_b + alpha z, log E[sells] = c_s − alpha z. */
export function adverseSelection(steps: readonly { buys: number; sells: number; z: number }[]): number {
  let cb = Math.log(Math.max(steps.reduce((a, s) => a + s.buys, 0) / steps.length, 1e-12));
  let cs = Math.log(Math.max(steps.reduce((a, s) => a + s.sells, 0) / steps.length, 1e-12));
  let alpha = 0;
  for (let it = 0; it < 100; it++) {
    const g = [0, 0, 0];
    const H = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    for (const s of steps) {
      const mb = Math.exp(cb + alpha * s.z);
      const ms = Math.exp(cs - alpha * s.z);
      g[0] += s.buys - mb;
      g[1] += s.sells - ms;
      g[2] += s.z * (s.buys - mb) - s.z * (s.sells - ms);
      H[0][0] += mb; H[1][1] += ms;
      H[0][2] += s.z * mb; H[1][2] -= s.z * ms;
      H[2][2] += s.z * s.z * (mb + ms);
    }
    H[2][0] = H[0][2];
    H[2][1] = H[1][2];
    const d = solve3(H, g);
    cb += d[0];
    cs += d[1];
    alpha += d[2];
    if (Math.abs(d[0]) + Math.abs(d[1]) + Math.abs(d[2]) < 1e-12) break;
  }
  return alpha;
}

/** Solves H x = g for a symmetric positive-definite 3x3 H (Cramer's rule: small and exact enough). */
function solve3(H: number[][], g: number[]): number[] {
  const det = (m: number[][]) => m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const D = det(H);
  return [0, 1, 2].map((c) => det(H.map((row, r) => row.map((v, k) => (k === c ? g[r] : v)))) / D);
}

function resample(rng: Rng, blocks: readonly Block[]): Block[] {
  return blocks.map(() => blocks[Math.floor(rng.uniform() * blocks.length)]);
}

/**
 * A block-bootstrap interval: value ± t(B − 1) · sd of the draws · sqrt(B / (B − 1)), on the log
 * scale for a positive quantity (rates, sizes: the interval stays positive and follows their skew).
 * The t quantile and the small-sample factor widen the plain percentile interval, which covers
 * less than 95% with a few dozen blocks (measured in test/calibration-fills.test.ts).
 */
function bootstrapInterval(value: number, draws: readonly number[], blocks: number, positive: boolean): [number, number] {
  const f = positive ? Math.log : (x: number) => x;
  const inv = positive ? Math.exp : (x: number) => x;
  const xs = draws.filter((x) => Number.isFinite(f(x))).map(f);
  const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
  const half = t975(blocks - 1) * sd * Math.sqrt(blocks / (blocks - 1));
  return [inv(f(value) - half), inv(f(value) + half)];
}

/** The 97.5% Student t quantile by the Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5; < 1e-3 off for df >= 5). */
function t975(df: number): number {
  const z = 1.959963984540054;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2) + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3);
}
