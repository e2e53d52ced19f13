import { computeGae } from './gae.js';
import type { LaneStep } from './lane-env.js';

/** The tensors' worth of one PPO minibatch, gathered from a rollout. */
export interface RolloutMinibatch {
  readonly size: number;
  readonly observations: Float32Array;
  readonly actions: Float32Array;
  readonly logProbs: Float32Array;
  readonly values: Float32Array;
  readonly advantages: Float32Array;
  readonly returns: Float32Array;
}

/**
 * Mean and standard deviation (unbiased, as torch.std) of `advantages` at `rows[start .. start + size)`:
 * what a minibatch's advantages are standardised with.
 */
export function advantageMoments(advantages: Float64Array, rows: Uint32Array, start: number, size: number): { mean: number; std: number } {
  let mean = 0;
  for (let j = 0; j < size; j++) mean += advantages[rows[start + j]];
  mean /= size;
  let sq = 0;
  for (let j = 0; j < size; j++) sq += (advantages[rows[start + j]] - mean) ** 2;
  return { mean, std: Math.sqrt(sq / Math.max(1, size - 1)) };
}

/**
 * One on-policy rollout of `numSteps` x `numEnvs` transitions on typed arrays, time-major
 * (index t * numEnvs + i), as in SB3's RolloutBuffer: observations as the policy saw them
 * (normalised), actions (a level index or the pre-squash Gaussian sample), log-probabilities and
 * values at collection time (actions: actionDim numbers per transition), rewards, episode ends, then GAE advantages and returns.
 */
export class RolloutBuffer {
  readonly size: number;
  readonly observations: Float32Array;
  readonly actions: Float32Array;
  readonly logProbs: Float32Array;
  readonly values: Float64Array;
  readonly rewards: Float64Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  readonly finalValues: Float64Array;
  readonly advantages: Float64Array;
  readonly returns: Float64Array;

  constructor(
    readonly numSteps: number,
    readonly numEnvs: number,
    readonly obsDim: number,
    /** Numbers per action: 1 (a level index or one Gaussian sample), or m for a portfolio's one sample per name. */
    readonly actionDim = 1,
  ) {
    const n = numSteps * numEnvs;
    this.size = n;
    this.observations = new Float32Array(n * obsDim);
    this.actions = new Float32Array(n * actionDim);
    this.logProbs = new Float32Array(n);
    this.values = new Float64Array(n);
    this.rewards = new Float64Array(n);
    this.terminated = new Uint8Array(n);
    this.truncated = new Uint8Array(n);
    this.finalValues = new Float64Array(n);
    this.advantages = new Float64Array(n);
    this.returns = new Float64Array(n);
  }

  /**
   * Stores what the envs answered to step `step`'s actions: the rewards times `rewardScale` and the
   * episode ends. Writes the returns of the episodes that ended into `finishedReturns` (lane order)
   * and returns how many ended and whether any lane was truncated (it then needs a bootstrap value
   * in `finalValues`).
   */
  storeEnvStep(step: number, result: LaneStep, rewardScale: number, finishedReturns: Float64Array): { ended: number; truncatedAny: boolean } {
    const at = step * this.numEnvs;
    let truncatedAny = false;
    let ended = 0;
    for (let i = 0; i < this.numEnvs; i++) {
      this.rewards[at + i] = result.reward[i] * rewardScale;
      this.terminated[at + i] = result.terminated[i];
      this.truncated[at + i] = result.truncated[i];
      truncatedAny ||= result.truncated[i] === 1;
      if (result.terminated[i] || result.truncated[i]) finishedReturns[ended++] = result.info.episode.return[i];
    }
    return { ended, truncatedAny };
  }

  /** Fills advantages and returns from the stored rollout and V(s_T) of the next observations. */
  computeReturnsAndAdvantages(lastValues: ArrayLike<number>, gamma: number, lambda: number): void {
    computeGae({ ...this, lastValues, gamma, lambda }, this.advantages, this.returns);
  }

  /**
   * The transitions at `indices[start .. start + size)`; advantages standardised within the
   * minibatch when `normalizeAdvantages` (as CleanRL does).
   */
  minibatch(indices: Uint32Array, start: number, size: number, normalizeAdvantages: boolean): RolloutMinibatch {
    const d = this.obsDim;
    const ad = this.actionDim;
    const mb = {
      size,
      observations: new Float32Array(size * d),
      actions: new Float32Array(size * ad),
      logProbs: new Float32Array(size),
      values: new Float32Array(size),
      advantages: new Float32Array(size),
      returns: new Float32Array(size),
    };
    const { mean, std } = advantageMoments(this.advantages, indices, start, size);
    for (let j = 0; j < size; j++) {
      const at = indices[start + j];
      mb.observations.set(this.observations.subarray(at * d, at * d + d), j * d);
      if (ad === 1) mb.actions[j] = this.actions[at];
      else mb.actions.set(this.actions.subarray(at * ad, at * ad + ad), j * ad);
      mb.logProbs[j] = this.logProbs[at];
      mb.values[j] = this.values[at];
      mb.advantages[j] = normalizeAdvantages ? (this.advantages[at] - mean) / (std + 1e-8) : this.advantages[at];
      mb.returns[j] = this.returns[at];
    }
    return mb;
  }
}
