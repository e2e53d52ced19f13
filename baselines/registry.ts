import { beliefDpUnsupported } from '../env/analytics/belief-dp.js';
import { solveRegimeDp } from '../env/analytics/regime-dp.js';
import type { CompiledEnv } from '../env/core/compile-env.js';
import { UserError } from '../env/errors/errors.js';
import type { Policy } from '../env/policy/policy.js';
import { ac } from './ac.js';
import { acAdaptive } from './ac-adaptive.js';
import { acPassive } from './ac-passive.js';
import { constant } from './constant.js';
import { pegCross } from './peg-cross.js';
import { beliefOptimal } from './belief-optimal.js';
import { dpOptimal } from './dp-optimal.js';
import { immediate } from './immediate.js';
import { lastMinute } from './last-minute.js';
import { optimal } from './optimal.js';
import { passivePov } from './passive-pov.js';
import { passiveTwap } from './passive-twap.js';
import { DEFAULT_RHO, pov } from './pov.js';
import { twap } from './twap.js';
import { vwap } from './vwap.js';

/**
 * Makes the policy for a name `prefix` or `prefix:arg` (arg is everything after the first colon,
 * e.g. `0.1` in `pov:0.1` or `results/x` in `run:results/x`). May be async (loading a checkpoint).
 * @throws UserError or RangeError naming the argument and what is allowed
 */
export type PolicyResolver = (arg: string | undefined, env: CompiledEnv) => Policy | Promise<Policy>;

interface ResolverEntry {
  readonly resolve: PolicyResolver;
  /** For help and error messages, e.g. `pov[:rho]`. */
  readonly usage: string;
  readonly builtin: boolean;
  /** A parametric family (`const:<a>`, `peg-cross:<k>:<offset>:<behind>`): needs its parameters, so never part of `all`. */
  readonly parametric?: boolean;
  /** Why a built-in baseline cannot run on this env (left out of `all`), or undefined. */
  readonly unsupported?: (env: CompiledEnv) => string | undefined;
}

const resolvers = new Map<string, ResolverEntry>();

/** A numeric `name:arg`, or `fallback` when there is no arg. */
function numberArg(what: string, arg: string | undefined, fallback?: number): number | undefined {
  if (arg === undefined) return fallback;
  const value = Number(arg);
  if (arg.trim() === '' || !Number.isFinite(value)) throw new UserError(`${what} must be a number, got ${JSON.stringify(arg)}`);
  return value;
}

function noArg(prefix: string, make: (env: CompiledEnv) => Policy): PolicyResolver {
  return (arg, env) => {
    if (arg !== undefined) throw new UserError(`${prefix} takes no parameter, got ${JSON.stringify(arg)}`);
    return make(env);
  };
}

function builtin(prefix: string, usage: string, resolve: PolicyResolver, unsupported?: ResolverEntry['unsupported'], parametric = false): void {
  resolvers.set(prefix, { resolve, usage, builtin: true, unsupported, parametric });
}

/** The colon-separated numbers of `prefix:<v1>:<v2>...` (commas separate policies in a list), named `names` in errors. */
function numberList(prefix: string, names: readonly string[], arg: string | undefined): number[] {
  const form = `${prefix}:<${names.join('>:<')}>`;
  if (arg === undefined) throw new UserError(`${prefix} needs its parameters: ${form}`);
  const parts = arg.split(':');
  if (parts.length !== names.length) throw new UserError(`${prefix} takes ${names.length} number${names.length > 1 ? 's' : ''} ${form}, got ${JSON.stringify(arg)}`);
  return parts.map((part, i) => numberArg(names[i], part)!);
}

builtin('twap', 'twap', noArg('twap', twap));
builtin('vwap', 'vwap', noArg('vwap', vwap));
builtin('pov', `pov[:rho] (rho in (0, 1], default ${DEFAULT_RHO})`, (arg, env) => pov(env, numberArg('rho', arg, DEFAULT_RHO)));
/** The risk aversion of `ac:<lambda>` and `ac-passive:<lambda>` (undefined: the env's). */
function lambdaArg(arg: string | undefined): number | undefined {
  const lambda = numberArg('lambda', arg);
  if (lambda !== undefined && !(lambda >= 0)) throw new UserError(`lambda must be >= 0, got ${arg}`);
  return lambda;
}

builtin('ac', 'ac[:lambda] (lambda >= 0, default the env risk aversion)', (arg, env) => ac(env, lambdaArg(arg)));
builtin('ac-adaptive', 'ac-adaptive', noArg('ac-adaptive', acAdaptive));
builtin('dp-optimal', 'dp-optimal (linear impact)', noArg('dp-optimal', dpOptimal), (env) => {
  try {
    solveRegimeDp(env.params);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
});
// The best policy that does not read the regime: a DP over the Hamilton filter's belief.
builtin('belief-optimal', 'belief-optimal (linear impact; the best policy of public prices, volumes and own trades)', noArg('belief-optimal', beliefOptimal), (env) => beliefDpUnsupported(env.params));
builtin('optimal', 'optimal (the optimum of E[IS + risk penalty]; see execgym optimal)', noArg('optimal', optimal), (env) => {
  try {
    optimal(env);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
});
// Passive baselines post limit orders: only on a passive env (a spec with an execution block).
const passiveOnly = (env: CompiledEnv) => (env.params.execution ? undefined : 'needs a passive env (a spec with an execution block)');
builtin('passive-twap', 'passive-twap (passive envs)', noArg('passive-twap', passiveTwap), passiveOnly);
builtin('passive-pov', `passive-pov[:rho] (passive envs; rho in (0, 1], default ${DEFAULT_RHO})`, (arg, env) => passivePov(env, numberArg('rho', arg, DEFAULT_RHO)!), passiveOnly);
builtin('ac-passive', 'ac-passive[:lambda] (passive envs; lambda >= 0, default the env risk aversion)', (arg, env) => acPassive(env, lambdaArg(arg)), passiveOnly);
// Parametric families, tuned by `execgym tune` (experiments/tune/); `ac:<lambda>` above is the third.
builtin('const', 'const:<a> (a constant multiplier a of the even split every step, 0 <= a <= aMax)', (arg, env) => constant(env, numberList('const', ['a'], arg)[0]), undefined, true);
builtin(
  'peg-cross',
  'peg-cross:<k>:<offset>:<behind> (passive envs; follow ac, post k x its slice offset ticks behind the touch, cross beyond behind shares behind)',
  (arg, env) => {
    const [k, offset, behind] = numberList('peg-cross', ['k', 'offset', 'behind'], arg);
    return pegCross(env, { k, offset, behind });
  },
  passiveOnly,
  true,
);
builtin('immediate', 'immediate', noArg('immediate', immediate));
builtin('last-minute', 'last-minute', noArg('last-minute', lastMinute));

/**
 * Lets another module name its policies, e.g. `registerPolicyResolver('run', loadRunPolicy)` so that
 * `--policies run:results/x` works in `benchmark` and `frontier`. Register explicitly (the CLI does
 * at start-up, see registerRunPolicy), not as a side effect of importing a module.
 * @throws RangeError when the prefix is empty, contains a colon, or is taken
 */
export function registerPolicyResolver(prefix: string, resolver: PolicyResolver, usage = `${prefix}:<arg>`): void {
  if (!/^[a-z][a-z0-9-]*$/.test(prefix)) throw new RangeError(`policy prefix must be lower-case letters, digits and dashes, got ${JSON.stringify(prefix)}`);
  if (resolvers.has(prefix)) throw new RangeError(`policy prefix ${JSON.stringify(prefix)} is already registered`);
  resolvers.set(prefix, { resolve: resolver, usage, builtin: false });
}

/** Every name form that resolves: built-in baselines first, then registered prefixes. */
export function policyUsages(): string[] {
  return [...resolvers.values()].map((entry) => entry.usage);
}

/** The built-in baselines that can run on `env` (what `all` means), in registry order. */
export function baselineNames(env: CompiledEnv): string[] {
  return [...resolvers].filter(([, entry]) => entry.builtin && !entry.parametric && entry.unsupported?.(env) === undefined).map(([prefix]) => prefix);
}

/**
 * The policy for `name` on `env`.
 * @throws UserError naming the policy and what is allowed
 */
export async function resolvePolicy(name: string, env: CompiledEnv): Promise<Policy> {
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? name : name.slice(0, colon);
  const arg = colon < 0 ? undefined : name.slice(colon + 1);
  const entry = resolvers.get(prefix);
  if (!entry) throw new UserError(`unknown policy ${JSON.stringify(name)}; known: ${policyUsages().join(', ')}, or all`);
  try {
    return await entry.resolve(arg, env);
  } catch (error) {
    if (error instanceof UserError || error instanceof RangeError) throw new UserError(`policy ${JSON.stringify(name)}: ${error.message}`);
    throw error;
  }
}

/**
 * Resolves a list of names (`all` expands to {@link baselineNames}).
 * @throws UserError for an unknown or unsupported name, or two policies with the same name
 */
export async function resolvePolicies(names: readonly string[], env: CompiledEnv): Promise<Policy[]> {
  const expanded = names.flatMap((name) => (name === 'all' ? baselineNames(env) : [name]));
  const policies: Policy[] = [];
  for (const name of expanded) policies.push(await resolvePolicy(name, env));
  const seen = new Set<string>();
  for (const policy of policies) {
    if (seen.has(policy.name)) throw new UserError(`policy ${JSON.stringify(policy.name)} is listed twice`);
    seen.add(policy.name);
  }
  return policies;
}
