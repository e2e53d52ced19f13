import { parseOrThrow, UserError } from '../errors/errors.js';
import { envSpecSchema, type EnvSpec } from '../spec/schema.js';

/**
 * Checks of the arguments a library user passes to the envs, kept apart from the envs themselves
 * (the hot step path calls them once per call, not per lane of a typed array). Each throws a
 * one-line {@link UserError} naming the argument, the value as given and what is allowed.
 */

/** Most lanes of one vector env: 2^20 lanes already hold ~0.5 GB of state. */
export const MAX_NUM_ENVS = 1 << 20;

/** A value as the user gave it, for a message: strings quoted, arrays and objects as JSON. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing (undefined)';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return 'a function';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** @throws UserError unless `numEnvs` is an integer in [1, {@link MAX_NUM_ENVS}] */
export function checkNumEnvs(numEnvs: unknown): asserts numEnvs is number {
  if (typeof numEnvs !== 'number' || !Number.isInteger(numEnvs) || numEnvs < 1 || numEnvs > MAX_NUM_ENVS) {
    throw new UserError(`numEnvs must be an integer in [1, ${MAX_NUM_ENVS}], got ${shown(numEnvs)}`);
  }
}

/** A seed: an integer in [0, max]. */
function isSeed(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

/**
 * The seed of `reset(options)`, or undefined when none is given.
 * @param lanes a vector env seeds lane i with seed + i, so seed + lanes - 1 must stay a safe integer
 * @throws UserError for options that are not an object, or a seed that is not a non-negative safe integer
 */
export function resetSeed(options: unknown, lanes = 1): number | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new UserError(`reset(options): options must be an object like { seed: 0 }, got ${shown(options)}`);
  const seed = (options as { seed?: unknown }).seed;
  if (seed === undefined) return undefined;
  const max = Number.MAX_SAFE_INTEGER - (lanes - 1);
  if (!isSeed(seed, max)) throw new UserError(`reset: seed must be an integer in [0, ${max}]${lanes > 1 ? ` (lane i uses seed + i)` : ''}, got ${shown(seed)}`);
  return seed;
}

/**
 * The lanes' seeds of a vector env's `reset(options)`, or undefined when none is given: one seed s
 * gives lane i s + i, an array gives lane i its own (it must hold one seed per lane).
 * @throws UserError as {@link resetSeed}, or for an array of the wrong length or with a seed that is not a non-negative safe integer
 */
export function resetLaneSeeds(options: unknown, lanes: number): number[] | undefined {
  const given = typeof options === 'object' && options !== null ? (options as { seed?: unknown }).seed : undefined;
  if (!Array.isArray(given)) {
    const seed = resetSeed(options, lanes);
    return seed === undefined ? undefined : Array.from({ length: lanes }, (_, i) => seed + i);
  }
  if (given.length !== lanes) throw new UserError(`reset: seed must be one integer or an array of ${lanes} (one per lane), got an array of ${given.length}`);
  given.forEach((seed: unknown, i) => {
    if (!isSeed(seed, Number.MAX_SAFE_INTEGER)) throw new UserError(`reset: seed[${i}] must be an integer in [0, ${Number.MAX_SAFE_INTEGER}], got ${shown(seed)}`);
  });
  return given as number[];
}

/**
 * The number of a single env's action: a number, or a one-element array or typed array.
 * @throws UserError for a string, an array of another length, undefined, or anything else
 */
export function singleAction(action: unknown): number {
  if (typeof action === 'number') return action;
  if (ArrayBuffer.isView(action) || Array.isArray(action)) {
    const array = action as ArrayLike<unknown>;
    if (array.length === 1 && typeof array[0] === 'number') return array[0];
    throw new UserError(`action must be a number or a one-element array of a number, got ${array.length === 1 ? `[${shown(array[0])}]` : `an array of ${array.length} elements`}`);
  }
  throw new UserError(`action must be a number or a one-element array of a number, got ${shown(action)}${typeof action === 'string' ? ' (a string)' : ''}`);
}

/**
 * The numbers of a single passive env's action: a number (or a one-element array), or, on a
 * passive Box env, an array of `size` numbers ([a, fraction, offset]).
 * @throws UserError for anything else
 */
export function singlePassiveAction(action: unknown, size: number): ArrayLike<number> {
  if (size > 1 && (ArrayBuffer.isView(action) || Array.isArray(action)) && (action as ArrayLike<unknown>).length === size) {
    const array = action as ArrayLike<unknown>;
    for (let j = 0; j < size; j++) {
      if (typeof array[j] !== 'number') throw new UserError(`action[${j}] must be a number, got ${shown(array[j])}`);
    }
    return array as ArrayLike<number>;
  }
  if (size > 1 && typeof action !== 'number' && !((ArrayBuffer.isView(action) || Array.isArray(action)) && (action as ArrayLike<unknown>).length === 1)) {
    throw new UserError(`action must be [a, fraction, offset] (${size} numbers) or a number (a market order), got ${shown(action)}`);
  }
  return [singleAction(action)];
}

/**
 * Numbers per lane of a vector env's actions: 1 (numEnvs numbers), or `size` when a passive Box
 * env gets numEnvs x size numbers. Call instead of {@link checkVectorActions}.
 * @throws UserError for another length, or a lane whose action is not a number
 */
export function vectorActionSize(actions: unknown, numEnvs: number, size: number): number {
  if (size > 1 && (ArrayBuffer.isView(actions) || Array.isArray(actions)) && (actions as ArrayLike<unknown>).length === numEnvs * size) {
    checkVectorActions(actions, numEnvs * size);
    return size;
  }
  if (size > 1 && (ArrayBuffer.isView(actions) || Array.isArray(actions)) && (actions as ArrayLike<unknown>).length !== numEnvs) {
    throw new UserError(`actions must hold numEnvs x ${size} = ${numEnvs * size} numbers ([a, fraction, offset] per lane) or one per lane (${numEnvs}, market orders), got ${(actions as ArrayLike<unknown>).length}`);
  }
  checkVectorActions(actions, numEnvs);
  return 1;
}

/**
 * Checks a vector env's actions: numEnvs numbers (a typed array, or an array of numbers).
 * @throws UserError naming the first lane whose action is not a number, or the wrong length
 */
export function checkVectorActions(actions: unknown, numEnvs: number): asserts actions is ArrayLike<number> {
  if (!ArrayBuffer.isView(actions) && !Array.isArray(actions)) throw new UserError(`actions must be an array or typed array of ${numEnvs} numbers, got ${shown(actions)}`);
  const array = actions as ArrayLike<unknown>;
  if (array.length !== numEnvs) throw new UserError(`actions must hold one number per lane (${numEnvs}), got ${array.length}`);
  if (ArrayBuffer.isView(actions)) return;
  for (let i = 0; i < numEnvs; i++) {
    if (typeof array[i] !== 'number') throw new UserError(`actions[${i}] must be a number, got ${shown(array[i])}`);
  }
}

/**
 * A spec handed to an env constructor, validated (a typed EnvSpec from resolveSpec passes as is;
 * one built by hand may hold anything).
 * @throws UserError naming the invalid field and its value
 */
export function checkSpec(spec: EnvSpec): EnvSpec {
  return parseOrThrow(envSpecSchema, spec, 'spec');
}

/**
 * That `env` is an env (a single one, or with `vector` a vector env): an object with the methods and
 * spaces of the interface, so that a checker or wrapper given anything else says so in one line.
 * @param who the function or class taking it, for the message (`checkEnv`, `new FrameStack`)
 * @throws UserError naming `who`, the value and the members an env has
 */
export function checkEnvArgument(env: unknown, who: string, vector = false): void {
  const members = vector ? ['reset', 'step', 'close', 'numEnvs', 'singleObservationSpace', 'singleActionSpace'] : ['reset', 'step', 'close', 'observationSpace', 'actionSpace'];
  const missing = typeof env === 'object' && env !== null ? members.filter((m) => !(m in env)) : members;
  if (missing.length > 0) {
    const kind = vector ? 'a vector env (makeVector(id, numEnvs))' : 'an env (make(id))';
    throw new UserError(`${who}: env must be ${kind} with ${members.join(', ')}, got ${shown(env)}${missing.length < members.length ? ` (missing ${missing.join(', ')})` : ''}`);
  }
}
