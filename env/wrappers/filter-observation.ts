import type { Env, VectorEnv } from '../core/env.js';
import { UserError } from '../errors/errors.js';
import { Box } from '../spaces/box.js';
import { ObservationWrapper, VectorObservationWrapper } from './observation-wrapper.js';

/** Columns to keep: indices, or feature names when the env names its columns (`features`). */
export type ObservationColumns = readonly (number | string)[];

interface NamedColumns {
  readonly features?: readonly { readonly name: string }[];
}

/**
 * Resolves `columns` against an observation of `dim` columns (named by `features` if given).
 * @throws UserError naming a column that does not exist, and the columns that do
 */
export function resolveColumns(columns: ObservationColumns, dim: number, features?: readonly { readonly name: string }[]): Int32Array {
  if (columns.length === 0) throw new UserError('observation filter: keep at least one column');
  const names = features?.map((f) => f.name);
  const allowed = names ? `${names.join(', ')} or an index in [0, ${dim - 1}]` : `an index in [0, ${dim - 1}]`;
  return Int32Array.from(columns, (column) => {
    const index = typeof column === 'number' ? column : (names?.indexOf(column) ?? -1);
    if (!Number.isInteger(index) || index < 0 || index >= dim) throw new UserError(`observation filter: no column ${JSON.stringify(column)}; allowed: ${allowed}`);
    return index;
  });
}

function filteredSpace(space: Box<'float32'>, keep: Int32Array): Box<'float32'> {
  return new Box(
    Array.from(keep, (j) => space.low[j]),
    Array.from(keep, (j) => space.high[j]),
    'float32',
  );
}

/**
 * Keeps only some observation columns, for ablations (Gymnasium's `FilterObservation` on a flat
 * box): e.g. `new FilterObservation(make('regime-v0'), ['time_left', 'inventory_left'])` hides
 * the price, volatility and volume features from an agent.
 */
export class FilterObservation<Act, ResetInfo, StepInfo> extends ObservationWrapper<Act, ResetInfo, StepInfo> {
  readonly observationSpace: Box<'float32'>;
  /** The kept columns of the inner observation, in order. */
  readonly keep: Int32Array;

  /** @throws UserError for a column that does not exist */
  constructor(env: Env<Float32Array, Act, ResetInfo, StepInfo> & NamedColumns, columns: ObservationColumns) {
    super(env);
    const inner = env.observationSpace as Box<'float32'>;
    this.keep = resolveColumns(columns, inner.shape[0], env.features);
    this.observationSpace = filteredSpace(inner, this.keep);
  }

  protected observe(observation: Float32Array): Float32Array {
    return Float32Array.from(this.keep, (j) => observation[j]);
  }
}

/** {@link FilterObservation} for every lane of a vector env. */
export class VectorFilterObservation<Act extends ArrayLike<number>, ResetInfo, StepInfo> extends VectorObservationWrapper<Act, ResetInfo, StepInfo> {
  readonly singleObservationSpace: Box<'float32'>;
  readonly keep: Int32Array;

  /** @throws UserError for a column that does not exist */
  constructor(env: VectorEnv<Act, ResetInfo, StepInfo> & NamedColumns, columns: ObservationColumns) {
    super(env);
    const inner = env.singleObservationSpace as Box<'float32'>;
    this.keep = resolveColumns(columns, inner.shape[0], env.features);
    this.singleObservationSpace = filteredSpace(inner, this.keep);
  }

  protected observeLane(_i: number, row: Float32Array, _reset: boolean, out: Float32Array): void {
    for (let j = 0; j < this.keep.length; j++) out[j] = row[this.keep[j]];
  }
}
