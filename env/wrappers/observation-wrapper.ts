import type { Env, ResetOptions, ResetResult, StepResult, VectorEnv, VectorResetOptions } from '../core/env.js';
import type { Box } from '../spaces/box.js';

/**
 * An {@link Env} whose observations are a function of the wrapped env's (Gymnasium's
 * `ObservationWrapper`): actions, rewards, flags and info pass through unchanged.
 */
export abstract class ObservationWrapper<Act, ResetInfo, StepInfo> implements Env<Float32Array, Act, ResetInfo, StepInfo> {
  abstract readonly observationSpace: Box<'float32'>;

  constructor(readonly env: Env<Float32Array, Act, ResetInfo, StepInfo>) {}

  get actionSpace() {
    return this.env.actionSpace;
  }

  reset(options?: ResetOptions): ResetResult<Float32Array, ResetInfo> {
    const { observation, info } = this.env.reset(options);
    return { observation: this.observe(observation, true), info };
  }

  step(action: Act): StepResult<Float32Array, StepInfo> {
    const result = this.env.step(action);
    return { ...result, observation: this.observe(result.observation, false) };
  }

  close(): void {
    this.env.close();
  }

  /** The wrapper's observation for the inner `observation`; `reset` is true on an episode's first. */
  protected abstract observe(observation: Float32Array, reset: boolean): Float32Array;
}

/** Vector info with the observations a terminated lane ended on, as {@link ExecutionVectorEnv} gives. */
interface FinalObservations {
  readonly finalObservations?: Float32Array;
}

/**
 * A {@link VectorEnv} whose observations are a function of the wrapped one's, lane by lane. A
 * lane that terminated or was truncated gets its final observation (in `info.finalObservations`,
 * when the inner env gives one) through `observeFinal`, then its next episode's first through
 * `observeLane` with `reset` true, as autoreset hands them over.
 */
export abstract class VectorObservationWrapper<Act extends ArrayLike<number>, ResetInfo, StepInfo>
  implements VectorEnv<Act, ResetInfo, StepInfo>
{
  abstract readonly singleObservationSpace: Box<'float32'>;
  private observations = new Float32Array(0);
  private finals = new Float32Array(0);

  constructor(readonly env: VectorEnv<Act, ResetInfo, StepInfo>) {}

  get numEnvs(): number {
    return this.env.numEnvs;
  }

  get singleActionSpace() {
    return this.env.singleActionSpace;
  }

  reset(options?: VectorResetOptions): ResetResult<Float32Array, ResetInfo> {
    const { observation, info } = this.env.reset(options);
    const out = this.buffers().observations;
    this.observeBatch(observation, null, out);
    return { observation: out, info };
  }

  step(actions: Act): StepResult<Float32Array, StepInfo, Float64Array, Uint8Array> {
    const result = this.env.step(actions);
    const { observations, finals } = this.buffers();
    const ended = Uint8Array.from(result.terminated, (t, i) => t | result.truncated[i]);
    const innerFinals = (result.info as FinalObservations).finalObservations;
    if (innerFinals) this.observeFinals(innerFinals, ended, finals);
    this.observeBatch(result.observation, ended, observations);
    const info = innerFinals ? { ...result.info, finalObservations: finals } : result.info;
    return { ...result, observation: observations, info };
  }

  close(): void {
    this.env.close();
  }

  /** Writes lane i's observation from its inner observation `row`; `reset` on an episode's first. */
  protected abstract observeLane(i: number, row: Float32Array, reset: boolean, out: Float32Array): void;

  /** Writes the observation lane i ended its episode on; by default as {@link observeLane} would. */
  protected observeFinal(i: number, row: Float32Array, out: Float32Array): void {
    this.observeLane(i, row, false, out);
  }

  /** Hook for wrappers that fold a whole batch into statistics before transforming it. */
  protected beforeBatch(_batch: Float32Array, _ended: Uint8Array | null): void {}

  private observeBatch(batch: Float32Array, ended: Uint8Array | null, out: Float32Array): void {
    this.beforeBatch(batch, ended);
    const dIn = batch.length / this.numEnvs;
    const dOut = out.length / this.numEnvs;
    for (let i = 0; i < this.numEnvs; i++) {
      this.observeLane(i, batch.subarray(i * dIn, (i + 1) * dIn), ended === null || ended[i] === 1, out.subarray(i * dOut, (i + 1) * dOut));
    }
  }

  private observeFinals(batch: Float32Array, ended: Uint8Array, out: Float32Array): void {
    const dIn = batch.length / this.numEnvs;
    const dOut = out.length / this.numEnvs;
    for (let i = 0; i < this.numEnvs; i++) {
      if (ended[i]) this.observeFinal(i, batch.subarray(i * dIn, (i + 1) * dIn), out.subarray(i * dOut, (i + 1) * dOut));
    }
  }

  private buffers(): { observations: Float32Array; finals: Float32Array } {
    const size = this.numEnvs * this.singleObservationSpace.shape[0];
    if (this.observations.length !== size) {
      this.observations = new Float32Array(size);
      this.finals = new Float32Array(size);
    }
    return { observations: this.observations, finals: this.finals };
  }
}
