import { actionMask, toMultiplier } from '../action/action.js';
import { compileEnv, type CompiledEnv } from './compile-env.js';
import type { CostLedger, PassiveCostLedger } from '../episode/cost-ledger.js';
import type { Env, ResetOptions, ResetResult, StepResult } from './env.js';
import { episodeSummary, type EpisodeSummary } from '../episode/episode-summary.js';
import { UserError } from '../errors/errors.js';
import { checkSpec, resetSeed, singleAction, singlePassiveAction } from './validate-args.js';
import { writeObservations, type ObservationFeature } from '../market/observation.js';
import type { MarketParams } from '../market/params.js';
import type { ReplayWindow } from '../data/replay-table.js';
import { createMarketState, type MarketState } from '../market/state.js';
import { createLimitStep, createStepOutput, marketStep, resetLane, type LimitStep } from '../market/step.js';
import { actionSize, decodePassiveAction, passiveActionMask } from '../action/passive-action.js';
import { passiveSummary, type PassiveSummary } from '../episode/passive-summary.js';
import { makeRng } from '../random/rng.js';
import { STREAMS } from '../random/seeds.js';
import type { Box } from '../spaces/box.js';
import type { Discrete } from '../spaces/discrete.js';
import type { EnvSpec } from '../spec/schema.js';

export type { CostLedger, PassiveCostLedger } from '../episode/cost-ledger.js';

/** A passive env's limit order of the step just taken (shares and $/share). */
export interface LimitFill {
  readonly posted: number;
  readonly filled: number;
  /** Unfilled shares crossed at the step's end (unfilled: 'cross'). */
  readonly crossed: number;
  readonly price: number;
}

export interface ResetInfo {
  readonly step: number;
  readonly inventory: number;
  /** The true regime: for analysis only; in the observation only with regimeInfo 'oracle'. */
  readonly regime: number;
  readonly regimeName: string;
  /** The published forecast of this step's market volume (what VWAP and POV may use). */
  readonly expectedVolume: number;
  /** Discrete actions only: 1 where a level trades a distinct number of shares. */
  readonly actionMask: Uint8Array | undefined;
  /** Replay markets only: the recorded window this episode replays (symbol, day, start). */
  readonly replayWindow: ReplayWindow | undefined;
}

export interface StepInfo extends ResetInfo {
  readonly fill: { readonly shares: number; readonly price: number };
  /** Market volume printed during the step just taken, and the regime it was taken in. */
  readonly marketVolume: number;
  readonly stepRegime: number;
  /** Unaffected price S_{k+1} after the step. */
  readonly price: number;
  readonly ledger: CostLedger | PassiveCostLedger;
  /** Set on the final step only. */
  readonly episode: EpisodeSummary | undefined;
  /** Passive envs only: the step's limit order, and on the final step the episode's passive numbers. */
  readonly limit?: LimitFill;
  readonly passive?: PassiveSummary;
}

export type ExecutionResetResult = ResetResult<Float32Array, ResetInfo>;
export type ExecutionStepResult = StepResult<Float32Array, StepInfo>;

/**
 * A single execution episode: the {@link Env} contract. A thin adapter over the one-lane market
 * state: the step itself is {@link marketStep}, the same function the vector env runs.
 *
 * - Action: see `env/action/action.ts`; the multiplier of the even split of what remains.
 * - Observation: `features` (time left, inventory left, price move, realised vol, volume ratio,
 *   and the regime columns `regimeInfo` allows).
 * - Reward: -1e4 / (X * S0) * (step shortfall + lambda * sigma_r^2 * tau * x_{k+1}^2), in bps.
 * - Episode end: after N steps (`terminated`); the last step sells what remains. Never truncated.
 */
export class ExecutionEnv implements Env<Float32Array, number | ArrayLike<number>, ResetInfo, StepInfo> {
  readonly spec: EnvSpec;
  readonly params: MarketParams;
  readonly features: readonly ObservationFeature[];
  readonly observationSpace: Box<'float32'>;
  readonly actionSpace: Box | Discrete;
  private state: MarketState | null = null;
  private done = true;
  private closed = false;
  private readonly out = createStepOutput(1);
  private readonly scratch: Float64Array;
  private readonly multiplier = new Float64Array(1);
  /** Passive envs: the step's limit order (null in a taker env) and the numbers per action. */
  private readonly limit: LimitStep | null;
  private readonly actionSize: number;
  private readonly regimeNames: readonly string[];

  constructor(specOrCompiled: EnvSpec | CompiledEnv) {
    const compiled = 'params' in specOrCompiled ? specOrCompiled : compileEnv(checkSpec(specOrCompiled));
    this.spec = compiled.spec;
    this.params = compiled.params;
    this.features = compiled.features;
    this.observationSpace = compiled.observationSpace;
    this.actionSpace = compiled.actionSpace;
    this.scratch = new Float64Array(this.params.K);
    this.regimeNames = this.params.regimeNames;
    this.limit = this.params.execution ? createLimitStep(1) : null;
    this.actionSize = actionSize(this.spec.action, this.params.execution);
  }

  /**
   * Starts an episode. With a seed the env's stream restarts from it; without one it continues
   * (an env never seeded starts from seed 0, so unseeded runs are reproducible too).
   */
  reset(options: ResetOptions = {}): ExecutionResetResult {
    this.ensureOpen();
    const given = resetSeed(options);
    if (given !== undefined || this.state === null) {
      const seed = given ?? 0;
      this.state = createMarketState(this.params, [makeRng(seed, STREAMS.env)], [seed], this.params.execution ? [makeRng(seed, STREAMS.fills)] : [], this.state);
    }
    resetLane(this.params, this.state, 0);
    this.done = false;
    return { observation: this.observe(), info: this.resetInfo() };
  }

  /**
   * Trades one step.
   * @param action a multiplier (Box, as a number or a one-element array) or a level index (Discrete)
   * @throws UserError before reset, after the episode ended, after close, or for an action outside the space
   */
  step(action: number | ArrayLike<number>): ExecutionStepResult {
    this.ensureOpen();
    if (this.state === null) throw new UserError('step() called before reset()');
    if (this.done) throw new UserError('step() called after the episode ended; call reset()');
    const limit = this.limit;
    if (limit && this.params.execution) {
      const values = singlePassiveAction(action, this.actionSize);
      decodePassiveAction(this.spec.action, this.params.execution, values, 0, values.length, 0, this.multiplier, limit);
    } else {
      this.multiplier[0] = toMultiplier(this.spec.action, singleAction(action));
    }
    marketStep(this.params, this.state, this.multiplier, this.out, this.scratch, limit);
    const out = this.out;
    const terminated = out.terminated[0] === 1;
    this.done = terminated;
    const s = this.state;
    const k = s.k[0];
    const regime = s.regime[0];
    // Written out, not spread from a ResetInfo: V8's object spread costs microseconds per step.
    const info: { -readonly [K in keyof StepInfo]: StepInfo[K] } = {
      step: k,
      inventory: s.x[0],
      regime,
      regimeName: this.regimeNames[regime],
      expectedVolume: k < this.params.N ? this.params.expectedVolume[k] : 0,
      actionMask: this.mask(),
      replayWindow: this.replayWindow(),
      fill: { shares: out.shares[0], price: out.price[0] },
      marketVolume: out.volume[0],
      stepRegime: out.regime[0],
      price: s.fundamental[0] - this.params.side * s.permanent[0],
      ledger: limit ? this.passiveLedger(limit) : this.ledger(),
      episode: terminated ? episodeSummary(this.params, s, 0) : undefined,
    };
    if (limit) {
      // Added in place, not spread into a copy (the spread cost a tenth of a lob-replay-v0 step).
      info.limit = { posted: limit.posted[0], filled: limit.filled[0], crossed: limit.crossed[0], price: limit.limitPrice[0] };
      info.passive = terminated ? passiveSummary(this.params, s, 0) : undefined;
    }
    return { observation: this.observe(), reward: out.reward[0], terminated, truncated: false, info };
  }

  /** The step's ledger. */
  private ledger(): CostLedger {
    const out = this.out;
    return { fixed: out.fixed[0], temporary: out.temporary[0], permanent: out.permanent[0], timing: out.timing[0], shortfall: out.shortfall[0], riskPenalty: out.riskPenalty[0] };
  }

  /** A passive env's step ledger: {@link ledger}'s entries, then the spread earned and the passive shortfall. */
  private passiveLedger(limit: LimitStep): PassiveCostLedger {
    const out = this.out;
    return {
      fixed: out.fixed[0],
      temporary: out.temporary[0],
      permanent: out.permanent[0],
      timing: out.timing[0],
      shortfall: out.shortfall[0],
      riskPenalty: out.riskPenalty[0],
      spreadEarned: limit.spreadEarned[0],
      passiveShortfall: limit.passiveShortfall[0],
    };
  }

  /** Ends the env: later calls throw. */
  close(): void {
    this.closed = true;
    this.state = null;
  }

  private ensureOpen(): void {
    if (this.closed) throw new UserError('the env was closed; make a new one');
  }

  private observe(): Float32Array {
    const obs = new Float32Array(this.features.length);
    writeObservations(this.params, this.state!, obs);
    return obs;
  }

  private resetInfo(): ResetInfo {
    const s = this.state!;
    return {
      step: 0,
      inventory: s.x[0],
      regime: s.regime[0],
      regimeName: this.regimeNames[s.regime[0]],
      expectedVolume: this.params.expectedVolume[0],
      actionMask: this.mask(),
      replayWindow: this.replayWindow(),
    };
  }

  private replayWindow(): ReplayWindow | undefined {
    return this.params.replay?.windows[this.state!.window[0]];
  }

  private mask(): Uint8Array | undefined {
    if (this.spec.action.type !== 'discrete') return undefined;
    const s = this.state!;
    const e = this.params.execution;
    const { levels } = this.spec.action;
    const mask = new Uint8Array((this.actionSpace as Discrete).n);
    if (s.k[0] < this.params.N) {
      if (e) passiveActionMask(this.params, levels, e, s.k[0], s.x[0], mask);
      else actionMask(this.params, levels, s.k[0], s.x[0], mask);
    }
    return mask;
  }
}
