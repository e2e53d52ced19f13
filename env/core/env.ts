import type { Space } from '../spaces/space.js';

/** Options of `reset`: a seed restarts the env's random stream; without one the stream continues. */
export interface ResetOptions {
  readonly seed?: number;
}

/**
 * Options of a vector env's `reset`: one seed (lane i takes seed + i), or one per lane as
 * Gymnasium's `VectorEnv.reset(seed=[...])` takes them; lanes given the same seed play the same
 * market (common random numbers).
 */
export interface VectorResetOptions {
  readonly seed?: number | readonly number[];
}

/** What `reset` returns: Gymnasium's `(observation, info)` as a named record. */
export interface ResetResult<Obs, Info> {
  readonly observation: Obs;
  readonly info: Info;
}

/**
 * What `step` returns: Gymnasium's `(observation, reward, terminated, truncated, info)` as a named
 * record. `terminated`: the MDP ended (here, the horizon's forced liquidation); `truncated`: cut
 * short from outside (a time limit). A vector env returns the same record with one entry per lane.
 */
export interface StepResult<Obs, Info, Reward = number, Flag = boolean> {
  readonly observation: Obs;
  readonly reward: Reward;
  readonly terminated: Flag;
  readonly truncated: Flag;
  readonly info: Info;
}

/**
 * The env contract, in the spirit of `gymnasium.Env`. `reset` before the first `step`, and again
 * after an episode ends; stepping before reset or after the end, or with an action outside
 * `actionSpace`, throws a `UserError` (env/errors/errors.ts). `close` releases what the env holds;
 * a closed env may not be used again.
 */
export interface Env<Obs, Act, ResetInfo = unknown, StepInfo = unknown> {
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  reset(options?: ResetOptions): ResetResult<Obs, ResetInfo>;
  step(action: Act): StepResult<Obs, StepInfo>;
  close(): void;
}

/**
 * M copies of an env stepped together, in the spirit of `gymnasium.vector.VectorEnv`, with the same
 * reset/step records as {@link Env}: observations are `numEnvs x obsDim` row-major, rewards and
 * flags one entry per lane. Lane i reset with seed s behaves as the single env reset with s + i
 * (with seeds [s_0, ...], as the single env reset with s_i).
 * Autoreset in Gymnasium's same-step mode (as SB3's VecEnv): a lane that ends starts its next
 * episode within the same `step`, and the step's `observation` holds that first observation.
 */
export interface VectorEnv<Act extends ArrayLike<number> = ArrayLike<number>, ResetInfo = unknown, StepInfo = unknown> {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space<Float32Array>;
  readonly singleActionSpace: Space<number> | Space<Float64Array>;
  reset(options?: VectorResetOptions): ResetResult<Float32Array, ResetInfo>;
  /** The lanes' actions, numEnvs x action size row-major (one scalar per lane for the execution envs). */
  step(actions: Act): StepResult<Float32Array, StepInfo, Float64Array, Uint8Array>;
  close(): void;
}
