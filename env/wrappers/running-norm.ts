import { UserError } from '../errors/errors.js';
import { shown } from '../core/validate-args.js';

/** Serialisable statistics of a {@link RunningNorm}. */
export interface RunningNormState {
  readonly mean: number[];
  readonly var: number[];
  readonly count: number;
}

/**
 * Running mean and variance of each observation column (Chan et al.'s parallel update, as in
 * SB3's RunningMeanStd), used to standardise observations: (obs - mean) / sqrt(var + eps), clipped.
 * One algorithm for the {@link NormalizeObservation} wrappers and the agents (PPO's `normObs`),
 * whose statistics are part of the model: a policy is saved and loaded with them.
 */
export class RunningNorm {
  readonly mean: Float64Array;
  readonly var: Float64Array;
  count: number;

  constructor(
    readonly dim: number,
    readonly clip = 10,
    readonly epsilon = 1e-8,
  ) {
    this.mean = new Float64Array(dim);
    this.var = new Float64Array(dim).fill(1);
    // SB3 starts from a pseudo-count of 1e-4, so the first batch dominates.
    this.count = 1e-4;
  }

  /** Folds `rows` observations (row-major, `dim` columns) into the statistics. */
  update(batch: ArrayLike<number>, rows: number): void {
    const d = this.dim;
    for (let j = 0; j < d; j++) {
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += batch[i * d + j];
      const batchMean = sum / rows;
      let sq = 0;
      for (let i = 0; i < rows; i++) sq += (batch[i * d + j] - batchMean) ** 2;
      const batchVar = sq / rows;
      const delta = batchMean - this.mean[j];
      const total = this.count + rows;
      this.mean[j] += (delta * rows) / total;
      this.var[j] = (this.var[j] * this.count + batchVar * rows + (delta * delta * this.count * rows) / total) / total;
    }
    this.count += rows;
  }

  /** Writes the standardised `rows` observations of `batch` into `out`. */
  normalize(batch: ArrayLike<number>, rows: number, out: Float32Array): Float32Array {
    const d = this.dim;
    for (let j = 0; j < d; j++) {
      const m = this.mean[j];
      const s = Math.sqrt(this.var[j] + this.epsilon);
      for (let i = 0; i < rows; i++) {
        const z = (batch[i * d + j] - m) / s;
        out[i * d + j] = z > this.clip ? this.clip : z < -this.clip ? -this.clip : z;
      }
    }
    return out;
  }

  state(): RunningNormState {
    return { mean: Array.from(this.mean), var: Array.from(this.var), count: this.count };
  }

  /**
   * Statistics restored from {@link state}.
   * @throws UserError unless `mean` and `var` are arrays of equal length of finite numbers (var >= 0) and `count` > 0
   */
  static fromState(state: RunningNormState, clip = 10): RunningNorm {
    const { mean, var: variance, count } = (state ?? {}) as Partial<RunningNormState>;
    const finite = (values: unknown, min: number) => Array.isArray(values) && values.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= min);
    if (!finite(mean, -Infinity) || !finite(variance, 0) || mean!.length !== variance!.length || mean!.length === 0) {
      throw new UserError(`RunningNorm.fromState: state.mean and state.var must be equally long arrays of finite numbers (var >= 0), got ${shown(state)}`);
    }
    if (!(typeof count === 'number' && count > 0 && Number.isFinite(count))) throw new UserError(`RunningNorm.fromState: state.count must be a finite number > 0, got ${shown(count)}`);
    const norm = new RunningNorm(state.mean.length, clip);
    norm.mean.set(state.mean);
    norm.var.set(state.var);
    norm.count = state.count;
    return norm;
  }
}
