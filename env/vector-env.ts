import { actionMask, toMultiplier } from './action.js';
import { compileEnv, type CompiledEnv } from './compile-env.js';
import { episodeSummary } from './episode-summary.js';
import { writeObservation, type ObservationFeature } from './market/observation.js';
import type { MarketParams } from './market/params.js';
import { createMarketState, type MarketState } from './market/state.js';
import { createStepOutput, marketStep, resetLane, type StepOutput } from './market/step.js';
import { makeRng } from './rng.js';
import { STREAMS } from './seeds.js';
import { checkNumEnvs, checkSpec, checkVectorActions, resetSeed } from './validate-args.js';
import type { Box } from './spaces/box.js';
import type { Discrete } from './spaces/discrete.js';
import type { EnvSpec } from './spec/schema.js';

/** Episode totals of the lanes that terminated on this step (valid where `terminated[i]` is 1). */
export interface VectorEpisodeInfo {
  readonly shortfallBps: Float64Array;
  readonly riskPenaltyBps: Float64Array;
  readonly return: Float64Array;
  readonly vwapSlippageBps: Float64Array;
}

export interface VectorStepResult {
  /** numEnvs x obsDim, row-major. After a terminal step a lane holds its next episode's first observation. */
  readonly observations: Float32Array;
  readonly rewards: Float64Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  /** The step's per-lane fills, volumes, regimes and cost ledger (see {@link StepOutput}). */
  readonly info: StepOutput & {
    /** The observation a terminated lane ended on, numEnvs x obsDim. */
    readonly finalObservations: Float32Array;
    readonly episode: VectorEpisodeInfo;
    /** Discrete actions: numEnvs x levels mask for the next step. */
    readonly actionMask?: Uint8Array;
  };
}

/**
 * M execution episodes stepped together over structure-of-arrays state, with the same market step
 * as {@link ExecutionEnv}. Lane i reset with seed s behaves exactly as the single env reset with
 * seed s + i.
 *
 * Autoreset (Gymnasium's same-step mode, as in SB3's VecEnv): when a lane terminates, its final
 * observation goes to `info.finalObservations`, its totals to `info.episode`, and it starts its
 * next episode at once, continuing its random stream; `observations` holds that first observation.
 *
 * The returned arrays are the env's own buffers, overwritten by the next call: copy what you keep.
 */
export class VectorEnv {
  readonly numEnvs: number;
  readonly spec: EnvSpec;
  readonly params: MarketParams;
  readonly features: readonly ObservationFeature[];
  readonly singleObservationSpace: Box;
  readonly singleActionSpace: Box | Discrete;
  readonly obsDim: number;
  private state: MarketState | null = null;
  private readonly out: StepOutput;
  private readonly multipliers: Float64Array;
  private readonly scratch: Float64Array;
  private readonly observations: Float32Array;
  private readonly finalObservations: Float32Array;
  private readonly episode: VectorEpisodeInfo;
  private readonly truncated: Uint8Array;
  private readonly mask: Uint8Array | undefined;
  /** Built once: every field is one of the env's own buffers. */
  private readonly result: VectorStepResult;

  constructor(specOrCompiled: EnvSpec | CompiledEnv, numEnvs: number) {
    checkNumEnvs(numEnvs);
    const compiled = 'params' in specOrCompiled ? specOrCompiled : compileEnv(checkSpec(specOrCompiled));
    this.numEnvs = numEnvs;
    this.spec = compiled.spec;
    this.params = compiled.params;
    this.features = compiled.features;
    this.singleObservationSpace = compiled.observationSpace;
    this.singleActionSpace = compiled.actionSpace;
    this.obsDim = compiled.features.length;
    this.out = createStepOutput(numEnvs);
    this.multipliers = new Float64Array(numEnvs);
    this.scratch = new Float64Array(this.params.K);
    this.observations = new Float32Array(numEnvs * this.obsDim);
    this.finalObservations = new Float32Array(numEnvs * this.obsDim);
    this.truncated = new Uint8Array(numEnvs);
    const f64 = () => new Float64Array(numEnvs);
    this.episode = { shortfallBps: f64(), riskPenaltyBps: f64(), return: f64(), vwapSlippageBps: f64() };
    this.mask = this.spec.action.type === 'discrete' ? new Uint8Array(numEnvs * this.spec.action.levels.length) : undefined;
    this.result = {
      observations: this.observations,
      rewards: this.out.reward,
      terminated: this.out.terminated,
      truncated: this.truncated,
      info: { ...this.out, finalObservations: this.finalObservations, episode: this.episode, actionMask: this.mask },
    };
  }

  /** Starts every lane; lane i is seeded with `seed + i` (Gymnasium's convention). */
  reset(options: { seed?: number } = {}): { observations: Float32Array; actionMask?: Uint8Array; regime: Int32Array } {
    const given = resetSeed(options, this.numEnvs);
    const seed = given ?? 0;
    if (given !== undefined || this.state === null) {
      this.state = createMarketState(
        this.params,
        Array.from({ length: this.numEnvs }, (_, i) => makeRng(seed + i, STREAMS.env)),
        Array.from({ length: this.numEnvs }, (_, i) => seed + i),
      );
    }
    for (let i = 0; i < this.numEnvs; i++) this.restartLane(i);
    return { observations: this.observations, actionMask: this.mask, regime: this.state.regime };
  }

  /**
   * Steps every lane with its action (multipliers, squashed inputs or level indices, per the spec).
   * @throws UserError before reset or for an action outside the space (naming the lane)
   */
  step(actions: ArrayLike<number>): VectorStepResult {
    const s = this.state;
    if (s === null) throw new Error('VectorEnv.step() called before reset()');
    checkVectorActions(actions, this.numEnvs);
    for (let i = 0; i < this.numEnvs; i++) this.multipliers[i] = toMultiplier(this.spec.action, actions[i]);
    marketStep(this.params, s, this.multipliers, this.out, this.scratch);
    const { terminated } = this.out;
    for (let i = 0; i < this.numEnvs; i++) {
      if (terminated[i]) {
        writeObservation(this.params, s, i, this.finalObservations, i * this.obsDim);
        const summary = episodeSummary(this.params, s, i);
        this.episode.shortfallBps[i] = summary.shortfallBps;
        this.episode.riskPenaltyBps[i] = summary.riskPenaltyBps;
        this.episode.return[i] = summary.return;
        this.episode.vwapSlippageBps[i] = summary.vwapSlippageBps;
        this.restartLane(i);
      } else {
        this.writeLane(i);
      }
    }
    return this.result;
  }

  /** Read-only view of the market state, for analysis (true regimes, prices, holdings). */
  get marketState(): MarketState | null {
    return this.state;
  }

  private restartLane(i: number): void {
    resetLane(this.params, this.state!, i);
    this.writeLane(i);
  }

  private writeLane(i: number): void {
    const s = this.state!;
    writeObservation(this.params, s, i, this.observations, i * this.obsDim);
    if (this.mask && this.spec.action.type === 'discrete') {
      const levels = this.spec.action.levels;
      actionMask(this.params, levels, s.k[i], s.x[i], this.mask, i * levels.length);
    }
  }
}
