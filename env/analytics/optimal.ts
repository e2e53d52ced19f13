import type { ActionSpec } from '../action/action.js';
import { impactModels } from '../market/impact/impact-models.js';
import { RegimeInfoMode, type MarketParams } from '../market/params.js';
import { priceModels } from '../market/price/price-models.js';
import { solveAlphaRiccati, type AlphaRiccati } from './alpha-riccati.js';
import { solveGridDp, solveGridDpRefined, type GridDpSolution, type GridRefinement } from './inventory-grid-dp.js';
import { regimeDpMoments, solveRegimeDp, type RegimeDpSolution } from './regime-dp.js';
import { actionMultiplierCap, haltEqualities } from './schedule-constraints.js';
import { droppedConstraints, droppedConstraintsNote, executionConstraintReport, stepsAtCap, type ExecutionConstraintReport } from './solver-constraints.js';
import { solveStaticOptimum, type ConstraintReport } from './static-optimum.js';

/** How the optimum was computed, and whether it is exact. */
export type OptimalMethod = 'quadratic-programme' | 'convex-programme' | 'regime-dp' | 'inventory-grid-dp' | 'lq-riccati';

/**
 * The optimum of E[IS + risk penalty] over the env's policies (within its action limits), with
 * the plan or, for an adaptive optimum, its expected path. Costs in $ and bps of X * S0.
 */
export interface OptimalSolution {
  readonly method: OptimalMethod;
  /** True when the number is the exact optimum; false for the grid DP (a discretised upper bound). */
  readonly exact: boolean;
  /**
   * True when the solver solved a relaxation of the env's problem (it drops a limit the env
   * enforces: round lots, a cap an adaptive solver ignores, the Riccati feedback's signed, uncapped
   * trades): its value is then a lower bound no policy can beat, not one a policy reaches.
   */
  readonly relaxed: boolean;
  /** Does the optimal policy react to the market state (the regime)? */
  readonly adaptive: boolean;
  /** Does it read hidden state (the true regime of a market that does not publish it)? */
  readonly oracle: boolean;
  readonly objectiveBps: number;
  readonly expectedCostBps: number;
  readonly riskPenaltyBps: number;
  /** The schedule x_0..x_N, or E[x_k] under the adaptive optimum. */
  readonly holdings: Float64Array;
  /** n_k = x_k - x_{k+1}, or E[n_k]. */
  readonly trades: Float64Array;
  readonly holdingsAre: 'the schedule' | 'expected holdings under the adaptive optimum';
  /** The action-space cap used (Box aMax, or the largest Discrete level: the continuous relaxation). */
  readonly aMax: number;
  /** Did the unconstrained optimum respect the limits, and which limits bind. */
  readonly constraints: Omit<ConstraintReport, 'aMax'>;
  /** The spec's execution constraints: which the solver respects, which it drops, where the cap binds (absent: the spec has none). */
  readonly executionConstraints?: ExecutionConstraintReport;
  /** Where the solution is a relaxation or a bound, why (Discrete actions, hidden regime, grid). */
  readonly notes: string[];
  /** The solver's own output, for policies that act on it. */
  readonly regimeDp?: RegimeDpSolution;
  readonly gridDp?: GridDpSolution;
  /** A numerical solver's discretisation (the inventory-grid DP): did its value settle, and its stated error. */
  readonly discretisation?: Omit<GridRefinement, 'solution'>;
  readonly riccati?: AlphaRiccati;
}

/** Inventory grid points of the non-linear regime DP's check of whether the action cap binds. */
export const GRID_POINTS = 1000;

function relaxationNotes(p: MarketParams, action: ActionSpec, exactSolver = true): string[] {
  const notes: string[] = [];
  if (action.type === 'discrete') {
    notes.push(`Discrete actions: this is the optimum over continuous multipliers in [0, ${actionMultiplierCap(action)}] (the largest level), a lower bound on what the levels can reach`);
  }
  if (p.K > 1 && p.regimeInfo !== RegimeInfoMode.Oracle) {
    notes.push(
      exactSolver
        ? 'the regime is not observed: the DP reads the true regime, so its value is an oracle bound: no policy of the public observation can do better'
        : 'the regime is not observed: the DP reads the true regime (an oracle); its true optimum would bound every policy of the public observation, its numerical value only within its discretisation error',
    );
  }
  return notes;
}

/**
 * The optimum for an env's market and action space: the quadratic programme (linear and transient
 * impact, one regime), the convex programme (power and square-root volume impact, one regime), the
 * exact regime DP (linear impact, regimes) or the inventory-grid DP (non-linear impact, regimes).
 * @throws RangeError for a replay market, transient impact with regimes, or regime-dependent epsilon with linear impact
 */
export function solveOptimal(p: MarketParams, action: ActionSpec): OptimalSolution {
  if (p.qr) throw new RangeError('optimal needs a market model whose expected costs a solver knows: a generated order flow (execution.fills.model qr) prices every order in its own simulated book, so no optimum is known for it');
  if (p.replay) throw new RangeError('optimal needs a market model: a replay market plays recorded prices, whose expected costs no solver here knows, so no optimum is known for it');
  const aMax = actionMultiplierCap(action);
  const bps = p.bpsPerDollar;
  const notes = relaxationNotes(p, action);
  const oracle = p.K > 1 && p.regimeInfo !== RegimeInfoMode.Oracle;
  const tradesOf = (x: Float64Array) => Float64Array.from({ length: p.N }, (_, k) => x[k] - x[k + 1]);
  if (priceModels[p.priceModel].latent?.drift) return alphaOptimum(p, aMax, notes, tradesOf);
  if (p.K === 1) {
    const s = solveStaticOptimum(p, aMax);
    const quadratic = impactModels[p.impactModel].quadratic;
    const { aMax: _, ...constraints } = s.constraints;
    const stochasticRisk = priceModels[p.priceModel].latent?.varianceFactor !== undefined;
    const dropped = droppedConstraints(p, 'static-programme');
    notes.push(...droppedConstraintsNote(dropped));
    if (stochasticRisk) notes.push(`${p.priceModel}: the risk penalty charges the current variance, whose mean is the long-run one: this static schedule achieves the value shown exactly, an upper bound on the optimum over adapted policies (which trade faster when the variance is high); that optimum is not computed`);
    return {
      method: quadratic ? 'quadratic-programme' : 'convex-programme',
      exact: !stochasticRisk && dropped.length === 0,
      relaxed: !stochasticRisk && dropped.length > 0,
      adaptive: false,
      oracle: false,
      objectiveBps: s.expectation.objective * bps,
      expectedCostBps: s.expectation.expectedCost * bps,
      riskPenaltyBps: s.expectation.riskPenalty * bps,
      holdings: s.holdings,
      trades: s.trades,
      holdingsAre: 'the schedule',
      aMax,
      constraints,
      executionConstraints: executionConstraintReport(p, 'static-programme', stepsAtCap(p, s.trades)),
      notes,
    };
  }
  // A participation cap in shares leaves the closed-form regime DP: the grid DP restricts its trades to it.
  if (impactModels[p.impactModel].almgrenChriss && !p.constraints?.participationCap) {
    const dp = solveRegimeDp(p, aMax);
    const { expectedHoldings, riskPenalty } = regimeDpMoments(p, dp.keep);
    const dropped = droppedConstraints(p, 'regime-dp');
    const halts = haltEqualities(p).labels;
    return {
      method: 'regime-dp',
      exact: dropped.length === 0,
      relaxed: dropped.length > 0,
      adaptive: true,
      oracle,
      objectiveBps: dp.expectedObjective * bps,
      expectedCostBps: (dp.expectedObjective - riskPenalty) * bps,
      riskPenaltyBps: riskPenalty * bps,
      holdings: expectedHoldings,
      trades: tradesOf(expectedHoldings),
      holdingsAre: 'expected holdings under the adaptive optimum',
      aMax,
      // Each (step, regime) minimisation is one-dimensional: the cells clipped are exactly where the unconstrained optimum leaves the limits.
      constraints: { unconstrainedFeasible: dp.clipped.length === 0, violated: dp.clipped, active: [...dp.clipped, ...halts] },
      executionConstraints: executionConstraintReport(p, 'regime-dp', []),
      notes: [...notes, ...droppedConstraintsNote(dropped)],
      regimeDp: dp,
    };
  }
  const gridNotes = [...relaxationNotes(p, action, false), ...droppedConstraintsNote(droppedConstraints(p, 'inventory-grid-dp'))];
  const refined = solveGridDpRefined(p, aMax);
  const { solution: grid, ...discretisation } = refined;
  const free = solveGridDp(p, Infinity, grid.points, false);
  const binds = free.expectedObjective < grid.expectedObjective - 1e-9 * Math.abs(grid.expectedObjective);
  const capLabel = `the limits (n_k <= aMax x_k / (N - k), aMax = ${aMax}${p.constraints?.participationCap ? ', the participation cap' : ''}${haltEqualities(p).rows.length > 0 ? ', the scheduled halts' : ''}) at some (step, regime)`;
  const active = [
    ...(grid.capBindingSteps.length > 0 ? [`n_k <= rho_max E[V_k] (participation cap) at steps ${grid.capBindingSteps.join(', ')} on some reachable (regime, holdings)`] : []),
    ...haltEqualities(p).labels,
  ];
  const grids = discretisation.history.map((h) => `${h.points}: ${h.objectiveBps.toFixed(3)}`).join(', ');
  return {
    method: 'inventory-grid-dp',
    exact: false,
    relaxed: false,
    adaptive: true,
    oracle,
    objectiveBps: grid.expectedObjective * bps,
    expectedCostBps: (grid.expectedObjective - grid.riskPenalty) * bps,
    riskPenaltyBps: grid.riskPenalty * bps,
    holdings: grid.expectedHoldings,
    trades: tradesOf(grid.expectedHoldings),
    holdingsAre: 'expected holdings under the adaptive optimum',
    aMax,
    constraints: { unconstrainedFeasible: !binds, violated: binds ? [capLabel] : [], active: binds ? (active.length > 0 ? active : [capLabel]) : [] },
    executionConstraints: executionConstraintReport(p, 'inventory-grid-dp', grid.capBindingSteps),
    notes: [
      ...gridNotes,
      discretisation.converged
        ? `inventory grid refined to ${grid.points} points (values in bps, by grid points: ${grids}): the last two agree within ${discretisation.errorBps!.toFixed(4)} bps (tolerance ${discretisation.toleranceBps}), the stated discretisation error; the value is that of an executable grid policy, above the optimum by about that much`
        : `inventory grid NOT CONVERGED (values in bps, by grid points: ${grids}; ${discretisation.stopped ?? 'stopped'}): the value is that of an executable grid policy, above the optimum by an unknown amount, NOT A BOUND`,
    ],
    discretisation,
    gridDp: grid,
  };
}

/**
 * The observed-alpha market's optimum: the Riccati feedback in (holdings, alpha) (alpha-riccati.ts),
 * exact over signed, uncapped trades. The env's trades are in [0, aMax x_k / (N - k)], a subset,
 * so the value is a lower bound there; the policy clips the feedback into the limits.
 */
function alphaOptimum(p: MarketParams, aMax: number, notes: string[], tradesOf: (x: Float64Array) => Float64Array): OptimalSolution {
  const r = solveAlphaRiccati(p);
  const bps = p.bpsPerDollar;
  const dropped = droppedConstraints(p, 'lq-riccati');
  const limits = `0 <= n_k <= aMax x_k / (N - k) (aMax = ${aMax}) on the paths where the alpha asks to buy back or to sell faster`;
  return {
    method: 'lq-riccati',
    // Exact over signed, uncapped trades only: the env's band 0 <= n_k <= aMax x_k / (N - k) makes it
    // a relaxation, so its value is a lower bound (issue 19: a label is a claim).
    exact: false,
    relaxed: true,
    adaptive: true,
    oracle: false,
    objectiveBps: r.objective * bps,
    expectedCostBps: r.expectedCost * bps,
    riskPenaltyBps: r.riskPenalty * bps,
    holdings: r.expectedHoldings,
    trades: tradesOf(r.expectedHoldings),
    holdingsAre: 'expected holdings under the adaptive optimum',
    aMax,
    // The Riccati feedback is unconstrained; whether a path leaves the limits is random (the policy clips there).
    constraints: { unconstrainedFeasible: false, violated: [limits], active: haltEqualities(p).labels },
    executionConstraints: executionConstraintReport(p, 'lq-riccati', []),
    notes: [
      ...notes,
      ...droppedConstraintsNote(dropped),
      'linear-quadratic optimum over adapted policies by a backward Riccati recursion (docs/alpha.md): exact over signed, uncapped trades; the env allows 0 <= n_k <= aMax x_k / (N - k), so on a path where the feedback leaves that band the policy clips and the value is a lower bound (test/analytics-alpha-riccati.test.ts measures the gap)',
    ],
    riccati: r,
  };
}
