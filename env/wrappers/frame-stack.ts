import type { Env, VectorEnv } from '../env.js';
import { UserError } from '../errors.js';
import { Box } from '../spaces/box.js';
import { ObservationWrapper, VectorObservationWrapper } from './observation-wrapper.js';

function checkFrames(frames: number): void {
  if (!Number.isInteger(frames) || frames < 1) throw new UserError(`frame stack: frames must be a positive integer, got ${frames}`);
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

  /** @throws UserError unless `frames` is a positive integer */
  constructor(
    env: Env<Float32Array, Act, ResetInfo, StepInfo>,
    readonly frames: number,
  ) {
    super(env);
    checkFrames(frames);
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

  /** @throws UserError unless `frames` is a positive integer */
  constructor(
    env: VectorEnv<Act, ResetInfo, StepInfo>,
    readonly frames: number,
  ) {
    super(env);
    checkFrames(frames);
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
