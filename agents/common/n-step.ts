import type { ReplayBuffer } from './replay-buffer.js';

/**
 * Turns one lane's stream of 1-step transitions into n-step ones (Sutton & Barto 7.1; Rainbow):
 * R = r_t + gamma r_{t+1} + ... + gamma^{m-1} r_{t+m-1} with next state s_{t+m} and discount
 * gamma^m, m = n unless the episode ends first (then every pending transition is flushed with
 * done = 1). n = 1 stores the transitions unchanged.
 */
export class NStepLane {
  private readonly obs: Float32Array;
  private readonly actions: Int32Array;
  private readonly rewards: Float64Array;
  private count = 0;

  constructor(
    private readonly n: number,
    private readonly gamma: number,
    private readonly obsDim: number,
  ) {
    this.obs = new Float32Array(n * obsDim);
    this.actions = new Int32Array(n);
    this.rewards = new Float64Array(n);
  }

  /** True when nothing is pending (at episode boundaries). */
  get empty(): boolean {
    return this.count === 0;
  }

  /** Adds (s, a, r) -> s' and writes any completed n-step transitions to `buffer`. */
  push(buffer: ReplayBuffer, obs: ArrayLike<number>, action: number, reward: number, nextObs: ArrayLike<number>, done: boolean): void {
    const d = this.obsDim;
    const slot = this.count;
    for (let j = 0; j < d; j++) this.obs[slot * d + j] = obs[j];
    this.actions[slot] = action;
    this.rewards[slot] = reward;
    this.count += 1;
    if (done) {
      while (this.count > 0) this.emitOldest(buffer, nextObs, true);
    } else if (this.count === this.n) {
      this.emitOldest(buffer, nextObs, false);
    }
  }

  private emitOldest(buffer: ReplayBuffer, nextObs: ArrayLike<number>, done: boolean): void {
    let ret = 0;
    let discount = 1;
    for (let j = 0; j < this.count; j++) {
      ret += discount * this.rewards[j];
      discount *= this.gamma;
    }
    buffer.add(this.obs.subarray(0, this.obsDim), this.actions[0], ret, nextObs, done, discount);
    // Shift the queue by one (n is small).
    this.obs.copyWithin(0, this.obsDim, this.count * this.obsDim);
    this.actions.copyWithin(0, 1, this.count);
    this.rewards.copyWithin(0, 1, this.count);
    this.count -= 1;
  }
}
