import { impactModels } from '../market/impact/impact-models.js';
import type { MarketParams } from '../market/params.js';
import { temporaryCostPower, temporaryCostWeight } from './expected-impact.js';
import { stepTradeCaps } from './schedule-constraints.js';

/**
 * A numerical dynamic programme over (step, inventory on a grid, regime) for regime markets whose
 * impact is not linear (power, square-root volume), where the cost-to-go is no longer quadratic.
 * The expected cost of leaving y after step k in regime r, from holdings x (n = x - y), is
 *   epsilon_r n + w_{k,r} n^(1+beta) + gamma_r n y + lambda sigma_r^2 tau y^2
 * (w from expected-impact: the volume noise is independent of the past; permanent impact rewritten
 * as sum_j gamma_{r_j} n_j x_{j+1}, as in regime-dp), and
 *   J_k(x, r) = min_{y in grid, x (1 - aMax / (N - k)) <= y <= x, x - y <= cap_k} cost + sum_r' P[r, r'] J_{k+1}(y, r'),
 * cap_k the spec's deterministic per-step limits (the participation cap rho_max E[V_k]; 0 on a
 * scheduled halt; see `stepTradeCaps`): the grid of admissible trades is restricted to them.
 * Holdings and choices live on the grid x_i = X i / G, so the value is that of a policy the env can
 * execute (an upper bound on the true optimum, up to rounding); its discretisation error is measured
 * against the exact DP and the exact convex programme in test/analytics-optimal.test.ts.
 * Transient impact with regimes would need the displacement as a second state: not supported.
 */
export interface GridDpSolution {
  readonly points: number;
  /** J[(k * K + r) * (G + 1) + i] ($); row N is 0. */
  readonly value: Float64Array;
  /** Index of the grid holding kept after step k in regime r from grid point i. */
  readonly choice: Int32Array;
  /** next[k][r * (G + 1) + j] = sum_r' P[r, r'] J_{k+1}(x_j, r'): what a choice at step k weighs. */
  readonly next: Float64Array[];
  readonly expectedObjective: number;
  readonly riskPenalty: number;
  readonly expectedHoldings: Float64Array;
  /** The most shares each step may trade (participation cap, scheduled halts; Infinity: no limit), or null when solved without them. */
  readonly tradeCaps: Float64Array | null;
  /** Steps at which the policy trades at the participation cap (within a grid step) on some path it reaches with positive probability. */
  readonly capBindingSteps: number[];
}

function stepCost(p: MarketParams, w: number, power: number, r: number, x: number, y: number): number {
  const n = x - y;
  const risk = p.lambda * p.sigma[r] * p.sigma[r] * p.tau * y * y;
  return n > 0 ? p.epsilon[r] * n + w * Math.pow(n, power) + p.gamma[r] * n * y + risk : risk;
}

/** sum_r' P[r, r'] f[(k+1, r', j)] for every r and j: the continuation of step k. */
function continuation(p: MarketParams, f: Float64Array, k: number, G: number): Float64Array {
  const { K } = p;
  const out = new Float64Array(K * (G + 1));
  for (let r = 0; r < K; r++) {
    for (let r2 = 0; r2 < K; r2++) {
      const pr = p.transition[r * K + r2];
      if (pr === 0) continue;
      const from = ((k + 1) * K + r2) * (G + 1);
      for (let j = 0; j <= G; j++) out[r * (G + 1) + j] += pr * f[from + j];
    }
  }
  return out;
}

/** The grid index to keep from holdings x at step k in regime r (x need not be on the grid). */
export function gridDpChoice(p: MarketParams, sol: GridDpSolution, aMax: number, k: number, r: number, x: number, next?: Float64Array): number {
  const G = sol.points;
  if (k === p.N - 1) return 0;
  const cont = next ?? sol.next[k];
  const w = temporaryCostWeight(p, k, r);
  const power = temporaryCostPower(p);
  const lowest = Math.max(x * Math.max(0, 1 - aMax / (p.N - k)), sol.tradeCaps ? x - sol.tradeCaps[k] : 0);
  const top = Math.min(G, Math.floor((x / p.X) * G + 1e-9));
  let best = top;
  let bestValue = Infinity;
  for (let j = top; j >= 0; j--) {
    const y = (p.X * j) / G;
    if (y < lowest - 1e-9 * p.X) break;
    const v = stepCost(p, w, power, r, x, y) + cont[r * (G + 1) + j];
    if (v < bestValue) {
      bestValue = v;
      best = j;
    }
  }
  return best;
}

/**
 * Most steps the inventory-grid DP takes: each step minimises over the grid at every grid point and
 * regime, about 0.25 s a step at 1000 points and 2 regimes on this project's 2-core machine
 * (`execgym optimal` solves it twice, with and without the limits: N = 20 23 s, N = 100 63 s,
 * 144 MB; issue 26).
 */
export const MAX_GRID_DP_STEPS = 100;

/**
 * @param constrained restrict the trades to the spec's participation cap and scheduled halts (false: the DP without them, to see whether they bind)
 * @throws RangeError for transient impact, or N above {@link MAX_GRID_DP_STEPS}
 */
export function solveGridDp(p: MarketParams, aMax: number, points = 1000, constrained = true): GridDpSolution {
  if (impactModels[p.impactModel].displaces) throw new RangeError(`the inventory-grid DP does not cover ${p.impactModel} impact (the displacement would be a second state)`);
  if (p.N > MAX_GRID_DP_STEPS) throw new RangeError(`horizon.N: the inventory-grid DP is solved for N <= ${MAX_GRID_DP_STEPS} steps (about 0.25 s a step at ${points} points), got ${p.N}`);
  const { N, K, X } = p;
  const G = points;
  const size = (N + 1) * K * (G + 1);
  const value = new Float64Array(size);
  const risk = new Float64Array(size);
  const choice = new Int32Array(N * K * (G + 1));
  const nextOf: Float64Array[] = new Array<Float64Array>(N);
  const caps = constrained ? Float64Array.from(stepTradeCaps(p), (u) => u * X) : null;
  const tradeCaps = caps && caps.some((c) => c !== Infinity) ? caps : null;
  const sol = { points: G, value, choice, next: nextOf, tradeCaps } as GridDpSolution;
  for (let k = N - 1; k >= 0; k--) {
    const cont = continuation(p, value, k, G);
    nextOf[k] = cont;
    const contRisk = continuation(p, risk, k, G);
    for (let r = 0; r < K; r++) {
      const w = temporaryCostWeight(p, k, r);
      const power = temporaryCostPower(p);
      for (let i = 0; i <= G; i++) {
        const x = (X * i) / G;
        const j = gridDpChoice(p, sol, aMax, k, r, x, cont);
        const y = (X * j) / G;
        const cell = (k * K + r) * (G + 1) + i;
        choice[cell] = j;
        value[cell] = stepCost(p, w, power, r, x, y) + cont[r * (G + 1) + j];
        risk[cell] = p.lambda * p.sigma[r] * p.sigma[r] * p.tau * y * y + contRisk[r * (G + 1) + j];
      }
    }
  }
  // Forward pass: the law of (regime, grid holding) under the policy, for E[x_k].
  let law = new Float64Array(K * (G + 1));
  for (let r = 0; r < K; r++) law[r * (G + 1) + G] = p.initial[r];
  const expectedHoldings = new Float64Array(N + 1);
  let expectedObjective = 0;
  let riskPenalty = 0;
  for (let r = 0; r < K; r++) {
    expectedObjective += p.initial[r] * value[r * (G + 1) + G];
    riskPenalty += p.initial[r] * risk[r * (G + 1) + G];
  }
  const capBinding = new Set<number>();
  const participation = constrained ? p.constraints?.participationCap : undefined;
  for (let k = 0; k < N; k++) {
    const capShares = k < N - 1 ? participation?.[k] : undefined;
    const next = new Float64Array(K * (G + 1));
    for (let r = 0; r < K; r++) {
      for (let i = 0; i <= G; i++) {
        const mass = law[r * (G + 1) + i];
        if (mass === 0) continue;
        expectedHoldings[k] += mass * ((X * i) / G);
        const j = choice[(k * K + r) * (G + 1) + i];
        if (capShares !== undefined && capShares > 0 && capShares !== Infinity && (X * (i - j)) / G >= capShares - X / G) capBinding.add(k);
        for (let r2 = 0; r2 < K; r2++) next[r2 * (G + 1) + j] += mass * p.transition[r * K + r2];
      }
    }
    law = next;
  }
  return { points: G, value, choice, next: nextOf, expectedObjective, riskPenalty, expectedHoldings, tradeCaps, capBindingSteps: [...capBinding].sort((a, b) => a - b) };
}

/**
 * Choices the grid DP weighs at G points: sum over steps, regimes and grid holdings i of the grid
 * holdings it may keep, about K G^2 / 2 sum_k min(1, aMax / (N - k)). What a refinement is capped by.
 */
export function gridDpWork(p: MarketParams, aMax: number, points: number): number {
  let share = 0;
  for (let k = 0; k < p.N; k++) share += Math.min(1, aMax / (p.N - k));
  return (p.K * points * points * share) / 2 + p.N * p.K * (points + 1);
}

/** When a refinement stops: the first grid, the agreement asked for, and the work allowed in all. */
export interface GridRefinementOptions {
  readonly startPoints: number;
  /** Two successive grids (G, 2G) must agree within this (bps of X S0). */
  readonly toleranceBps: number;
  /** Total choices weighed over every grid solved (see {@link gridDpWork}); about 40 ns each. */
  readonly maxWork: number;
}

/**
 * 500 points, doubled until two grids agree within 0.01 bps, at most 2e8 choices in all (about 10 s
 * at the measured 40-200 ns a choice): regime-v0 (linear) settles at 2000 points (500: 366.874,
 * 1000: 366.855, 2000: within 0.005 of it).
 */
export const GRID_REFINEMENT: GridRefinementOptions = { startPoints: 500, toleranceBps: 0.01, maxWork: 2e8 };

/** The grid DP refined until its value settles (see {@link solveGridDpRefined}). */
export interface GridRefinement {
  /** The finest grid solved. */
  readonly solution: GridDpSolution;
  /** Did the last two grids agree within `toleranceBps`? */
  readonly converged: boolean;
  /** |V_G - V_{G/2}| of the last two grids (bps): the stated discretisation error; null with one grid. */
  readonly errorBps: number | null;
  readonly toleranceBps: number;
  /** Every grid solved and its value (bps). */
  readonly history: readonly { readonly points: number; readonly objectiveBps: number }[];
  /** Why refinement stopped short, when it did. */
  readonly stopped?: string;
}

const refinements = new WeakMap<MarketParams, Map<number, GridRefinement>>();

/**
 * The inventory-grid DP solved on G, 2G, 4G... points until two successive values agree within
 * `toleranceBps`, or the next grid would take the work past `maxWork`. A grid value is that of an
 * executable grid policy (above the true optimum), and it is not always close: holdings below
 * (N - k) X / (aMax G) cannot trade at step k at all (the smallest trade is one grid step), so on a
 * long horizon a coarse grid strands shares until the end and its value can be far above the
 * optimum (issue 19: 110.42 bps at G = 1000 next to static ac at 41.83 on regime-v0 with power
 * impact and N = 200). Callers state the error and never call an unconverged value a bound.
 * Memoised per market: `optimal`, its policy and the benchmark ask for the same solve.
 */
export function solveGridDpRefined(p: MarketParams, aMax: number, options: GridRefinementOptions = GRID_REFINEMENT): GridRefinement {
  const memo = options === GRID_REFINEMENT ? refinements.get(p)?.get(aMax) : undefined;
  if (memo) return memo;
  const bps = p.bpsPerDollar;
  const history: { points: number; objectiveBps: number }[] = [];
  let G = options.startPoints;
  let work = gridDpWork(p, aMax, G);
  let solution = solveGridDp(p, aMax, G);
  history.push({ points: G, objectiveBps: solution.expectedObjective * bps });
  let stopped: string | undefined;
  for (;;) {
    const last = history.length - 1;
    if (last >= 1 && Math.abs(history[last].objectiveBps - history[last - 1].objectiveBps) <= options.toleranceBps) break;
    const nextWork = gridDpWork(p, aMax, 2 * G);
    if (work + nextWork > options.maxWork) {
      stopped = `the next grid (${2 * G} points) would take the work to ${(work + nextWork).toExponential(2)} choices, past the cap of ${options.maxWork.toExponential(2)}`;
      break;
    }
    G *= 2;
    work += nextWork;
    solution = solveGridDp(p, aMax, G);
    history.push({ points: G, objectiveBps: solution.expectedObjective * bps });
  }
  const n = history.length;
  const errorBps = n >= 2 ? Math.abs(history[n - 1].objectiveBps - history[n - 2].objectiveBps) : null;
  const result: GridRefinement = { solution, converged: errorBps !== null && errorBps <= options.toleranceBps, errorBps, toleranceBps: options.toleranceBps, history, ...(stopped ? { stopped } : {}) };
  if (options === GRID_REFINEMENT) {
    if (!refinements.has(p)) refinements.set(p, new Map());
    refinements.get(p)!.set(aMax, result);
  }
  return result;
}
