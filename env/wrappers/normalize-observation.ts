import type { Env, VectorEnv } from '../core/env.js';
import { UserError } from '../errors/errors.js';
import { Box } from '../spaces/box.js';
import { checkEnvArgument, shown } from '../core/validate-args.js';
import { ObservationWrapper, VectorObservationWrapper } from './observation-wrapper.js';
import { RunningNorm } from './running-norm.js';

/** Options of the normalising wrappers: the statistics to start from (to share or restore them) and their clip. */
export interface NormalizeOptions {
  readonly norm?: RunningNorm;
  readonly clip?: number;
}

/**
 * The statistics to normalise `dim`-wide observations with: `options.norm` when it is a
 * {@link RunningNorm} of that width (statistics of another width would standardise column j with
 * another column's mean, or read past the end: silently wrong), else new ones clipped at `options.clip`.
 * @throws UserError naming the option, the value and what is allowed
 */
function statistics(options: NormalizeOptions, dim: number, who: string): RunningNorm {
  if (typeof options !== 'object' || options === null) throw new UserError(`${who}: options must be an object like { clip: 10 }, got ${shown(options)}`);
  const { norm, clip } = options;
  if (clip !== undefined && !(typeof clip === 'number' && clip > 0 && clip <= Number.MAX_VALUE)) throw new UserError(`${who}: options.clip must be a finite number > 0, got ${shown(clip)}`);
  if (norm === undefined) return new RunningNorm(dim, clip);
  if (!(norm instanceof RunningNorm)) throw new UserError(`${who}: options.norm must be a RunningNorm (RunningNorm.fromState(state) restores saved statistics), got ${shown(norm)}`);
  if (norm.dim !== dim || norm.mean.length !== dim || norm.var.length !== dim) {
    throw new UserError(`${who}: options.norm holds statistics of ${norm.mean.length} features, but the env's observations have ${dim}`);
  }
  if (clip !== undefined && clip !== norm.clip) throw new UserError(`${who}: options.clip ${clip} differs from options.norm's clip ${norm.clip}; give one of them`);
  return norm;
}

function clippedSpace(dim: number, clip: number): Box<'float32'> {
  return new Box(new Array<number>(dim).fill(-clip), new Array<number>(dim).fill(clip), 'float32');
}

/**
 * Standardises observations with running statistics (Gymnasium's `NormalizeObservation`, SB3's
 * `VecNormalize`): every observation the env returns is folded into `norm`, then returned as
 * (obs - mean) / sqrt(var + 1e-8), clipped to ±clip. The algorithm is {@link RunningNorm}, the one
 * PPO's `normObs` uses. Set `training` false to freeze the statistics (evaluation).
 */
export class NormalizeObservation<Act, ResetInfo, StepInfo> extends ObservationWrapper<Act, ResetInfo, StepInfo> {
  readonly observationSpace: Box<'float32'>;
  readonly norm: RunningNorm;
  training = true;

  /** @throws UserError unless `env` is an env and `options.norm` (if given) has the observation's width */
  constructor(env: Env<Float32Array, Act, ResetInfo, StepInfo>, options: NormalizeOptions = {}) {
    checkEnvArgument(env, 'new NormalizeObservation');
    super(env);
    const dim = env.observationSpace.shape[0];
    this.norm = statistics(options, dim, 'new NormalizeObservation');
    this.observationSpace = clippedSpace(dim, this.norm.clip);
  }

  protected observe(observation: Float32Array): Float32Array {
    if (this.training) this.norm.update(observation, 1);
    return this.norm.normalize(observation, 1, new Float32Array(observation.length));
  }
}

/** {@link NormalizeObservation} over a vector env: each batch of lanes updates the statistics once. */
export class VectorNormalizeObservation<Act extends ArrayLike<number>, ResetInfo, StepInfo> extends VectorObservationWrapper<Act, ResetInfo, StepInfo> {
  readonly singleObservationSpace: Box<'float32'>;
  readonly norm: RunningNorm;
  training = true;

  /** @throws UserError unless `env` is a vector env and `options.norm` (if given) has the observation's width */
  constructor(env: VectorEnv<Act, ResetInfo, StepInfo>, options: NormalizeOptions = {}) {
    checkEnvArgument(env, 'new VectorNormalizeObservation', true);
    super(env);
    const dim = env.singleObservationSpace.shape[0];
    this.norm = statistics(options, dim, 'new VectorNormalizeObservation');
    this.singleObservationSpace = clippedSpace(dim, this.norm.clip);
  }

  protected override beforeBatch(batch: Float32Array): void {
    if (this.training) this.norm.update(batch, this.numEnvs);
  }

  protected observeLane(_i: number, row: Float32Array, _reset: boolean, out: Float32Array): void {
    this.norm.normalize(row, 1, out);
  }
}
