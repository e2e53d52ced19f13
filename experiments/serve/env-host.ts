import { z } from 'zod';
import { compileEnv, type CompiledEnv } from '../../env/core/compile-env.js';
import { parseOrThrow, UserError } from '../../env/errors/errors.js';
import { ExecutionEnv } from '../../env/core/execution-env.js';
import { actionSize } from '../../env/action/passive-action.js';
import { registeredIds, resolveSpec } from '../../env/registry.js';
import { ExecutionVectorEnv } from '../../env/core/execution-vector-env.js';
import { flattenInfo } from './flatten-info.js';
import type { Frame, FrameArray, FrameEntry } from './frame.js';

/** A reply: header fields (besides `ok`) and the payload's named arrays. */
export interface Reply {
  readonly header: Record<string, unknown>;
  readonly arrays: FrameEntry[];
}

/** `started`: reset at least once (the vector env's own check is not a user-facing error). */
type Hosted = { readonly vector: false; readonly env: ExecutionEnv; started: boolean } | { readonly vector: true; readonly env: ExecutionVectorEnv; started: boolean };

const handle = z.number().int().min(1).describe('the handle `make` returned');
const requestSchemas = {
  make: z.strictObject({
    op: z.literal('make'),
    env: z.string().min(1).describe('registered env id or path to a JSON spec'),
    overrides: z.record(z.string(), z.unknown()).default({}).describe('spec fields replacing the base spec'),
    numEnvs: z.number().int().min(1).max(1 << 20).optional().describe('lanes of a vector env; absent for a single env'),
  }),
  spaces: z.strictObject({ op: z.literal('spaces'), handle }),
  reset: z.strictObject({
    op: z.literal('reset'),
    handle,
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
    // Gymnasium's reset(options=...): the execution envs take none, so only an empty one passes.
    options: z.strictObject({}).nullable().optional(),
  }),
  step: z.strictObject({ op: z.literal('step'), handle }),
  close: z.strictObject({ op: z.literal('close'), handle }),
  envs: z.strictObject({ op: z.literal('envs') }),
} as const;
type Op = keyof typeof requestSchemas;

/**
 * The envs one `execgym serve` process hosts, by handle. Every request is validated here; a bad one
 * throws a {@link UserError} whose message is the one-line error reply, and leaves the envs as they were.
 */
export class EnvHost {
  private readonly envs = new Map<number, Hosted>();
  private nextHandle = 1;

  /** Answers one request frame. @throws UserError naming what is wrong with the request */
  handle(request: Frame): Reply {
    const op = request.header.op;
    // Own keys only: `"toString" in requestSchemas` is true, and would reach a prototype method.
    if (typeof op !== 'string' || !Object.hasOwn(requestSchemas, op)) {
      throw new UserError(`request.op: unknown op ${JSON.stringify(op)}; one of ${Object.keys(requestSchemas).join(', ')}`);
    }
    const header = parseOrThrow(requestSchemas[op as Op], request.header, 'request');
    if (header.op !== 'step' && request.arrays.size > 0) throw new UserError(`request: ${header.op} takes no arrays, got ${[...request.arrays.keys()].join(', ')}`);
    switch (header.op) {
      case 'make':
        return this.make(header.env, header.overrides, header.numEnvs);
      case 'spaces':
        return describeSpaces(header.handle, this.hosted(header.handle));
      case 'reset':
        return reset(this.hosted(header.handle), header.seed ?? undefined);
      case 'step':
        return step(this.hosted(header.handle), request.arrays);
      case 'close':
        this.hosted(header.handle);
        this.envs.delete(header.handle);
        return { header: {}, arrays: [] };
      case 'envs':
        return { header: { ids: registeredIds() }, arrays: [] };
    }
  }

  private make(id: string, overrides: Record<string, unknown>, numEnvs: number | undefined): Reply {
    const compiled: CompiledEnv = compileEnv(resolveSpec(id, overrides));
    const hosted: Hosted = numEnvs === undefined ? { vector: false, env: new ExecutionEnv(compiled), started: false } : { vector: true, env: new ExecutionVectorEnv(compiled, numEnvs), started: false };
    const handle = this.nextHandle++;
    this.envs.set(handle, hosted);
    return describeSpaces(handle, hosted);
  }

  private hosted(handle: number): Hosted {
    const hosted = this.envs.get(handle);
    if (!hosted) throw new UserError(`request.handle: no open env has handle ${handle} (open: ${[...this.envs.keys()].join(', ') || 'none'})`);
    return hosted;
  }
}

/**
 * The env's spaces and table of features. Bounds travel as float64 arrays, since JSON has no
 * Infinity; the observation itself is float32.
 */
function describeSpaces(handle: number, hosted: Hosted): Reply {
  const env = hosted.env;
  const observationSpace = hosted.vector ? hosted.env.singleObservationSpace : hosted.env.observationSpace;
  const actionSpace = hosted.vector ? hosted.env.singleActionSpace : hosted.env.actionSpace;
  const actionSpec = env.spec.action;
  const arrays: FrameEntry[] = [
    ['observationLow', observationSpace.low],
    ['observationHigh', observationSpace.high],
  ];
  if (actionSpace.kind === 'box') arrays.push(['actionLow', actionSpace.low], ['actionHigh', actionSpace.high]);
  return {
    header: {
      handle,
      vector: hosted.vector,
      numEnvs: hosted.vector ? hosted.env.numEnvs : 1,
      id: env.spec.id,
      steps: env.params.N,
      features: env.features.map(({ name, meaning, hiddenState }) => ({ name, meaning, hiddenState })),
      regimeNames: env.spec.regimes?.map((r) => r.name) ?? ['single'],
      observation: { type: 'box', shape: observationSpace.shape, dtype: 'float32' },
      action:
        actionSpec.type === 'discrete'
          ? { type: 'discrete', n: actionSpace.kind === 'discrete' ? actionSpace.n : 0, levels: actionSpec.levels }
          : { type: 'box', shape: actionSpace.shape, dtype: 'float64', mode: actionSpec.mode, aMax: actionSpec.aMax },
      spec: env.spec,
    },
    arrays,
  };
}

function reset(hosted: Hosted, seed: number | undefined): Reply {
  const options = seed === undefined ? {} : { seed };
  hosted.started = true;
  if (hosted.vector) {
    // The wire keeps its batched names (observations, rewards), which the Python side reads.
    const { observation, info } = hosted.env.reset(options);
    return { header: {}, arrays: flattenInfo({ observations: observation, regime: hosted.env.policyInput.regime, actionMask: info.actionMask }) };
  }
  const { observation, info } = hosted.env.reset(options);
  return { header: {}, arrays: flattenInfo({ observation, info }) };
}

/**
 * One step. A lane's action is `size` numbers (3 on a passive Box env: multiplier, limit fraction,
 * offset) or one (an index, a multiplier; on a passive Box env a taker's `[a, 0, 0]`), as the
 * TypeScript envs take it.
 */
function step(hosted: Hosted, arrays: ReadonlyMap<string, FrameArray>): Reply {
  const lanes = hosted.vector ? hosted.env.numEnvs : 1;
  const size = actionSize(hosted.env.spec.action, hosted.env.params.execution);
  if (!hosted.started) throw new UserError('request: step before reset; send reset first');
  const action = arrays.get('action');
  if (action === undefined || arrays.size !== 1) throw new UserError(`request: step takes one array "action" of ${lanes * size} numbers, got ${[...arrays.keys()].join(', ') || 'none'}`);
  if (action.length !== lanes && action.length !== lanes * size) {
    const allowed = size === 1 ? `${lanes} action${lanes === 1 ? '' : 's'} (one per lane)` : `${lanes * size} numbers (${size} per lane: multiplier, limit fraction, offset) or ${lanes} (a taker's multiplier per lane)`;
    throw new UserError(`request: step needs ${allowed}, got ${action.length}`);
  }
  if (!hosted.vector) return { header: {}, arrays: flattenInfo(hosted.env.step(action.length === 1 ? action[0] : action)) };
  const { observation, reward, terminated, truncated, info } = hosted.env.step(action);
  // info.reward and info.terminated are the same buffers as reward and terminated.
  const { reward: _reward, terminated: _terminated, ...rest } = info;
  return { header: {}, arrays: flattenInfo({ observations: observation, rewards: reward, terminated, truncated, info: rest }) };
}
