import type { Rng } from '../../env/random/rng.js';
import { randomInt } from './shuffle.js';

/** The typed array of each action dtype: an index (Discrete) or a value (Box). */
export const ACTION_ARRAYS = { int32: Int32Array, float32: Float32Array } as const;
export type ActionDtype = keyof typeof ACTION_ARRAYS;
/** The array of actions of dtype `D`. */
export type ActionArray<D extends ActionDtype> = InstanceType<(typeof ACTION_ARRAYS)[D]>;

/** A sampled batch: (s, a, R, s', done, discount) with R an n-step return. */
export interface ReplaySample<D extends ActionDtype = 'int32'> {
  readonly size: number;
  readonly observations: Float32Array;
  readonly actions: ActionArray<D>;
  readonly rewards: Float32Array;
  readonly nextObservations: Float32Array;
  readonly dones: Float32Array;
  /** gamma^m, m the number of rewards summed into R. */
  readonly discounts: Float32Array;
}

/**
 * A ring buffer of transitions on typed arrays (SB3's ReplayBuffer without the dict spaces). The
 * whole buffer is saved in checkpoints, so a resumed DQN run samples exactly what it would have.
 */
export class ReplayBuffer<D extends ActionDtype = 'int32'> {
  readonly observations: Float32Array;
  readonly nextObservations: Float32Array;
  readonly actions: ActionArray<D>;
  readonly rewards: Float32Array;
  readonly dones: Uint8Array;
  readonly discounts: Float32Array;
  /** Next write position and number of stored transitions. */
  pos = 0;
  size = 0;

  /**
   * @param actionDtype how actions are stored: int32 indices (DQN's Discrete actions, the default)
   *   or float32 values (a Box action, for an off-policy continuous algorithm)
   */
  constructor(
    readonly capacity: number,
    readonly obsDim: number,
    readonly actionDtype: D = 'int32' as D,
  ) {
    this.observations = new Float32Array(capacity * obsDim);
    this.nextObservations = new Float32Array(capacity * obsDim);
    this.actions = new ACTION_ARRAYS[actionDtype](capacity) as ActionArray<D>;
    this.rewards = new Float32Array(capacity);
    this.dones = new Uint8Array(capacity);
    this.discounts = new Float32Array(capacity);
  }

  add(obs: ArrayLike<number>, action: number, reward: number, nextObs: ArrayLike<number>, done: boolean, discount: number): void {
    const d = this.obsDim;
    const p = this.pos;
    for (let j = 0; j < d; j++) {
      this.observations[p * d + j] = obs[j];
      this.nextObservations[p * d + j] = nextObs[j];
    }
    this.actions[p] = action;
    this.rewards[p] = reward;
    this.dones[p] = done ? 1 : 0;
    this.discounts[p] = discount;
    this.pos = (p + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** `batchSize` transitions drawn uniformly with replacement. */
  sample(rng: Rng, batchSize: number): ReplaySample<D> {
    const d = this.obsDim;
    const out = {
      size: batchSize,
      observations: new Float32Array(batchSize * d),
      actions: new ACTION_ARRAYS[this.actionDtype](batchSize) as ActionArray<D>,
      rewards: new Float32Array(batchSize),
      nextObservations: new Float32Array(batchSize * d),
      dones: new Float32Array(batchSize),
      discounts: new Float32Array(batchSize),
    };
    for (let b = 0; b < batchSize; b++) {
      const i = randomInt(rng, this.size);
      out.observations.set(this.observations.subarray(i * d, i * d + d), b * d);
      out.nextObservations.set(this.nextObservations.subarray(i * d, i * d + d), b * d);
      out.actions[b] = this.actions[i];
      out.rewards[b] = this.rewards[i];
      out.dones[b] = this.dones[i];
      out.discounts[b] = this.discounts[i];
    }
    return out;
  }

  /** The stored arrays as one binary blob (for a checkpoint) with `pos` and `size` alongside. */
  serialize(): { pos: number; size: number; data: Uint8Array } {
    const parts = [this.observations, this.nextObservations, this.actions, this.rewards, this.dones, this.discounts];
    const total = parts.reduce((n, a) => n + a.byteLength, 0);
    const data = new Uint8Array(total);
    let offset = 0;
    for (const a of parts) {
      data.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
      offset += a.byteLength;
    }
    return { pos: this.pos, size: this.size, data };
  }

  restore(state: { pos: number; size: number; data: Uint8Array }): void {
    const parts = [this.observations, this.nextObservations, this.actions, this.rewards, this.dones, this.discounts];
    const total = parts.reduce((n, a) => n + a.byteLength, 0);
    if (state.data.byteLength !== total) throw new RangeError(`replay buffer data has ${state.data.byteLength} bytes, expected ${total}`);
    let offset = 0;
    for (const a of parts) {
      new Uint8Array(a.buffer, a.byteOffset, a.byteLength).set(state.data.subarray(offset, offset + a.byteLength));
      offset += a.byteLength;
    }
    this.pos = state.pos;
    this.size = state.size;
  }
}
