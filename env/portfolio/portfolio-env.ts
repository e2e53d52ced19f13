import type { CostLedger } from '../episode/cost-ledger.js';
import type { Env, ResetOptions, ResetResult, StepResult } from '../core/env.js';
import { UserError } from '../errors/errors.js';
import { makeRng } from '../random/rng.js';
import { STREAMS } from '../random/seeds.js';
import type { Box } from '../spaces/box.js';
import { resetSeed } from '../core/validate-args.js';
import { decodePortfolioActions, portfolioActionSpace } from './action.js';
import { compilePortfolio, type PortfolioParams } from './params.js';
import type { PortfolioSpec } from './spec-schema.js';
import { createPortfolioState, resetPortfolioLane, type PortfolioState } from './state.js';
import { portfolioObservationSpace, writePortfolioObservations } from './observation.js';
import { createPortfolioScratch, createPortfolioStepOutput, portfolioEpisodeSummary, portfolioStep, type PortfolioEpisodeSummary } from './step.js';

/**
 * One name's part of a step's ledger in $ (positive is a cost): the single-asset ledger's entries,
 * with shortfall = n (S0 - execution price) and riskPenalty = lambda tau x_j (Sigma x)_j, Euler's
 * share of the step's risk penalty.
 */
export interface PortfolioLedgerEntry extends CostLedger {
  readonly symbol: string;
}

export interface PortfolioResetInfo {
  readonly step: number;
  /** Signed holdings x_k (+ to sell, - to buy). */
  readonly holdings: Float64Array;
}

export interface PortfolioStepInfo extends PortfolioResetInfo {
  readonly fills: { readonly shares: Float64Array; readonly price: Float64Array };
  /** Per name; `total` sums them (shortfall = the step's total shortfall). */
  readonly ledger: readonly PortfolioLedgerEntry[];
  readonly total: { readonly shortfall: number; readonly riskPenalty: number };
  /** Set on the final step only. */
  readonly episode: PortfolioEpisodeSummary | undefined;
}

/**
 * Portfolio execution with cross-impact (issue 24): m names traded together, the {@link Env}
 * contract; a thin adapter over a one-lane {@link portfolioStep}, the function the vector env runs.
 *
 * - Action Space: Box of m numbers, name j's multiplier of the even split (env/portfolio/action.ts).
 * - Observation Space: time left, each name's fraction left, each name's price move (env/portfolio/observation.ts).
 * - Rewards: -1e4 / (sum |X_j| S0_j) * (step shortfall + lambda tau x_{k+1}' Sigma x_{k+1}), in bps.
 * - Starting State: x_0 = X (signed), prices S0.
 * - Episode End: after N steps (`terminated`); the last step trades what remains. Never truncated.
 * - Arguments: a portfolio spec (env/portfolio/spec-schema.ts), or its compiled params.
 */
export class PortfolioEnv implements Env<Float32Array, ArrayLike<number>, PortfolioResetInfo, PortfolioStepInfo> {
  readonly params: PortfolioParams;
  readonly spec: PortfolioSpec | undefined;
  readonly observationSpace: Box<'float32'>;
  readonly actionSpace: Box;
  private state: PortfolioState | null = null;
  private done = true;
  private closed = false;
  private readonly out;
  private readonly scratch;
  private readonly multipliers: Float64Array;

  constructor(specOrParams: PortfolioSpec | PortfolioParams) {
    const compiled = 'bpsPerDollar' in specOrParams;
    this.params = compiled ? specOrParams : compilePortfolio(specOrParams);
    this.spec = compiled ? undefined : specOrParams;
    this.observationSpace = portfolioObservationSpace(this.params);
    this.actionSpace = portfolioActionSpace(this.params);
    this.out = createPortfolioStepOutput(1, this.params.m);
    this.scratch = createPortfolioScratch(this.params.m);
    this.multipliers = new Float64Array(this.params.m);
  }

  /** Starts an episode; a seed restarts the stream (an env never seeded starts from seed 0). */
  reset(options: ResetOptions = {}): ResetResult<Float32Array, PortfolioResetInfo> {
    this.ensureOpen();
    const given = resetSeed(options);
    if (given !== undefined || this.state === null) this.state = createPortfolioState(this.params, [makeRng(given ?? 0, STREAMS.env)]);
    resetPortfolioLane(this.params, this.state, 0);
    this.done = false;
    return { observation: this.observe(), info: { step: 0, holdings: this.state.x.slice() } };
  }

  /**
   * Trades one step.
   * @param action m numbers, one per name (see {@link portfolioActionSpace})
   * @throws UserError before reset, after the episode ended, after close, or for an action outside the space
   */
  step(action: ArrayLike<number>): StepResult<Float32Array, PortfolioStepInfo> {
    this.ensureOpen();
    if (this.state === null) throw new UserError('step() called before reset()');
    if (this.done) throw new UserError('step() called after the episode ended; call reset()');
    const p = this.params;
    decodePortfolioActions(p, action, 1, this.multipliers);
    portfolioStep(p, this.state, this.multipliers, this.out, this.scratch);
    const out = this.out;
    const terminated = out.terminated[0] === 1;
    this.done = terminated;
    const ledger = p.symbols.map((symbol, j) => ({
      symbol,
      fixed: out.fixed[j],
      temporary: out.temporary[j],
      permanent: out.permanent[j],
      timing: out.timing[j],
      shortfall: out.shortfall[j],
      riskPenalty: out.riskPenalty[j],
    }));
    const info: PortfolioStepInfo = {
      step: this.state.k[0],
      holdings: this.state.x.slice(),
      fills: { shares: out.shares.slice(), price: out.price.slice() },
      ledger,
      total: { shortfall: out.stepShortfall[0], riskPenalty: out.stepRiskPenalty[0] },
      episode: terminated ? portfolioEpisodeSummary(p, this.state, 0) : undefined,
    };
    return { observation: this.observe(), reward: out.reward[0], terminated, truncated: false, info };
  }

  close(): void {
    this.closed = true;
    this.state = null;
  }

  private ensureOpen(): void {
    if (this.closed) throw new UserError('the env was closed; make a new one');
  }

  private observe(): Float32Array {
    const obs = new Float32Array(1 + 2 * this.params.m);
    writePortfolioObservations(this.params, this.state!, obs);
    return obs;
  }
}
