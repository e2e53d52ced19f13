import type { ResetResult, StepResult, VectorEnv, VectorResetOptions } from '../core/env.js';
import { UserError } from '../errors/errors.js';
import { makeRng } from '../random/rng.js';
import { STREAMS } from '../random/seeds.js';
import type { Box } from '../spaces/box.js';
import { checkNumEnvs, resetLaneSeeds } from '../core/validate-args.js';
import { decodePortfolioActions, portfolioActionSpace } from './action.js';
import { compilePortfolio, type PortfolioParams } from './params.js';
import type { PortfolioSpec } from './spec-schema.js';
import { createPortfolioState, resetPortfolioLane, type PortfolioState } from './state.js';
import { portfolioObservationSpace, writePortfolioObservations } from './observation.js';
import { createPortfolioScratch, createPortfolioStepOutput, portfolioEpisodeSummary, portfolioStep, type PortfolioStepOutput } from './step.js';

/** Totals of the lanes that terminated on this step (valid where `terminated[i]` is 1), bps. */
export interface PortfolioVectorEpisodeInfo {
  readonly shortfallBps: Float64Array;
  readonly riskPenaltyBps: Float64Array;
  readonly objectiveBps: Float64Array;
  readonly return: Float64Array;
  /** lanes x m: each name's shortfall, bps of the total notional. */
  readonly shortfallBpsByName: Float64Array;
}

export type PortfolioVectorStepInfo = PortfolioStepOutput & {
  readonly finalObservations: Float32Array;
  readonly episode: PortfolioVectorEpisodeInfo;
};

/** What a policy sees at a decision, lane by lane (views of the env's buffers). */
export interface PortfolioPolicyInput {
  readonly lanes: number;
  readonly m: number;
  readonly observations: Float32Array;
  readonly obsDim: number;
  readonly step: Int32Array;
  /** lanes x m signed holdings x_k. */
  readonly holdings: Float64Array;
}

/**
 * M portfolio episodes over structure-of-arrays state, stepped by the same {@link portfolioStep}
 * as {@link PortfolioEnv}: the {@link VectorEnv} contract, actions numEnvs x m row-major. Lane i
 * reset with seed s behaves exactly as the single env reset with seed s + i. Autoreset in
 * Gymnasium's same-step mode, as the single-asset vector env. The returned arrays are the env's
 * own buffers, overwritten by the next call.
 */
export class PortfolioVectorEnv implements VectorEnv<ArrayLike<number>, PortfolioPolicyInput, PortfolioVectorStepInfo> {
  readonly numEnvs: number;
  readonly params: PortfolioParams;
  readonly singleObservationSpace: Box<'float32'>;
  readonly singleActionSpace: Box;
  readonly obsDim: number;
  private state!: PortfolioState;
  private started = false;
  private closed = false;
  private readonly out: PortfolioStepOutput;
  private readonly scratch;
  private readonly multipliers: Float64Array;
  private readonly observations: Float32Array;
  private readonly finalObservations: Float32Array;
  private readonly truncated: Uint8Array;
  private readonly episode: PortfolioVectorEpisodeInfo;
  private readonly result: StepResult<Float32Array, PortfolioVectorStepInfo, Float64Array, Uint8Array>;

  /** @throws UserError unless numEnvs is a positive integer */
  constructor(specOrParams: PortfolioSpec | PortfolioParams, numEnvs: number) {
    checkNumEnvs(numEnvs);
    this.params = 'bpsPerDollar' in specOrParams ? specOrParams : compilePortfolio(specOrParams);
    const { m } = this.params;
    this.numEnvs = numEnvs;
    this.singleObservationSpace = portfolioObservationSpace(this.params);
    this.singleActionSpace = portfolioActionSpace(this.params);
    this.obsDim = 1 + 2 * m;
    this.out = createPortfolioStepOutput(numEnvs, m);
    this.scratch = createPortfolioScratch(m);
    this.multipliers = new Float64Array(numEnvs * m);
    this.observations = new Float32Array(numEnvs * this.obsDim);
    this.finalObservations = new Float32Array(numEnvs * this.obsDim);
    this.truncated = new Uint8Array(numEnvs);
    const f64 = () => new Float64Array(numEnvs);
    this.episode = { shortfallBps: f64(), riskPenaltyBps: f64(), objectiveBps: f64(), return: f64(), shortfallBpsByName: new Float64Array(numEnvs * m) };
    this.result = { observation: this.observations, reward: this.out.reward, terminated: this.out.terminated, truncated: this.truncated, info: { ...this.out, finalObservations: this.finalObservations, episode: this.episode } };
    this.seedLanes(Array.from({ length: numEnvs }, (_, i) => i));
  }

  /** What a policy sees at the next decision (views updated by every step; replaced by a seeded reset). */
  get policyInput(): PortfolioPolicyInput {
    return { lanes: this.numEnvs, m: this.params.m, observations: this.observations, obsDim: this.obsDim, step: this.state.k, holdings: this.state.x };
  }

  /** Starts every lane; with a seed, lane i restarts its stream from seed + i (from seed[i] with an array). Reset info: the policy input. */
  reset(options: VectorResetOptions = {}): ResetResult<Float32Array, PortfolioPolicyInput> {
    this.ensureOpen();
    const seeds = resetLaneSeeds(options, this.numEnvs);
    if (seeds !== undefined) this.seedLanes(seeds);
    for (let i = 0; i < this.numEnvs; i++) this.restartLane(i);
    this.started = true;
    return { observation: this.observations, info: this.policyInput };
  }

  /**
   * Steps every lane with its m numbers.
   * @throws UserError before reset, after close, for the wrong number of actions, or one outside the space
   */
  step(actions: ArrayLike<number>): StepResult<Float32Array, PortfolioVectorStepInfo, Float64Array, Uint8Array> {
    this.ensureOpen();
    if (!this.started) throw new UserError('step() called before reset()');
    decodePortfolioActions(this.params, actions, this.numEnvs, this.multipliers);
    portfolioStep(this.params, this.state, this.multipliers, this.out, this.scratch);
    writePortfolioObservations(this.params, this.state, this.observations);
    const { terminated } = this.out;
    for (let i = 0; i < this.numEnvs; i++) if (terminated[i]) this.endEpisode(i);
    return this.result;
  }

  close(): void {
    this.closed = true;
  }

  private ensureOpen(): void {
    if (this.closed) throw new UserError('the vector env was closed; make a new one');
  }

  private seedLanes(seeds: readonly number[]): void {
    this.state = createPortfolioState(this.params, seeds.map((seed) => makeRng(seed, STREAMS.env)));
  }

  private endEpisode(i: number): void {
    const dim = this.obsDim;
    this.finalObservations.set(this.observations.subarray(i * dim, (i + 1) * dim), i * dim);
    const summary = portfolioEpisodeSummary(this.params, this.state, i);
    this.episode.shortfallBps[i] = summary.shortfallBps;
    this.episode.riskPenaltyBps[i] = summary.riskPenaltyBps;
    this.episode.objectiveBps[i] = summary.objectiveBps;
    this.episode.return[i] = summary.return;
    this.episode.shortfallBpsByName.set(summary.shortfallBpsByName, i * this.params.m);
    this.restartLane(i);
  }

  private restartLane(i: number): void {
    resetPortfolioLane(this.params, this.state, i);
    writePortfolioObservations(this.params, this.state, this.observations, i, i + 1);
  }
}
