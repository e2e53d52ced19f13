import { actionMask, toMultipliers } from '../action/action.js';
import { compileEnv, type CompiledEnv } from './compile-env.js';
import type { ResetResult, StepResult, VectorEnv, VectorResetOptions } from './env.js';
import { BENCHMARK_KEYS, EpisodePaths, type EpisodeBenchmarks } from '../episode/episode-paths.js';
import type { CostLedger, PassiveCostLedger } from '../episode/cost-ledger.js';
import { episodeSummary, type EpisodeSummary } from '../episode/episode-summary.js';
import { UserError } from '../errors/errors.js';
import { writeObservations, type ObservationFeature } from '../market/observation.js';
import type { MarketParams } from '../market/params.js';
import { createMarketState, type MarketState } from '../market/state.js';
import { createLimitStep, createStepOutput, marketStep, resetLane, type LimitStep, type StepOutput } from '../market/step.js';
import { actionSize, decodePassiveAction, passiveActionMask } from '../action/passive-action.js';
import { passiveSummary, type PassiveSummary } from '../episode/passive-summary.js';
import type { PolicyInput } from '../policy/policy.js';
import { makeRng } from '../random/rng.js';
import { STREAMS } from '../random/seeds.js';
import { checkNumEnvs, checkSpec, checkVectorActions, resetLaneSeeds, vectorActionSize } from './validate-args.js';
import type { Box } from '../spaces/box.js';
import type { Discrete } from '../spaces/discrete.js';
import type { EnvSpec } from '../spec/schema.js';

/**
 * Episode totals of the lanes that terminated on this step (valid where `terminated[i]` is 1): the
 * numbers of {@link EpisodeSummary}, one entry per lane, and its ledger ($) one array per entry.
 */
export interface VectorEpisodeInfo {
  readonly shortfallBps: Float64Array;
  readonly riskPenaltyBps: Float64Array;
  readonly objectiveBps: Float64Array;
  readonly return: Float64Array;
  readonly vwapSlippageBps: Float64Array;
  readonly sharesExecuted: Float64Array;
  /** Each lane's episode ledger in $ (the sums of its steps' ledger entries); a passive env's adds spreadEarned and passiveShortfall. */
  readonly ledger: { readonly [K in keyof PassiveCostLedger]?: Float64Array } & { readonly [K in keyof CostLedger]: Float64Array };
  /** Passive envs only: each terminated lane's passive numbers (see {@link PassiveSummary}). */
  readonly passive?: PassiveEpisodeInfo;
  /** Envs made with `{ benchmarks: true }` only: each terminated lane's benchmarks (see {@link EpisodeBenchmarks}). */
  readonly benchmarks?: { readonly [K in keyof EpisodeBenchmarks]: Float64Array };
}

/** {@link PassiveSummary}'s numbers, one entry per lane. */
export type PassiveEpisodeInfo = { readonly [K in keyof PassiveSummary]: Float64Array };

/** Reset info: the discrete action mask (numEnvs x levels) for the first step, and each lane's replay window. */
export interface VectorResetInfo {
  readonly actionMask: Uint8Array | undefined;
  /** Replay markets: the window each lane's episode replays (a view, updated by autoresets). */
  readonly replayWindow: Int32Array | undefined;
}

/** The step's per-lane fills, volumes, regimes and cost ledger (see {@link StepOutput}), and more. */
export type VectorStepInfo = StepOutput & {
  /** The observation a terminated lane ended on, numEnvs x obsDim. */
  readonly finalObservations: Float32Array;
  readonly episode: VectorEpisodeInfo;
  /** Discrete actions: numEnvs x actions mask for the next step. */
  readonly actionMask: Uint8Array | undefined;
  /** Passive envs only: the lanes' limit orders of this step (inputs and fills, see {@link LimitStep}). */
  readonly limit?: LimitStep;
};

export type VectorStepResult = StepResult<Float32Array, VectorStepInfo, Float64Array, Uint8Array>;

/**
 * M execution episodes stepped together over structure-of-arrays state, with the same market step
 * as {@link ExecutionEnv}: the {@link VectorEnv} contract. Lane i reset with seed s behaves exactly
 * as the single env reset with seed s + i.
 *
 * Autoreset (Gymnasium's same-step mode, as in SB3's VecEnv): when a lane terminates, its final
 * observation goes to `info.finalObservations`, its totals to `info.episode`, and it starts its
 * next episode at once, continuing its random stream; `observation` holds that first observation.
 *
 * The returned arrays are the env's own buffers, overwritten by the next call: copy what you keep.
 */
export class ExecutionVectorEnv implements VectorEnv<ArrayLike<number>, VectorResetInfo, VectorStepInfo> {
  readonly numEnvs: number;
  readonly spec: EnvSpec;
  readonly params: MarketParams;
  readonly features: readonly ObservationFeature[];
  readonly singleObservationSpace: Box<'float32'>;
  readonly singleActionSpace: Box | Discrete;
  readonly obsDim: number;
  private state!: MarketState;
  private input!: PolicyInput;
  private started = false;
  private closed = false;
  private readonly out: StepOutput;
  private readonly multipliers: Float64Array;
  private readonly scratch: Float64Array;
  private readonly observations: Float32Array;
  private readonly finalObservations: Float32Array;
  private readonly lastVolume: Float64Array;
  private readonly seeds: Float64Array;
  private readonly episode: VectorEpisodeInfo;
  private readonly truncated: Uint8Array;
  private readonly mask: Uint8Array | undefined;
  /** Passive envs: the lanes' limit orders (null in a taker env), numbers per action, a level mask. */
  private readonly limit: LimitStep | null;
  private readonly actionSize: number;
  private readonly levelMask: Uint8Array;
  /** Built once: every field is one of the env's own buffers. */
  private readonly result: VectorStepResult;
  /** The lanes' recorded paths, when the env was asked for benchmarks (evaluation, not training). */
  private readonly paths: EpisodePaths | null;

  /**
   * @param options.benchmarks record every lane's prices and volumes so that `info.episode.benchmarks` holds its execution benchmarks (costs a pass over the lanes per step)
   * @throws UserError unless numEnvs is a positive integer
   */
  constructor(specOrCompiled: EnvSpec | CompiledEnv, numEnvs: number, options: { readonly benchmarks?: boolean } = {}) {
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
    this.lastVolume = new Float64Array(numEnvs).fill(NaN);
    this.seeds = Float64Array.from({ length: numEnvs }, (_, i) => i);
    this.truncated = new Uint8Array(numEnvs);
    const f64 = () => new Float64Array(numEnvs);
    this.limit = this.params.execution ? createLimitStep(numEnvs) : null;
    this.actionSize = actionSize(this.spec.action, this.params.execution);
    this.paths = options.benchmarks ? new EpisodePaths(this.params, numEnvs) : null;
    const benchmarks = this.paths ? { benchmarks: Object.fromEntries(BENCHMARK_KEYS.map((key) => [key, f64()])) as VectorEpisodeInfo['benchmarks'] } : {};
    const ledger = Object.fromEntries((this.limit ? PASSIVE_LEDGER_KEYS : LEDGER_KEYS).map((key) => [key, f64()])) as VectorEpisodeInfo['ledger'];
    const totals = Object.fromEntries(SUMMARY_KEYS.map((key) => [key, f64()])) as Pick<VectorEpisodeInfo, (typeof SUMMARY_KEYS)[number]>;
    this.episode = { ...totals, ledger, ...(this.limit ? { passive: passiveEpisodeInfo(numEnvs) } : {}), ...benchmarks };
    this.mask = this.singleActionSpace.kind === 'discrete' ? new Uint8Array(numEnvs * this.singleActionSpace.n) : undefined;
    this.levelMask = new Uint8Array(this.spec.action.type === 'discrete' ? this.spec.action.levels.length : 0);
    this.result = {
      observation: this.observations,
      reward: this.out.reward,
      terminated: this.out.terminated,
      truncated: this.truncated,
      info: { ...this.out, finalObservations: this.finalObservations, episode: this.episode, actionMask: this.mask, ...(this.limit ? { limit: this.limit } : {}) },
    };
    // Unseeded use starts every lane as seed 0 would (lane i on seed i), so it is reproducible too.
    this.seedLanes(Array.from({ length: numEnvs }, (_, i) => i));
  }

  /**
   * What a policy sees at the next decision, lane by lane: views of the env's own buffers, updated
   * by every step and replaced by a seeded reset (see {@link PolicyInput}).
   */
  get policyInput(): PolicyInput {
    return this.input;
  }

  /**
   * Starts every lane; with a seed, lane i restarts its stream from `seed + i` (Gymnasium's
   * convention), with an array of seeds from its own, and `policyInput.seed` names that episode;
   * without one the streams continue.
   */
  reset(options: VectorResetOptions = {}): ResetResult<Float32Array, VectorResetInfo> {
    this.ensureOpen();
    const seeds = resetLaneSeeds(options, this.numEnvs);
    if (seeds !== undefined) this.seedLanes(seeds);
    for (let i = 0; i < this.numEnvs; i++) {
      this.restartLane(i);
      // A lane that continues its stream plays an episode no seed names, except the very first.
      if (seeds !== undefined) this.seeds[i] = seeds[i];
      else if (this.started) this.seeds[i] = NaN;
    }
    this.started = true;
    return { observation: this.observations, info: { actionMask: this.mask, replayWindow: this.params.replay ? this.state.window : undefined } };
  }

  /**
   * Steps every lane with its action (multipliers, squashed inputs or level indices, per the spec).
   * @throws UserError before reset, after close, for the wrong number of actions, or for an action outside the space
   */
  step(actions: ArrayLike<number>): VectorStepResult {
    this.ensureOpen();
    if (!this.started) throw new UserError('step() called before reset()');
    const { limit } = this;
    const e = this.params.execution;
    if (limit && e) {
      const size = vectorActionSize(actions, this.numEnvs, this.actionSize);
      for (let i = 0; i < this.numEnvs; i++) decodePassiveAction(this.spec.action, e, actions as ArrayLike<number>, i * size, size, i, this.multipliers, limit);
    } else {
      checkVectorActions(actions, this.numEnvs);
      toMultipliers(this.spec.action, actions, this.multipliers);
    }
    const s = this.state;
    this.paths?.beforeStep(this.params, s);
    marketStep(this.params, s, this.multipliers, this.out, this.scratch, limit);
    this.paths?.afterStep(this.out);
    // Every lane's next observation, in one loop (a terminated lane's is its final one, kept by
    // endEpisode before the lane restarts): a call per lane from the loop below took 1.5x the
    // instructions (issue 9).
    writeObservations(this.params, s, this.observations);
    this.lastVolume.set(this.out.volume);
    const { terminated } = this.out;
    const lanes = this.numEnvs;
    for (let i = 0; i < lanes; i++) if (terminated[i]) this.endEpisode(i);
    if (this.mask) for (let i = 0; i < lanes; i++) if (!terminated[i]) this.writeMask(i);
    return this.result;
  }

  /** Ends the env: later calls throw. The buffers it returned stay readable. */
  close(): void {
    this.closed = true;
  }

  private ensureOpen(): void {
    if (this.closed) throw new UserError('the vector env was closed; make a new one');
  }

  /** A fresh market state whose lane i plays seed + i: its stream, and (for replay) its window set. */
  private seedLanes(seeds: readonly number[]): void {
    this.state = createMarketState(
      this.params,
      seeds.map((laneSeed) => makeRng(laneSeed, STREAMS.env)),
      seeds,
      this.params.execution ? seeds.map((laneSeed) => makeRng(laneSeed, STREAMS.fills)) : [],
      this.state ?? null,
    );
    const s = this.state;
    this.input = { observations: this.observations, obsDim: this.obsDim, lanes: this.numEnvs, step: s.k, inventory: s.x, lastVolume: this.lastVolume, regime: s.regime, seed: this.seeds };
  }

  /** Lane i terminated: its final observation and episode totals go to `info`, and it starts its next episode. */
  private endEpisode(i: number): void {
    const s = this.state;
    const at = i * this.obsDim;
    for (let j = at; j < at + this.obsDim; j++) this.finalObservations[j] = this.observations[j];
    const summary = episodeSummary(this.params, s, i);
    for (const key of SUMMARY_KEYS) this.episode[key][i] = summary[key];
    const ledger = summary.ledger as PassiveCostLedger;
    for (const [key, values] of Object.entries(this.episode.ledger) as [keyof PassiveCostLedger, Float64Array][]) values[i] = ledger[key];
    if (this.episode.passive) {
      const passive = passiveSummary(this.params, s, i);
      for (const key of PASSIVE_KEYS) this.episode.passive[key][i] = passive[key];
    }
    if (this.paths && this.episode.benchmarks) {
      const benchmarks = this.paths.finish(this.params, s, i);
      for (const key of BENCHMARK_KEYS) this.episode.benchmarks[key][i] = benchmarks[key];
    }
    this.restartLane(i);
    this.seeds[i] = NaN;
  }

  private restartLane(i: number): void {
    resetLane(this.params, this.state, i);
    this.lastVolume[i] = NaN;
    writeObservations(this.params, this.state, this.observations, i, i + 1);
    this.writeMask(i);
  }

  /** Discrete actions: lane i's mask for its next step. */
  private writeMask(i: number): void {
    if (!this.mask || this.spec.action.type !== 'discrete') return;
    const s = this.state;
    const levels = this.spec.action.levels;
    const e = this.params.execution;
    if (e) passiveActionMask(this.params, levels, e, s.k[i], s.x[i], this.mask, i * this.mask.length / this.numEnvs, this.levelMask);
    else actionMask(this.params, levels, s.k[i], s.x[i], this.mask, i * levels.length);
  }
}

/** The numbers of {@link EpisodeSummary} the vector env reports per lane (averagePrice and marketVwap are left to the single env). */
const SUMMARY_KEYS = ['shortfallBps', 'riskPenaltyBps', 'objectiveBps', 'return', 'vwapSlippageBps', 'sharesExecuted'] as const satisfies readonly (keyof EpisodeSummary)[];
const LEDGER_KEYS: readonly (keyof CostLedger)[] = ['fixed', 'temporary', 'permanent', 'timing', 'shortfall', 'riskPenalty'];
const PASSIVE_LEDGER_KEYS: readonly (keyof PassiveCostLedger)[] = [...LEDGER_KEYS, 'spreadEarned', 'passiveShortfall'];

const PASSIVE_KEYS: readonly (keyof PassiveSummary)[] = ['posted', 'filled', 'fillRate', 'passiveShare', 'spreadCapture', 'spreadEarnedBps', 'passiveShortfallBps', 'aggressiveShortfallBps', 'markout1Bps', 'markout10Bps', 'markout60Bps'];

function passiveEpisodeInfo(lanes: number): PassiveEpisodeInfo {
  return Object.fromEntries(PASSIVE_KEYS.map((key) => [key, new Float64Array(lanes)])) as unknown as PassiveEpisodeInfo;
}
