import type { Env, StepResult, VectorEnv } from '../core/env.js';
import { UserError } from '../errors/errors.js';
import { makeRng } from '../random/rng.js';
import { STREAMS } from '../random/seeds.js';
import { checkEnvArgument, shown } from '../core/validate-args.js';
import type { DType, Space } from '../spaces/space.js';

/** Raised by {@link checkEnv} and {@link checkVectorEnv} with the contract that failed. */
export class EnvCheckError extends Error {
  override readonly name = 'EnvCheckError';
}

/** Options of the checkers: the reset seed, and how long an episode may run before it is an error. */
export interface CheckEnvOptions {
  readonly seed?: number;
  readonly maxEpisodeSteps?: number;
}

export function ensure(condition: boolean, message: string): asserts condition {
  if (!condition) throw new EnvCheckError(message);
}

type AnyEnv = Env<unknown, unknown, unknown, unknown>;
type AnyStep = StepResult<unknown, unknown>;

/**
 * Checks the {@link Env} contract, in the spirit of Gymnasium's `check_env`: spaces with a dtype,
 * seedable and sampling inside themselves; a `UserError` for stepping before reset and after the
 * end; reset and step records of the documented shape, with observations of the space's dtype and
 * inside it, finite rewards and boolean flags; episodes that end; seeding (same seed, same episode;
 * other seed, other episode). Pass an env that has not been reset yet.
 * @returns the episode played from `seed` with actions sampled from the action space
 * @throws UserError when `env` is no env or the options are invalid
 * @throws EnvCheckError naming the first contract that fails
 */
export function checkEnv<Obs, Act>(env: Env<Obs, Act, unknown, unknown>, options: CheckEnvOptions = {}): StepResult<Obs, unknown>[] {
  checkEnvArgument(env, 'checkEnv');
  checkCheckOptions(options, 'checkEnv');
  const seed = options.seed ?? 0;
  const maxSteps = options.maxEpisodeSteps ?? 100_000;
  checkSpace(env.observationSpace, 'observationSpace');
  checkSpace(env.actionSpace, 'actionSpace');
  ensure(typeof env.close === 'function', 'envs must have close()');
  ensure(throwsUserError(() => env.step(env.actionSpace.sample())), 'step() before reset() must throw a UserError (pass checkEnv an env that has not been reset)');

  const reset = env.reset({ seed });
  ensure(reset !== null && typeof reset === 'object' && 'observation' in reset && 'info' in reset, 'reset() must return { observation, info }');
  checkObservation(env.observationSpace, reset.observation, 'reset');

  const episode = rollout(env, seed, seed, maxSteps);
  episode.forEach((step, k) => {
    ensure(['observation', 'reward', 'terminated', 'truncated', 'info'].every((key) => key in step), `step ${k}: step() must return { observation, reward, terminated, truncated, info }`);
    checkObservation(env.observationSpace, step.observation, `step ${k}`);
    ensure(typeof step.reward === 'number' && Number.isFinite(step.reward), `step ${k}: reward ${String(step.reward)} must be a finite number`);
    ensure(typeof step.terminated === 'boolean' && typeof step.truncated === 'boolean', `step ${k}: terminated and truncated must be booleans`);
  });
  ensure(throwsUserError(() => env.step(env.actionSpace.sample())), 'step() after the episode ended must throw a UserError');

  ensure(sameEpisode(rollout(env, seed, seed, maxSteps), episode), 'the same seed must give the same episode');
  ensure(!sameEpisode(rollout(env, seed + 1, seed, maxSteps), episode), 'a different seed must give a different episode');
  return episode as StepResult<Obs, unknown>[];
}

/**
 * Checks the {@link VectorEnv} contract: `UserError` before reset and for the wrong number of
 * actions; observations numEnvs x obsDim of float32 with every lane inside the single observation
 * space; one finite reward and 0/1 flags per lane; same seed, same batch of steps; other seed, other.
 * @throws UserError when `vec` is no vector env or the options are invalid
 * @throws EnvCheckError naming the first contract that fails
 */
export function checkVectorEnv(vec: VectorEnv<ArrayLike<number>, unknown, unknown>, options: CheckEnvOptions & { steps?: number } = {}): void {
  checkEnvArgument(vec, 'checkVectorEnv', true);
  checkCheckOptions(options, 'checkVectorEnv');
  const seed = options.seed ?? 0;
  const steps = options.steps ?? 50;
  const M = vec.numEnvs;
  checkSpace(vec.singleObservationSpace, 'singleObservationSpace');
  checkSpace(vec.singleActionSpace as Space<unknown>, 'singleActionSpace');
  const obsDim = vec.singleObservationSpace.shape.reduce((a, b) => a * b, 1);
  ensure(throwsUserError(() => vec.step(randomActions(vec, makeRng(seed, STREAMS.checkEnv)))), 'step() before reset() must throw a UserError (pass checkVectorEnv a vector env that has not been reset)');
  const play = (resetSeed: number): number[] => {
    const rng = makeRng(seed, STREAMS.checkEnv);
    const trace: number[] = [];
    const { observation } = vec.reset({ seed: resetSeed });
    checkLanes(vec, observation, obsDim, 'reset');
    trace.push(...observation);
    for (let t = 0; t < steps; t++) {
      const result = vec.step(randomActions(vec, rng));
      checkLanes(vec, result.observation, obsDim, `step ${t}`);
      ensure(result.reward instanceof Float64Array && result.reward.length === M && result.reward.every(Number.isFinite), `step ${t}: reward must be a Float64Array of ${M} finite values`);
      for (const flags of [result.terminated, result.truncated]) {
        ensure(flags instanceof Uint8Array && flags.length === M && flags.every((f) => f === 0 || f === 1), `step ${t}: terminated and truncated must be Uint8Arrays of ${M} zeros and ones`);
      }
      trace.push(...result.observation, ...result.reward, ...result.terminated);
    }
    return trace;
  };
  const first = play(seed);
  ensure(throwsUserError(() => vec.step(new Float64Array(M + 1))), 'step() with the wrong number of actions must throw a UserError');
  ensure(sameNumbers(play(seed), first), 'the same seed must give the same steps');
  ensure(!sameNumbers(play(seed + 1), first), 'a different seed must give different steps');
}

/** The checkers' options: a seed, and positive integer step counts. */
function checkCheckOptions(options: unknown, who: string): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new UserError(`${who}: options must be an object like { seed: 0 }, got ${shown(options)}`);
  const { seed, maxEpisodeSteps, steps } = options as Record<string, unknown>;
  const bad = (value: unknown, min: number) => value !== undefined && !(typeof value === 'number' && Number.isSafeInteger(value) && value >= min);
  if (bad(seed, 0)) throw new UserError(`${who}: options.seed must be an integer >= 0, got ${shown(seed)}`);
  if (bad(maxEpisodeSteps, 1)) throw new UserError(`${who}: options.maxEpisodeSteps must be an integer >= 1, got ${shown(maxEpisodeSteps)}`);
  if (bad(steps, 1)) throw new UserError(`${who}: options.steps must be an integer >= 1, got ${shown(steps)}`);
}

function checkSpace(space: Space<unknown>, name: string): void {
  ensure(space !== null && typeof space === 'object', `${name} must be a Space`);
  ensure(['float32', 'float64', 'int32'].includes(space.dtype), `${name}.dtype must be float32, float64 or int32, got ${String(space.dtype)}`);
  ensure(Array.isArray(space.shape), `${name}.shape must be an array`);
  space.seed(7);
  const a = space.sample();
  space.seed(7);
  const b = space.sample();
  ensure(space.contains(a), `${name}.sample() must lie in the space`);
  ensure(hasDtype(a, space.dtype), `${name}.sample() must return values of dtype ${space.dtype}`);
  ensure(sameNumbers(toNumbers(a), toNumbers(b)), `${name}.seed() must make sample() reproducible`);
}

function checkObservation(space: Space<unknown>, observation: unknown, where: string): void {
  ensure(hasDtype(observation, space.dtype), `${where}: observation must have the observation space's dtype ${space.dtype}`);
  ensure(space.contains(observation), `${where}: observation ${toNumbers(observation).join(', ')} is outside the observation space`);
}

function checkLanes(vec: VectorEnv<ArrayLike<number>, unknown, unknown>, observation: Float32Array, obsDim: number, where: string): void {
  ensure(observation instanceof Float32Array && observation.length === vec.numEnvs * obsDim, `${where}: observation must be a Float32Array of numEnvs x obsDim = ${vec.numEnvs * obsDim}`);
  for (let i = 0; i < vec.numEnvs; i++) {
    const row = observation.subarray(i * obsDim, (i + 1) * obsDim);
    ensure(vec.singleObservationSpace.contains(row), `${where}: lane ${i}'s observation ${Array.from(row).join(', ')} is outside the single observation space`);
  }
}

function randomActions(vec: VectorEnv<ArrayLike<number>, unknown, unknown>, rng: ReturnType<typeof makeRng>): Float64Array {
  const space = vec.singleActionSpace as Space<unknown>;
  // Every number of each lane's sample, so a multi-dimensional Box (a portfolio env) gets numEnvs x size.
  return Float64Array.from(Array.from({ length: vec.numEnvs }, () => toNumbers(space.sample(rng))).flat());
}

const ARRAY_OF: Partial<Record<DType, Float32ArrayConstructor | Float64ArrayConstructor>> = { float32: Float32Array, float64: Float64Array };

function hasDtype(x: unknown, dtype: DType): boolean {
  const array = ARRAY_OF[dtype];
  return array ? x instanceof array : Number.isInteger(x);
}

function toNumbers(x: unknown): number[] {
  return typeof x === 'number' ? [x] : Array.from(x as ArrayLike<number>);
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/** A random-action episode from `seed`, actions sampled from the action space with `actionSeed`. */
function rollout(env: AnyEnv, seed: number, actionSeed: number, maxSteps: number): AnyStep[] {
  const rng = makeRng(actionSeed, STREAMS.checkEnv);
  const steps: AnyStep[] = [];
  env.reset({ seed });
  for (let k = 0; k < maxSteps; k++) {
    const result = env.step(env.actionSpace.sample(rng));
    steps.push(result);
    if (result.terminated || result.truncated) return steps;
  }
  throw new EnvCheckError(`an episode must end (terminated or truncated) within ${maxSteps} steps`);
}

function sameEpisode(a: AnyStep[], b: AnyStep[]): boolean {
  return a.length === b.length && a.every((s, i) => s.reward === b[i].reward && sameNumbers(toNumbers(s.observation), toNumbers(b[i].observation)));
}

function throwsUserError(body: () => unknown): boolean {
  try {
    body();
    return false;
  } catch (error) {
    return error instanceof UserError;
  }
}
