import type { Env, ResetOptions, ResetResult, StepResult } from '../../env/core/env.js';
import { UserError } from '../../env/errors/errors.js';
import { makeRng, type Rng } from '../../env/random/rng.js';
import { Box } from '../../env/spaces/box.js';
import { Discrete } from '../../env/spaces/discrete.js';

/** Ways a {@link StubEnv} can break the contract, one at a time, to show the checker catches each. */
export type StubFlaw = 'none' | 'ignores-seed' | 'always-seed-1' | 'steps-before-reset' | 'leaves-space' | 'float64-observations' | 'nan-reward' | 'never-ends' | 'steps-after-end';

/**
 * A tiny random walk written only against the {@link Env} contract: observation [position / 10],
 * actions 0 (down-weighted) or 1, reward the noisy position, ten steps per episode.
 */
export class StubEnv implements Env<Float32Array, number, { start: number }, { position: number }> {
  readonly observationSpace = new Box([-1], [1], 'float32');
  readonly actionSpace = new Discrete(2);
  private rng: Rng = makeRng(0, 'stub');
  private position = 0;
  private k = -1;
  private done = false;

  constructor(private readonly flaw: StubFlaw = 'none') {}

  reset(options: ResetOptions = {}): ResetResult<Float32Array, { start: number }> {
    if (options.seed !== undefined && this.flaw !== 'ignores-seed') this.rng = makeRng(this.flaw === 'always-seed-1' ? 1 : options.seed, 'stub');
    this.position = 0;
    this.k = 0;
    this.done = false;
    return { observation: this.observe(), info: { start: 0 } };
  }

  step(action: number): StepResult<Float32Array, { position: number }> {
    if (this.k < 0 && this.flaw !== 'steps-before-reset') throw new UserError('step() called before reset()');
    if (this.done && this.flaw !== 'steps-after-end') throw new UserError('step() called after the episode ended');
    if (!this.actionSpace.contains(action)) throw new UserError(`action must be 0 or 1, got ${action}`);
    this.position = Math.max(-9, Math.min(9, this.position + action - 0.5 + this.rng.normal() * 0.1));
    this.k++;
    const terminated = this.k >= 10 && this.flaw !== 'never-ends';
    this.done = terminated;
    const reward = this.flaw === 'nan-reward' && this.k === 3 ? Number.NaN : this.position;
    return { observation: this.observe(), reward, terminated, truncated: false, info: { position: this.position } };
  }

  close(): void {}

  private observe(): Float32Array {
    const value = this.flaw === 'leaves-space' && this.k === 5 ? 2 : this.position / 10;
    return this.flaw === 'float64-observations' ? (Float64Array.of(value) as unknown as Float32Array) : Float32Array.of(value);
  }
}
