import type { Env, VectorEnv } from '../core/env.js';
import { UserError } from '../errors/errors.js';
import { Box } from '../spaces/box.js';
import { checkEnvArgument, shown } from '../core/validate-args.js';
import { ObservationWrapper, VectorObservationWrapper } from './observation-wrapper.js';

/**
 * Most numbers in one lane's stacked observation (frames x dim): 2^16 float32s, 256 KiB, copied at
 * every step; far past any useful history (an episode has at most 100,000 steps, and 8,192 frames of
 * an 8-feature observation already span most of one).
 */
export const MAX_STACK_NUMBERS = 1 << 16;
/** Most numbers in a vector env's stacks (lanes x frames x dim): 2^26 float32s, 256 MiB. */
export const MAX_VECTOR_STACK_NUMBERS = 1 << 26;

/** @throws UserError unless `frames` is an integer from 1 to what {@link MAX_STACK_NUMBERS} allows for `dim` */
function checkFrames(frames: unknown, dim: number, who: string): asserts frames is number {
  const max = Math.max(1, Math.floor(MAX_STACK_NUMBERS / dim));
  if (typeof frames !== 'number' || !Number.isInteger(frames) || frames < 1 || frames > max) {
    throw new UserError(`${who}: frames must be an integer from 1 to ${max} (a stack holds at most ${MAX_STACK_NUMBERS} numbers; observations here have ${dim}), got ${shown(frames)}`);
  }
}

function stackedSpace(space: Box<'float32'>, frames: number): Box<'float32'> {
  const tile = (bounds: Float64Array) => Array.from({ length: frames }, () => Array.from(bounds)).flat();
  return new Box(tile(space.low), tile(space.high), 'float32');
}

/**
 * Writes the stack after `row` arrives: shifts `history` (frames x dim, oldest first) by one
 * frame and appends `row`, or on an episode's first observation fills every frame with it.
 */
function pushFrame(history: Float32Array, row: Float32Array, reset: boolean): void {
  const dim = row.length;
  if (reset) {
    for (let at = 0; at < history.length; at += dim) history.set(row, at);
    return;
  }
  history.copyWithin(0, dim);
  history.set(row, history.length - dim);
}

/**
 * The last `frames` observations side by side, oldest first (Gymnasium's `FrameStackObservation`,
 * padded by repeating the first observation of the episode): a history of prices, volatility and
 * volume for a partially observed market, where one observation does not reveal the regime.
 */
export class FrameStack<Act, ResetInfo, StepInfo> extends ObservationWrapper<Act, ResetInfo, StepInfo> {
  readonly observationSpace: Box<'float32'>;
  private readonly history: Float32Array;

  /** @throws UserError unless `env` is an env and `frames` an integer from 1 to 2^16 / the observation's size */
  constructor(
    env: Env<Float32Array, Act, ResetInfo, StepInfo>,
    readonly frames: number,
  ) {
    checkEnvArgument(env, 'new FrameStack');
    super(env);
    checkFrames(frames, env.observationSpace.shape[0], 'new FrameStack');
    this.observationSpace = stackedSpace(env.observationSpace as Box<'float32'>, frames);
    this.history = new Float32Array(this.observationSpace.shape[0]);
  }

  protected observe(observation: Float32Array, reset: boolean): Float32Array {
    pushFrame(this.history, observation, reset);
    return this.history.slice();
  }
}

/** {@link FrameStack} for every lane of a vector env; a lane's stack restarts with its autoreset. */
export class VectorFrameStack<Act extends ArrayLike<number>, ResetInfo, StepInfo> extends VectorObservationWrapper<Act, ResetInfo, StepInfo> {
  readonly singleObservationSpace: Box<'float32'>;
  private readonly histories: Float32Array;

  /** @throws UserError unless `env` is a vector env and `frames` fits {@link MAX_STACK_NUMBERS} and {@link MAX_VECTOR_STACK_NUMBERS} */
  constructor(
    env: VectorEnv<Act, ResetInfo, StepInfo>,
    readonly frames: number,
  ) {
    checkEnvArgument(env, 'new VectorFrameStack', true);
    super(env);
    const dim = env.singleObservationSpace.shape[0];
    checkFrames(frames, dim, 'new VectorFrameStack');
    if (env.numEnvs * frames * dim > MAX_VECTOR_STACK_NUMBERS) {
      throw new UserError(`new VectorFrameStack: ${env.numEnvs} lanes x ${frames} frames x ${dim} numbers exceed the ${MAX_VECTOR_STACK_NUMBERS} numbers allowed for all stacks; use at most ${Math.max(1, Math.floor(MAX_VECTOR_STACK_NUMBERS / (env.numEnvs * dim)))} frames`);
    }
    this.singleObservationSpace = stackedSpace(env.singleObservationSpace as Box<'float32'>, frames);
    this.histories = new Float32Array(env.numEnvs * this.singleObservationSpace.shape[0]);
  }

  protected observeLane(i: number, row: Float32Array, reset: boolean, out: Float32Array): void {
    const history = this.lane(i);
    pushFrame(history, row, reset);
    out.set(history);
  }

  /** The stack the lane ended on: its history with the final observation pushed. */
  protected override observeFinal(i: number, row: Float32Array, out: Float32Array): void {
    out.set(this.lane(i));
    out.copyWithin(0, row.length);
    out.set(row, out.length - row.length);
  }

  private lane(i: number): Float32Array {
    const size = this.singleObservationSpace.shape[0];
    return this.histories.subarray(i * size, (i + 1) * size);
  }
}
