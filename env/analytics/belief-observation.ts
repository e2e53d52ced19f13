import type { MarketParams } from '../market/params.js';
import { interpolationScratch, interpolationWeights, type InterpolationScratch, type SimplexGrid } from './simplex-grid.js';

/**
 * One step's public observation on a regime market, discretised for the belief DP. Under regime r
 * of the step, the Hamilton filter (`hamiltonUpdate`) sees the exogenous price shock
 * e = sigma_r sqrt(tau) z1 (the price change with the own permanent impact, the same gamma in
 * every regime, added back) and the log-volume against the published profile
 * u = log m_r - s^2 / 2 + s z2, with z1, z2 independent standard normals. Neither depends on the
 * trade or on the step (the profile divides out), so one table serves every (step, trade): for
 * each regime r and each node (z1, z2), its weight and the likelihood of that observation under
 * every regime r' (scaled so the largest is 1).
 *
 * The rule is the trapezoidal rule of step h on the disc z1^2 + z2^2 <= R^2 (R = 6: the mass left
 * out, exp(-18) = 1.5e-8, is renormalised away, moving E[F] by at most that times F's range). Its
 * error falls geometrically in 1/h for an integrand analytic in a strip (Trefethen and Weideman
 * 2014, SIAM Review 56(3)). The posterior here switches sharply (under the volatile regime a small
 * shock looks calm: a bump of width about sigma_calm / sigma_volatile = 0.25 in z1), which
 * Gauss–Hermite rules resolve slowly: on regime-v0 (grid m = 12) Gauss–Hermite orders 16, 32, 64,
 * 128 in the price give 419.70, 422.71, 422.59, 422.61 bps, the trapezoid with h = 0.5, 0.25,
 * 0.125 gives 422.27, 422.637, 422.635.
 */
export interface ObservationQuadrature {
  readonly K: number;
  /** Nodes per generating regime. */
  readonly nodes: number;
  /** weights[q]: weight of node q, the same under every regime (in its own standard units). */
  readonly weights: Float64Array;
  /** likelihood[(r * nodes + q) * K + r']: relative likelihood under r' of node q drawn under r. */
  readonly likelihood: Float64Array;
}

/** Radius of the disc of standard-normal nodes kept. */
const RADIUS = 6;

/** Whether the price and the volume can tell the regimes apart (else one node z = 0 does). */
function informativeDimensions(p: MarketParams): { price: boolean; volume: boolean } {
  const varies = (values: Float64Array) => values.some((v) => v !== values[0]);
  return { price: varies(p.sigma), volume: p.volumeNoise > 0 && varies(p.volumeMultiplier) };
}

/**
 * The observation table with trapezoid step `h` (in standard deviations). The likelihoods depend
 * on z1 only through z1^2, so the price nodes are z1 >= 0 with the weight of -z1 added.
 * @throws RangeError when h is not in (0, 1]
 */
export function observationQuadrature(p: MarketParams, h: number): ObservationQuadrature {
  if (!(h > 0 && h <= 1)) throw new RangeError(`quadrature step must be in (0, 1] standard deviations, got ${h}`);
  const { K } = p;
  const s = p.volumeNoise;
  const informative = informativeDimensions(p);
  const halfLine = informative.price ? Array.from({ length: Math.floor(RADIUS / h) + 1 }, (_, i) => i * h) : [0];
  const line = informative.volume ? Array.from({ length: 2 * Math.floor(RADIUS / h) + 1 }, (_, i) => (i - Math.floor(RADIUS / h)) * h) : [0];
  const z1: number[] = [];
  const z2: number[] = [];
  const w: number[] = [];
  for (const a of halfLine) {
    for (const b of line) {
      if (a * a + b * b > RADIUS * RADIUS) continue;
      z1.push(a);
      z2.push(b);
      w.push(Math.exp(-0.5 * (a * a + b * b)) * (a > 0 ? 2 : 1));
    }
  }
  const total = w.reduce((acc, v) => acc + v, 0);
  const nodes = w.length;
  const likelihood = new Float64Array(K * nodes * K);
  const logLik = new Float64Array(K);
  for (let r = 0; r < K; r++) {
    for (let q = 0; q < nodes; q++) {
      const e = p.sigma[r] * z1[q];
      const u = Math.log(p.volumeMultiplier[r]) + s * z2[q];
      let max = -Infinity;
      for (let t = 0; t < K; t++) {
        const zPrice = e / p.sigma[t];
        const zVolume = s > 0 ? (u - Math.log(p.volumeMultiplier[t])) / s : 0;
        logLik[t] = -0.5 * zPrice * zPrice - Math.log(p.sigma[t]) - 0.5 * zVolume * zVolume;
        max = Math.max(max, logLik[t]);
      }
      for (let t = 0; t < K; t++) likelihood[(r * nodes + q) * K + t] = Math.exp(logLik[t] - max);
    }
  }
  return { K, nodes, weights: Float64Array.from(w, (v) => v / total), likelihood };
}

/** Work arrays for {@link nextBeliefLaw}. */
export interface NextBeliefScratch {
  readonly posterior: Float64Array;
  readonly next: Float64Array;
  readonly interpolation: InterpolationScratch;
}

/** Fresh work arrays for K regimes. */
export function nextBeliefScratch(K: number): NextBeliefScratch {
  return { posterior: new Float64Array(K), next: new Float64Array(K), interpolation: interpolationScratch(K) };
}

/**
 * The law of the next belief, spread on the grid: for the belief b = belief[at .. at + K) on r_k,
 * adds to row[v] the probability mass that the piecewise-linear interpolation at b' puts on grid
 * point v, where b' is the Hamilton filter's belief on r_{k+1} after the step's observation (Bayes
 * on r_k, then the transition matrix), the observation drawn from the mixture over r_k ~ b:
 *   row[v] += sum_r b_r sum_q w_q lambda_v(normalise(b * L(o_rq)) P),
 * with w_q the node weights and o_rq node q read in regime r's units.
 * Then E[F(b')] = sum_v row[v] F(v) for any F interpolated on the grid. `row` must be all 0 on
 * entry (length: grid points); the points it touches are listed in `touched`, and their number returned.
 */
export function nextBeliefLaw(p: MarketParams, obs: ObservationQuadrature, grid: SimplexGrid, belief: Float64Array, at: number, s: NextBeliefScratch, row: Float64Array, touched: Int32Array): number {
  const { K, transition } = p;
  const { nodes, weights, likelihood } = obs;
  const { posterior, next, interpolation } = s;
  const { vertices, weights: lambda } = interpolation;
  let count = 0;
  for (let r = 0; r < K; r++) {
    const br = belief[at + r];
    if (br === 0) continue;
    for (let q = 0; q < nodes; q++) {
      const lik = (r * nodes + q) * K;
      let mass = 0;
      for (let t = 0; t < K; t++) {
        posterior[t] = belief[at + t] * likelihood[lik + t];
        mass += posterior[t];
      }
      for (let j = 0; j < K; j++) next[j] = 0;
      for (let t = 0; t < K; t++) {
        const post = posterior[t] / mass;
        if (post !== 0) for (let j = 0; j < K; j++) next[j] += post * transition[t * K + j];
      }
      const w = br * weights[q];
      const n = interpolationWeights(grid, next, 0, interpolation);
      for (let i = 0; i < n; i++) {
        const v = vertices[i];
        if (row[v] === 0) touched[count++] = v;
        row[v] += w * lambda[i];
      }
    }
  }
  return count;
}

/** The operator F -> E[F(b')] on the grid, as a sparse matrix (CSR): D_k = E C_{k+1}, one row per grid belief. */
export interface NextBeliefOperator {
  readonly rowStart: Int32Array;
  readonly column: Int32Array;
  readonly weight: Float64Array;
}

/**
 * The next-belief operator of every grid belief. It does not depend on the step (the observation's
 * law does not), so the DP builds it once and applies it N - 1 times.
 */
export function nextBeliefOperator(p: MarketParams, obs: ObservationQuadrature, grid: SimplexGrid): NextBeliefOperator {
  const G = grid.size;
  const row = new Float64Array(G);
  const touched = new Int32Array(G);
  const s = nextBeliefScratch(p.K);
  const rowStart = new Int32Array(G + 1);
  const columns: Int32Array[] = [];
  const weights: Float64Array[] = [];
  for (let g = 0; g < G; g++) {
    const count = nextBeliefLaw(p, obs, grid, grid.points, g * p.K, s, row, touched);
    const column = touched.slice(0, count);
    const weight = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      weight[i] = row[column[i]];
      row[column[i]] = 0;
    }
    columns.push(column);
    weights.push(weight);
    rowStart[g + 1] = rowStart[g] + count;
  }
  const column = new Int32Array(rowStart[G]);
  const weight = new Float64Array(rowStart[G]);
  for (let g = 0; g < G; g++) {
    column.set(columns[g], rowStart[g]);
    weight.set(weights[g], rowStart[g]);
  }
  return { rowStart, column, weight };
}

/** (E F)[g] = sum over row g of weight * F[column], for F = values[offset .. offset + G). */
export function applyOperator(E: NextBeliefOperator, values: Float64Array, offset: number, g: number): number {
  let total = 0;
  for (let i = E.rowStart[g]; i < E.rowStart[g + 1]; i++) total += E.weight[i] * values[offset + E.column[i]];
  return total;
}
