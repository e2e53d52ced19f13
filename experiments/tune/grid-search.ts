import { roundParameter, type TuneDimension } from './families.js';

/** One evaluated point of a search, in the order evaluated. */
export interface SearchPoint {
  readonly values: number[];
  /** `grid` (the coarse grid) or `refine-<round>` (the local pattern search). */
  readonly stage: string;
  readonly score: number;
}

/** The coarse grid's points per dimension: as many as fit half the budget (at least 3, at most 17). */
export function gridPointsPerDimension(dimensions: number, budget: number): number {
  return Math.max(3, Math.min(17, Math.floor(Math.pow(budget / 2, 1 / dimensions) + 1e-9)));
}

/** Position u in [0, 1] of dimension d as a parameter value (rounded, see {@link roundParameter}). */
function valueAt(d: TuneDimension, u: number): number {
  const t = Math.min(1, Math.max(0, u));
  const v = d.scale === 'log' ? Math.exp(Math.log(d.low) + t * (Math.log(d.high) - Math.log(d.low))) : d.low + t * (d.high - d.low);
  return roundParameter(Math.min(d.high, Math.max(d.low, v)));
}

/**
 * Minimises `score` over the box of `dims` with at most `budget` evaluations: a coarse grid
 * (g points a dimension, g^D within half the budget), then a compass (pattern) search from the
 * grid's best: try +-step along each dimension, move to the best improvement, halve the steps when
 * none improves, until the budget is spent or the steps fall below 1/256 of each range. Points are
 * in the unit cube and mapped to rounded parameter values; a value seen before is not re-scored.
 * With common random numbers (every candidate on the same seeds) the score is a deterministic,
 * mostly smooth function of the parameters, which is what a grid plus local refinement needs.
 */
export function gridSearch(dims: readonly TuneDimension[], budget: number, score: (values: number[]) => number): SearchPoint[] {
  const points: SearchPoint[] = [];
  const seen = new Map<string, number>();
  const evaluate = (u: number[], stage: string): number => {
    const values = dims.map((d, i) => valueAt(d, u[i]));
    const key = values.join(',');
    const known = seen.get(key);
    if (known !== undefined) return known;
    if (points.length >= budget) return Infinity;
    const s = score(values);
    seen.set(key, s);
    points.push({ values, stage, score: s });
    return s;
  };
  // Coarse grid, row-major over the dimensions.
  const g = gridPointsPerDimension(dims.length, budget);
  let best: number[] = dims.map(() => 0);
  let bestScore = Infinity;
  for (let cell = 0; cell < Math.pow(g, dims.length); cell++) {
    const u = dims.map((_, i) => (Math.floor(cell / Math.pow(g, i)) % g) / (g - 1));
    const s = evaluate(u, 'grid');
    if (s < bestScore) [best, bestScore] = [u, s];
  }
  // Compass search from the grid's best.
  let step = 1 / (g - 1) / 2;
  for (let round = 1; points.length < budget && step >= 1 / 256; round++) {
    let moved: number[] | null = null;
    for (let i = 0; i < dims.length; i++) {
      for (const sign of [-1, 1]) {
        const u = best.slice();
        u[i] = Math.min(1, Math.max(0, u[i] + sign * step));
        const s = evaluate(u, `refine-${round}`);
        if (s < bestScore) [moved, bestScore] = [u, s];
      }
    }
    if (moved) best = moved;
    else step /= 2;
  }
  return points;
}
