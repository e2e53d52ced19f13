import type { ActionSpec } from '../action/action.js';
import type { MarketParams } from '../market/params.js';

/**
 * The action space's limits on a schedule, as linear inequalities G u <= h in the fractions
 * u_k = n_k / X of the order traded at each step: no buying back (u_k >= 0) and, at every step but
 * the last (which liquidates), n_k <= aMax x_k / (N - k), i.e.
 *   u_k + (aMax / (N - k)) sum_{j<k} u_j <= aMax / (N - k).
 * Selling more than is held needs no row: with sum u = 1 and every later u >= 0 it cannot happen.
 * A participation cap (spec constraints) adds n_k <= rho_max E[V_k] for every step but the last
 * (scheduled halts are equalities: {@link haltEqualities}).
 */
export interface ScheduleConstraints {
  readonly G: Float64Array[];
  readonly h: number[];
  /** One label per row, for reports: `n_3 >= 0`, `n_5 <= aMax x_5 / (N - 5)`. */
  readonly labels: string[];
  readonly aMax: number;
  /** How many rows come first that are no-buy-back rows n_k >= 0 (one per step not halted). */
  readonly domainRows: number;
}

/**
 * The largest multiplier of the even split the action space can trade: a Box's aMax, or the
 * largest level of a Discrete space (whose continuous relaxation is the reference optimum).
 */
export function actionMultiplierCap(action: ActionSpec): number {
  return action.type === 'discrete' ? Math.max(...action.levels) : action.aMax;
}

export function scheduleConstraints(p: MarketParams, aMax: number): ScheduleConstraints {
  const { N } = p;
  const G: Float64Array[] = [];
  const h: number[] = [];
  const labels: string[] = [];
  // A scheduled halt's step is an equality n_k = 0 (haltEqualities): its rows here would be implied by it and, active beside it, make the KKT system singular.
  const halts = p.constraints?.halts;
  const halted = (k: number) => halts?.model === 'scheduled' && halts.halted[k] === 1;
  for (let k = 0; k < N; k++) {
    if (halted(k)) continue;
    const row = new Float64Array(N);
    row[k] = -1;
    G.push(row);
    h.push(0);
    labels.push(`n_${k} >= 0 (no buying back)`);
  }
  const domainRows = G.length;
  for (let k = 0; k < N - 1; k++) {
    if (halted(k)) continue;
    const row = new Float64Array(N);
    const cap = aMax / (N - k);
    for (let j = 0; j < k; j++) row[j] = cap;
    row[k] = 1;
    G.push(row);
    h.push(cap);
    labels.push(`n_${k} <= aMax x_${k} / (N - ${k}) (aMax = ${aMax})`);
  }
  const cap = p.constraints?.participationCap;
  if (cap) {
    for (let k = 0; k < N - 1; k++) {
      if (halted(k)) continue;
      const row = new Float64Array(N);
      row[k] = 1;
      G.push(row);
      h.push(cap[k] / p.X);
      labels.push(`n_${k} <= rho_max E[V_${k}] = ${cap[k].toPrecision(6)} (participation cap)`);
    }
  }
  return { G, h, labels, aMax, domainRows };
}

/**
 * Scheduled trading halts as equalities n_k = 0 (rows of A u = 0 in the fractions u, one per halted
 * step, with their labels): equalities rather than a pair of opposite inequalities, whose
 * gradients would make the active set's KKT system singular.
 */
export function haltEqualities(p: MarketParams): { rows: Float64Array[]; labels: string[] } {
  const rows: Float64Array[] = [];
  const labels: string[] = [];
  const halts = p.constraints?.halts;
  if (halts?.model !== 'scheduled') return { rows, labels };
  for (let k = 0; k < p.N - 1; k++) {
    if (!halts.halted[k]) continue;
    const row = new Float64Array(p.N);
    row[k] = 1;
    rows.push(row);
    labels.push(`n_${k} = 0 (trading halt)`);
  }
  return { rows, labels };
}

/**
 * Per step, the most of the order (a fraction of X) the spec's deterministic constraints let it
 * trade: the participation cap rho_max E[V_k] / X, 0 on a scheduled halt, Infinity where neither
 * applies; the last step, which liquidates, Infinity. What the static programme and the DPs
 * restrict their trades to.
 */
export function stepTradeCaps(p: MarketParams): Float64Array {
  const caps = new Float64Array(p.N).fill(Infinity);
  const cap = p.constraints?.participationCap;
  const halts = p.constraints?.halts;
  for (let k = 0; k < p.N - 1; k++) {
    if (cap) caps[k] = cap[k] / p.X;
    if (halts?.model === 'scheduled' && halts.halted[k]) caps[k] = 0;
  }
  return caps;
}

/** The labels of the rows that `u` violates by more than `tolerance` (in fractions of X). */
export function violatedConstraints(c: ScheduleConstraints, u: ArrayLike<number>, tolerance = 1e-9): string[] {
  const out: string[] = [];
  c.G.forEach((row, i) => {
    let lhs = 0;
    for (let k = 0; k < row.length; k++) lhs += row[k] * u[k];
    if (lhs > c.h[i] + tolerance) out.push(c.labels[i]);
  });
  return out;
}
