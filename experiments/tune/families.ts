import { ac } from '../../baselines/ac.js';
import { constant } from '../../baselines/constant.js';
import { pegCross } from '../../baselines/peg-cross.js';
import { actionMultiplierCap } from '../../env/analytics/schedule-constraints.js';
import type { CompiledEnv } from '../../env/core/compile-env.js';
import { UserError } from '../../env/errors/errors.js';
import type { Policy } from '../../env/policy/policy.js';

/** One tuned parameter: its range and whether the search steps in it linearly or in its logarithm. */
export interface TuneDimension {
  readonly name: string;
  readonly low: number;
  readonly high: number;
  readonly scale: 'linear' | 'log';
}

/**
 * A parametric baseline family that `tune` searches: its parameters' ranges on an env, and the
 * policy for a parameter vector, whose name `benchmark --policies` resolves to the same policy.
 */
export interface TuneFamily {
  readonly id: string;
  readonly describe: string;
  /** Why the family cannot run on `env`, or undefined. */
  unsupported(env: CompiledEnv): string | undefined;
  dimensions(env: CompiledEnv): TuneDimension[];
  policy(env: CompiledEnv, values: readonly number[]): Policy;
}

/** A parameter rounded to 3 significant digits: short names that resolve to exactly the policy scored. */
export function roundParameter(v: number): number {
  return v === 0 ? 0 : Number(v.toPrecision(3));
}

const constFamily: TuneFamily = {
  id: 'const',
  describe: 'const:<a>, a constant multiplier of the even split (a = 1 is twap)',
  unsupported: () => undefined,
  // a = 0 sells everything at the forced liquidation; the search starts just above it.
  dimensions: (env) => [{ name: 'a', low: 0.05, high: actionMultiplierCap(env.spec.action), scale: 'linear' }],
  policy: (env, [a]) => constant(env, a),
};

const acLambdaFamily: TuneFamily = {
  id: 'ac-lambda',
  describe: "ac:<lambda>, the ac schedule with a tuned risk aversion instead of the env's",
  unsupported: () => undefined,
  // Six decades each side of the env's risk aversion (or of 1e-6 for a risk-neutral env): kappa
  // scales as sqrt(lambda), so this runs from TWAP-like to front-loaded.
  dimensions: (env) => {
    const centre = env.params.lambda > 0 ? env.params.lambda : 1e-6;
    return [{ name: 'lambda', low: centre * 1e-6, high: centre * 1e6, scale: 'log' }];
  },
  policy: (env, [lambda]) => ac(env, lambda),
};

const pegCrossFamily: TuneFamily = {
  id: 'peg-cross',
  describe: 'peg-cross:<k>:<offset>:<behind>, follow ac with limit orders: post k x its slice offset ticks behind the touch, cross what lags more than behind shares',
  unsupported: (env) => (env.params.execution ? undefined : 'needs a passive env (a spec with an execution block)'),
  dimensions: (env) => [
    { name: 'k', low: 0, high: 8, scale: 'linear' },
    { name: 'offset', low: 0, high: env.params.execution!.maxOffset, scale: 'linear' },
    // Up to three TWAP slices behind.
    { name: 'behind', low: 0, high: (3 * env.params.X) / env.params.N, scale: 'linear' },
  ],
  policy: (env, [k, offset, behind]) => pegCross(env, { k, offset, behind }),
};

/** The families `tune` knows, by id. */
export const TUNE_FAMILIES: ReadonlyMap<string, TuneFamily> = new Map([constFamily, acLambdaFamily, pegCrossFamily].map((f) => [f.id, f]));

/**
 * The family `id` for `env`.
 * @throws UserError for an unknown family or one that cannot run on `env`
 */
export function tuneFamily(id: string, env: CompiledEnv): TuneFamily {
  const family = TUNE_FAMILIES.get(id);
  if (!family) throw new UserError(`--family must be one of ${[...TUNE_FAMILIES.keys()].join(', ')}, got ${JSON.stringify(id)}`);
  const why = family.unsupported(env);
  if (why) throw new UserError(`--family ${family.id} ${why}, got ${env.spec.id}`);
  return family;
}
