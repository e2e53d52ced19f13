import type { Env, VectorEnv } from '../env.js';
import { Box } from '../spaces/box.js';
import { ObservationWrapper, VectorObservationWrapper } from './observation-wrapper.js';
import { RunningNorm } from './running-norm.js';

/** Options of the normalising wrappers: the statistics to start from (to share or restore them) and their clip. */
export interface NormalizeOptions {
  readonly norm?: RunningNorm;
  readonly clip?: number;
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

  constructor(env: Env<Float32Array, Act, ResetInfo, StepInfo>, options: NormalizeOptions = {}) {
    super(env);
    const dim = env.observationSpace.shape[0];
    this.norm = options.norm ?? new RunningNorm(dim, options.clip);
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

  constructor(env: VectorEnv<Act, ResetInfo, StepInfo>, options: NormalizeOptions = {}) {
    super(env);
    const dim = env.singleObservationSpace.shape[0];
    this.norm = options.norm ?? new RunningNorm(dim, options.clip);
    this.singleObservationSpace = clippedSpace(dim, this.norm.clip);
  }

  protected override beforeBatch(batch: Float32Array): void {
    if (this.training) this.norm.update(batch, this.numEnvs);
  }

  protected observeLane(_i: number, row: Float32Array, _reset: boolean, out: Float32Array): void {
    this.norm.normalize(row, 1, out);
  }
}
