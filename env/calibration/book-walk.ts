import { batchMeans } from './batch-means.js';
import { normalEstimate, type Estimate } from './estimate.js';

/** Book snapshots, row-major: level l of snapshot i at `i * levels + l`; an empty level has size 0. */
export interface BookSnapshots {
  readonly levels: number;
  readonly askPrice: Float64Array;
  readonly askSize: Float64Array;
  readonly bidPrice: Float64Array;
  readonly bidSize: Float64Array;
}

export interface ImpactCurvePoint {
  /** Market order size (shares) and mean cost beyond the best quote ($/share), both sides averaged. */
  readonly shares: number;
  readonly impact: number;
  /** Fraction of snapshots whose visible depth could not fill this size (left out of the mean). */
  readonly censored: number;
}

export interface BookWalkFit {
  readonly curve: readonly ImpactCurvePoint[];
  /** h(q) = c q^beta per share beyond the half-spread, q in shares. */
  readonly c: number;
  readonly beta: Estimate;
  /** The env's power-law eta for steps of `tauDays`: a step's trade n as one market order, c n^beta = eta (n/tau)^beta. */
  readonly eta: Estimate;
}

/**
 * Average cost per share, beyond the best quote, of a market order of `q` shares that walks one
 * side of the book (VWAP of the levels it takes minus the best price); null when the visible
 * depth is too thin.
 */
function walkCost(price: Float64Array, size: Float64Array, offset: number, levels: number, q: number, sign: 1 | -1): number | null {
  let left = q;
  let cost = 0;
  const best = price[offset];
  for (let l = 0; l < levels && left > 0; l++) {
    const take = Math.min(left, size[offset + l]);
    cost += take * sign * (price[offset + l] - best);
    left -= take;
  }
  return left > 0 ? null : cost / q;
}

/**
 * Order sizes for the walk: 12 sizes, geometric from 1/30 of to the 5th percentile of the visible
 * depth (the thinner side of each snapshot), so that at least 95% of snapshots can fill all of them
 * whatever the stock's typical depth.
 */
export function walkSizes(book: BookSnapshots): number[] {
  const n = book.askSize.length / book.levels;
  const depth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let ask = 0;
    let bid = 0;
    for (let l = 0; l < book.levels; l++) {
      ask += book.askSize[i * book.levels + l];
      bid += book.bidSize[i * book.levels + l];
    }
    depth[i] = Math.min(ask, bid);
  }
  depth.sort();
  const top = depth[Math.floor(0.05 * n)];
  const sizes = Array.from({ length: 12 }, (_, j) => Math.max(1, Math.round((top / 30) * 30 ** (j / 11))));
  return [...new Set(sizes)];
}

/**
 * Temporary impact from the recorded book (issue 8): walk each snapshot with market orders of
 * increasing size on both sides and fit h(q) = c q^beta to the mean curve (OLS on logs: the power
 * law of Almgren 2003 and Almgren et al. 2005 is linear there). This is the impact of an immediate
 * order against the standing book with no refill, an upper bound for a patient trader, and the
 * visible depth censors large sizes, so only sizes that 95% of snapshots can fill are used. Beta and
 * eta get SEs by batch means over `batches` blocks of the day (each block fitted on its own), since
 * the book's shape drifts through the day.
 * @param sizes candidate order sizes (shares), ascending
 */
export function fitBookWalk(book: BookSnapshots, sizes: readonly number[], tauDays: number, batches = 13): BookWalkFit {
  const n = book.askPrice.length / book.levels;
  const impacts = sizes.map(() => new Float64Array(n).fill(NaN));
  sizes.forEach((q, j) => {
    for (let i = 0; i < n; i++) {
      const o = i * book.levels;
      const buy = walkCost(book.askPrice, book.askSize, o, book.levels, q, 1);
      const sell = walkCost(book.bidPrice, book.bidSize, o, book.levels, q, -1);
      if (buy !== null && sell !== null) impacts[j][i] = (buy + sell) / 2;
    }
  });
  const curve = sizes.map((q, j) => ({ shares: q, impact: nanMean(impacts[j], 0, n), censored: nanCount(impacts[j], 0, n) / n }));
  const used = curve.map((p, j) => ({ ...p, j })).filter((p) => p.censored <= 0.05 && p.impact > 0);
  if (used.length < 3) throw new RangeError(`the book walk needs 3 sizes with positive impact that 95% of snapshots can fill, got ${used.length}`);
  const whole = logLogFit(used.map((p) => p.shares), used.map((p) => p.impact));
  const blockBeta: number[] = [];
  const blockEta: number[] = [];
  const B = Math.min(batches, Math.floor(n / 10));
  for (let b = 0; b < B; b++) {
    const lo = Math.floor((b * n) / B);
    const hi = Math.floor(((b + 1) * n) / B);
    const means = used.map((p) => nanMean(impacts[p.j], lo, hi));
    if (means.some((m) => !(m > 0))) continue;
    const fit = logLogFit(used.map((p) => p.shares), means);
    blockBeta.push(fit.beta);
    blockEta.push(fit.c * tauDays ** fit.beta);
  }
  const betaSe = batchMeans(blockBeta, blockBeta.length).se;
  const etaSe = batchMeans(blockEta, blockEta.length).se;
  const method = `walk of the recorded ${book.levels}-level book with market orders of ${used[0].shares}-${used[used.length - 1].shares} shares, OLS of log impact on log size; SE by batch means over ${blockBeta.length} blocks`;
  return {
    curve,
    c: whole.c,
    beta: normalEstimate({ value: whole.beta, unit: '1', method, n, se: betaSe }),
    eta: {
      ...normalEstimate({ value: whole.c * tauDays ** whole.beta, unit: '$/share per (share/day)^beta', method: `${method}; eta = c tau^beta (a step's trade as one market order)`, n, se: etaSe }),
      note: 'immediate market orders against the standing book without refill: an upper bound for orders worked within the step',
    },
  };
}

function logLogFit(q: readonly number[], h: readonly number[]): { c: number; beta: number } {
  const x = q.map(Math.log);
  const y = h.map(Math.log);
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  const beta = sxy / sxx;
  return { beta, c: Math.exp(my - beta * mx) };
}

function nanMean(values: Float64Array, lo: number, hi: number): number {
  let s = 0;
  let c = 0;
  for (let i = lo; i < hi; i++) if (!Number.isNaN(values[i])) (s += values[i]), c++;
  return c === 0 ? NaN : s / c;
}

function nanCount(values: Float64Array, lo: number, hi: number): number {
  let c = 0;
  for (let i = lo; i < hi; i++) if (Number.isNaN(values[i])) c++;
  return c;
}
