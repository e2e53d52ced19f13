import type { MarketParams } from '../market/params.js';

/** The solvers of `solveOptimal`. */
export type ConstraintSolver = 'static-programme' | 'regime-dp' | 'inventory-grid-dp' | 'lq-riccati';

/**
 * Which of the spec's execution constraints (env/market/constraints.ts) each solver respects, and
 * why the others cannot be: one table, so `optimal` names what it dropped instead of guessing.
 *
 * - participation cap (a fixed number of shares per step): the static programme (a row per step)
 *   and the inventory-grid DP (its admissible trades restricted); not the closed-form regime DP
 *   (a cap in shares is not a fraction of the holdings, so its cost-to-go stops being quadratic:
 *   `solveOptimal` takes the grid DP instead) nor the Riccati feedback (a linear feedback cannot
 *   stay under a cap on every path);
 * - scheduled halts (known steps with no trade): every solver (n_k = 0 on those steps);
 * - Markov halts: none (the halt state would be a second Markov state of the DPs);
 * - round lots and minimum orders: none (they make the set of schedules non-convex);
 * - price limits: none (the admissible size depends on the price path at each step).
 *
 * Every constraint restricts what a policy may trade and none changes the costs of the trades it
 * allows, so dropping one gives a relaxation: its value is a lower bound on what the env allows.
 */
export function droppedConstraints(p: MarketParams, solver: ConstraintSolver): string[] {
  const c = p.constraints;
  if (!c) return [];
  const dropped: string[] = [];
  if (c.participationCap && (solver === 'regime-dp' || solver === 'lq-riccati')) dropped.push(`the participation cap (the ${solver === 'lq-riccati' ? 'Riccati feedback is linear and cannot stay under a cap on every path' : 'closed-form regime DP'} ignores it)`);
  if (c.halts?.model === 'markov') dropped.push('the random (Markov) trading halts (no solver here carries the halt state)');
  if (c.halts?.model === 'recorded') dropped.push('the recorded trading halts (they differ from window to window)');
  if (c.lot > 0 || c.minOrder > 0) dropped.push(`round lots (${c.lot}) and the minimum order (${c.minOrder}) (they make the set of schedules non-convex: no solver here respects them)`);
  if (c.band) dropped.push(`the price limits (band ${c.band.width * 1e4} bps around the ${c.band.reference === 'arrival' ? 'arrival' : 'last'} price: what may trade depends on the price path; no solver here respects them)`);
  return dropped;
}

/** The note `optimal` prints when a solver dropped constraints, or none. */
export function droppedConstraintsNote(dropped: readonly string[]): string[] {
  if (dropped.length === 0) return [];
  return [`constraints this solver does not respect: ${dropped.join('; ')}: it solves a relaxation, so its value is a lower bound on what the env allows, not a value a policy reaches`];
}

/** What `optimal` reports about the spec's execution constraints (absent when the spec has none). */
export interface ExecutionConstraintReport {
  /** The constraints the solver respects, e.g. `participation cap (rho_max 0.05 of E[V_k])`, `scheduled halts at steps 3, 4`. */
  readonly respected: string[];
  /** The constraints it drops, with why (its value is then a relaxation). */
  readonly dropped: string[];
  /** Steps where the optimum trades at the participation cap (on some path, for an adaptive optimum). */
  readonly capBindingSteps: number[];
  /** Scheduled halts: steps where nothing trades. */
  readonly haltedSteps: number[];
}

/** The report for `solver` on this market, given the steps where its optimum sits at the cap. */
export function executionConstraintReport(p: MarketParams, solver: ConstraintSolver, capBindingSteps: readonly number[]): ExecutionConstraintReport | undefined {
  const c = p.constraints;
  if (!c) return undefined;
  const dropped = droppedConstraints(p, solver);
  const halts = c.halts;
  const haltedSteps = halts?.model === 'scheduled' ? [...halts.halted.keys()].filter((k) => halts.halted[k] === 1) : [];
  const respected: string[] = [];
  if (c.participationCap && (solver === 'static-programme' || solver === 'inventory-grid-dp')) respected.push('the participation cap n_k <= rho_max E[V_k]');
  if (haltedSteps.length > 0) respected.push(`the scheduled halts (n_k = 0 at steps ${haltedSteps.join(', ')})`);
  return { respected, dropped, capBindingSteps: respected.some((r) => r.startsWith('the participation cap')) ? [...capBindingSteps] : [], haltedSteps };
}

/** Steps k < N - 1 at which a schedule's trade is at the participation cap (within 1e-9 of it). */
export function stepsAtCap(p: MarketParams, trades: ArrayLike<number>): number[] {
  const cap = p.constraints?.participationCap;
  if (!cap) return [];
  const out: number[] = [];
  for (let k = 0; k < p.N - 1; k++) if (trades[k] >= cap[k] * (1 - 1e-9)) out.push(k);
  return out;
}
