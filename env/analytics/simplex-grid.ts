/**
 * A regular grid on the probability simplex of K regimes with resolution m (every belief whose
 * entries are multiples of 1/m: (m + K - 1 choose K - 1) points) and piecewise-linear
 * interpolation on its Freudenthal triangulation, the grid of Lovejoy (1991), "Computationally
 * feasible bounds for partially observed Markov decision processes", Operations Research 39(1).
 *
 * In the cumulative coordinates y_j = m (b_j + ... + b_{K-1}), j = 1..K-1, the simplex is the
 * order region m >= y_1 >= ... >= y_{K-1} >= 0 and the grid points are its integer points; the
 * Kuhn simplex of a unit cube that contains y is found by sorting the fractional parts, and its
 * barycentric weights are their successive differences. Ties are broken by index, so the
 * vertices used stay inside the order region. Interpolating a concave function this way never
 * overestimates it: the belief DP's cost-to-go is concave in the belief, which makes the grid
 * DP a lower bound (see belief-dp.ts).
 */
export interface SimplexGrid {
  readonly K: number;
  readonly m: number;
  /** Number of grid points. */
  readonly size: number;
  /** points[g * K + r]: belief in regime r at grid point g. */
  readonly points: Float64Array;
  /** Grid point of the integer vector y (y_1 + (m + 1) y_2 + ...), -1 outside the order region. */
  readonly index: Int32Array;
  /** stride[j] = (m + 1)^j: the code step of a unit move in y_{j+1}. */
  readonly stride: Int32Array;
}

/**
 * The grid of resolution m on the simplex of K regimes.
 * @throws RangeError when K < 1, m < 1 or the grid would exceed 5e6 points
 */
export function simplexGrid(K: number, m: number): SimplexGrid {
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`K must be an integer >= 1, got ${K}`);
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`grid resolution m must be an integer >= 1, got ${m}`);
  const d = K - 1;
  const cube = Math.pow(m + 1, d);
  if (cube > 5e6) throw new RangeError(`a simplex grid of resolution ${m} for ${K} regimes is too large (${cube} cube cells), got m = ${m}`);
  const index = new Int32Array(cube).fill(-1);
  const beliefs: number[] = [];
  const y = new Int32Array(d);
  for (let code = 0; code < cube; code++) {
    let rest = code;
    for (let j = 0; j < d; j++) {
      y[j] = rest % (m + 1);
      rest = Math.floor(rest / (m + 1));
    }
    let ordered = true;
    for (let j = 1; j < d; j++) if (y[j] > y[j - 1]) ordered = false;
    if (!ordered) continue;
    index[code] = beliefs.length / K;
    beliefs.push((m - (d > 0 ? y[0] : 0)) / m);
    for (let j = 0; j < d; j++) beliefs.push((y[j] - (j + 1 < d ? y[j + 1] : 0)) / m);
  }
  const stride = Int32Array.from({ length: Math.max(d, 1) }, (_, j) => Math.pow(m + 1, j));
  return { K, m, size: beliefs.length / K, points: Float64Array.from(beliefs), index, stride };
}

/** Reusable work arrays for {@link interpolationWeights} (one set per caller; nothing is allocated per call). */
export interface InterpolationScratch {
  readonly y: Float64Array;
  readonly order: Int32Array;
  /** Output: the grid points of the enclosing simplex and their barycentric weights (entries 0 .. count - 1). */
  readonly vertices: Int32Array;
  readonly weights: Float64Array;
}

/** Fresh work arrays for K regimes. */
export function interpolationScratch(K: number): InterpolationScratch {
  return { y: new Float64Array(K), order: new Int32Array(K), vertices: new Int32Array(K), weights: new Float64Array(K) };
}

/**
 * The grid points and barycentric weights of the belief `belief[at .. at + K)` (a probability
 * vector: entries >= 0 summing to 1 up to rounding) in `s.vertices` and `s.weights`; returns how
 * many (at most K; vertices of weight 0 are left out).
 */
export function interpolationWeights(grid: SimplexGrid, belief: ArrayLike<number>, at: number, s: InterpolationScratch): number {
  const { K, m, stride, index } = grid;
  const { y, order, vertices, weights } = s;
  const d = K - 1;
  if (d === 0) {
    vertices[0] = 0;
    weights[0] = 1;
    return 1;
  }
  // Cumulative coordinates from the last regime backwards (monotone even in floating point), clamped to the region.
  let tail = 0;
  let code = 0;
  for (let j = d - 1; j >= 0; j--) {
    tail += belief[at + j + 1];
    const yj = Math.min(m, Math.max(0, m * tail));
    const floor = Math.min(m - 1, Math.floor(yj));
    y[j] = yj - floor;
    order[j] = j;
    code += floor * stride[j];
  }
  // Sort dimensions by descending fractional part, stable, so that ties keep y_j's order.
  for (let i = 1; i < d; i++) {
    const key = order[i];
    let j = i - 1;
    while (j >= 0 && y[order[j]] < y[key]) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = key;
  }
  let previous = 1;
  let count = 0;
  for (let t = 0; t <= d; t++) {
    const fraction = t < d ? y[order[t]] : 0;
    const weight = previous - fraction;
    if (weight > 0) {
      vertices[count] = index[code];
      weights[count] = weight;
      count++;
    }
    previous = fraction;
    if (t < d) code += stride[order[t]];
  }
  return count;
}

/** The piecewise-linear interpolant of `values` (one per grid point, from `offset`) at the belief `belief[at .. at + K)`. */
export function interpolate(grid: SimplexGrid, values: Float64Array, offset: number, belief: ArrayLike<number>, at: number, s: InterpolationScratch): number {
  const count = interpolationWeights(grid, belief, at, s);
  let total = 0;
  for (let i = 0; i < count; i++) total += s.weights[i] * values[offset + s.vertices[i]];
  return total;
}
