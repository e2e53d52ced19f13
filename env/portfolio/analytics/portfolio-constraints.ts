import type { PortfolioParams } from '../params.js';

/**
 * The action space's limits on a portfolio schedule, as G w <= h in the fractions left
 * w_{j,k} = x_{j,k} / X_j (the variables of portfolio-quadratic): for every name j and step k,
 * no reversal (w_{j,k+1} <= w_{j,k}: no buying back a name being sold, no selling a name being
 * bought) and, at every step but the last, at most aMax times the even split of what remains
 * (w_{j,k} - w_{j,k+1} <= aMax w_{j,k} / (N - k)). The env can reach exactly these schedules.
 */
export interface PortfolioConstraints {
  readonly G: Float64Array[];
  readonly h: number[];
  readonly labels: string[];
}

export function portfolioConstraints(p: PortfolioParams): PortfolioConstraints {
  const { m, N } = p;
  const aMax = p.action.aMax;
  const size = m * (N - 1);
  const G: Float64Array[] = [];
  const h: number[] = [];
  const labels: string[] = [];
  const v = (j: number, k: number) => j * (N - 1) + k - 1;
  // Adds a w_k + b w_{k+1} <= rhs, moving the fixed ends w_0 = 1 and w_N = 0 to the right-hand side.
  const add = (j: number, k: number, a: number, b: number, label: string) => {
    const row = new Float64Array(size);
    let rhs = 0;
    if (k === 0) rhs -= a;
    else row[v(j, k)] = a;
    if (k + 1 < N) row[v(j, k + 1)] = b;
    G.push(row);
    h.push(rhs);
    labels.push(label);
  };
  for (let j = 0; j < m; j++) {
    const name = p.symbols[j];
    const verb = p.X[j] > 0 ? 'no buying back' : 'no selling back';
    for (let k = 0; k < N; k++) add(j, k, -1, 1, `${name}: n_${k} toward zero (${verb})`);
    for (let k = 0; k < N - 1; k++) add(j, k, 1 - aMax / (N - k), -1, `${name}: |n_${k}| <= aMax |x_${k}| / (N - ${k}) (aMax = ${aMax})`);
  }
  return { G, h, labels };
}

/** The labels of the rows `w` violates by more than `tolerance` (fractions of each name's order). */
export function violatedPortfolioConstraints(c: PortfolioConstraints, w: ArrayLike<number>, tolerance = 1e-9): string[] {
  return c.labels.filter((_, i) => {
    let lhs = 0;
    const row = c.G[i];
    for (let k = 0; k < row.length; k++) lhs += row[k] * w[k];
    return lhs > c.h[i] + tolerance;
  });
}
