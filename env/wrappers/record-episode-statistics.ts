import type { Env, ResetOptions, ResetResult, StepResult, VectorEnv, VectorResetOptions } from '../core/env.js';

/** SB3's and Gymnasium's episode keys: return, length in steps, elapsed wall time (s). */
export interface EpisodeStatistics {
  readonly r: number;
  readonly l: number;
  readonly t: number;
}

/** Step info with `episode` extended by {@link EpisodeStatistics} on the step that ends an episode. */
export type WithEpisodeStatistics<Info> = Omit<Info, 'episode'> & {
  readonly episode: (Info extends { readonly episode?: infer E } ? NonNullable<E> : unknown) & EpisodeStatistics | undefined;
};

/** Options: the clock in seconds (`performance.now() / 1000` unless given) and how many recent episodes to keep. */
export interface EpisodeStatisticsOptions {
  readonly clock?: () => number;
  readonly bufferLength?: number;
}

const wallClock = () => performance.now() / 1000;

/** The last `bufferLength` finished episodes' returns, lengths and times (Gymnasium's queues). */
class EpisodeQueues {
  readonly returns: number[] = [];
  readonly lengths: number[] = [];
  readonly times: number[] = [];

  constructor(private readonly bufferLength: number) {}

  push(stats: EpisodeStatistics): void {
    for (const [queue, value] of [[this.returns, stats.r], [this.lengths, stats.l], [this.times, stats.t]] as const) {
      queue.push(value);
      if (queue.length > this.bufferLength) queue.shift();
    }
  }
}

/**
 * Adds the episode's return `r`, length `l` and elapsed wall time `t` (seconds since its reset) to
 * `info.episode` on the step that ends it, as Gymnasium's `RecordEpisodeStatistics` and SB3's
 * `Monitor` do; an env whose info already has an `episode` record (the execution envs' summary)
 * keeps it, with r, l, t added. The last `bufferLength` episodes are kept in `returnQueue`,
 * `lengthQueue` and `timeQueue`.
 */
export class RecordEpisodeStatistics<Obs, Act, ResetInfo, StepInfo> implements Env<Obs, Act, ResetInfo, WithEpisodeStatistics<StepInfo>> {
  private readonly clock: () => number;
  private readonly queues: EpisodeQueues;
  private episodeReturn = 0;
  private episodeLength = 0;
  private episodeStart = 0;

  constructor(
    readonly env: Env<Obs, Act, ResetInfo, StepInfo>,
    options: EpisodeStatisticsOptions = {},
  ) {
    this.clock = options.clock ?? wallClock;
    this.queues = new EpisodeQueues(options.bufferLength ?? 100);
  }

  get observationSpace() {
    return this.env.observationSpace;
  }

  get actionSpace() {
    return this.env.actionSpace;
  }

  get returnQueue(): readonly number[] {
    return this.queues.returns;
  }

  get lengthQueue(): readonly number[] {
    return this.queues.lengths;
  }

  get timeQueue(): readonly number[] {
    return this.queues.times;
  }

  reset(options?: ResetOptions): ResetResult<Obs, ResetInfo> {
    const result = this.env.reset(options);
    this.episodeReturn = 0;
    this.episodeLength = 0;
    this.episodeStart = this.clock();
    return result;
  }

  step(action: Act): StepResult<Obs, WithEpisodeStatistics<StepInfo>> {
    const result = this.env.step(action);
    this.episodeReturn += result.reward;
    this.episodeLength += 1;
    if (!(result.terminated || result.truncated)) return result as StepResult<Obs, WithEpisodeStatistics<StepInfo>>;
    const stats: EpisodeStatistics = { r: this.episodeReturn, l: this.episodeLength, t: this.clock() - this.episodeStart };
    this.queues.push(stats);
    const previous = (result.info as { episode?: object }).episode;
    const info = { ...result.info, episode: { ...previous, ...stats } } as WithEpisodeStatistics<StepInfo>;
    return { ...result, info };
  }

  close(): void {
    this.env.close();
  }
}

/** Per-lane episode statistics of a vector step, valid where the lane's episode ended (`_episode[i]` is 1). */
export interface VectorEpisodeStatistics {
  readonly r: Float64Array;
  readonly l: Int32Array;
  readonly t: Float64Array;
}

/** Vector step info with `episode` extended by {@link VectorEpisodeStatistics} and Gymnasium's `_episode` mask. */
export type WithVectorEpisodeStatistics<Info> = Omit<Info, 'episode'> & {
  readonly episode: (Info extends { readonly episode?: infer E } ? NonNullable<E> : unknown) & VectorEpisodeStatistics;
  readonly _episode: Uint8Array;
};

/**
 * {@link RecordEpisodeStatistics} over a vector env (Gymnasium's vector wrapper): every step's
 * `info.episode` carries r, l, t arrays, valid for the lanes whose episode ended on this step as
 * `info._episode` marks; lanes continue into their next episode with autoreset.
 */
export class VectorRecordEpisodeStatistics<Act extends ArrayLike<number>, ResetInfo, StepInfo>
  implements VectorEnv<Act, ResetInfo, WithVectorEpisodeStatistics<StepInfo>>
{
  private readonly clock: () => number;
  private readonly queues: EpisodeQueues;
  private readonly returns: Float64Array;
  private readonly lengths: Int32Array;
  private readonly starts: Float64Array;
  private readonly stats: VectorEpisodeStatistics;
  private readonly ended: Uint8Array;

  constructor(
    readonly env: VectorEnv<Act, ResetInfo, StepInfo>,
    options: EpisodeStatisticsOptions = {},
  ) {
    const M = env.numEnvs;
    this.clock = options.clock ?? wallClock;
    this.queues = new EpisodeQueues(options.bufferLength ?? 100);
    this.returns = new Float64Array(M);
    this.lengths = new Int32Array(M);
    this.starts = new Float64Array(M);
    this.stats = { r: new Float64Array(M), l: new Int32Array(M), t: new Float64Array(M) };
    this.ended = new Uint8Array(M);
  }

  get numEnvs(): number {
    return this.env.numEnvs;
  }

  get singleObservationSpace() {
    return this.env.singleObservationSpace;
  }

  get singleActionSpace() {
    return this.env.singleActionSpace;
  }

  get returnQueue(): readonly number[] {
    return this.queues.returns;
  }

  get lengthQueue(): readonly number[] {
    return this.queues.lengths;
  }

  get timeQueue(): readonly number[] {
    return this.queues.times;
  }

  reset(options?: VectorResetOptions): ResetResult<Float32Array, ResetInfo> {
    const result = this.env.reset(options);
    this.returns.fill(0);
    this.lengths.fill(0);
    this.starts.fill(this.clock());
    return result;
  }

  step(actions: Act): StepResult<Float32Array, WithVectorEpisodeStatistics<StepInfo>, Float64Array, Uint8Array> {
    const result = this.env.step(actions);
    const now = this.clock();
    for (let i = 0; i < this.numEnvs; i++) {
      this.returns[i] += result.reward[i];
      this.lengths[i] += 1;
      this.ended[i] = result.terminated[i] | result.truncated[i];
      if (!this.ended[i]) continue;
      const stats = { r: this.returns[i], l: this.lengths[i], t: now - this.starts[i] };
      this.stats.r[i] = stats.r;
      this.stats.l[i] = stats.l;
      this.stats.t[i] = stats.t;
      this.queues.push(stats);
      this.returns[i] = 0;
      this.lengths[i] = 0;
      this.starts[i] = now;
    }
    const previous = (result.info as { episode?: object }).episode;
    const info = { ...result.info, episode: { ...previous, ...this.stats }, _episode: this.ended } as WithVectorEpisodeStatistics<StepInfo>;
    return { ...result, info };
  }

  close(): void {
    this.env.close();
  }
}
