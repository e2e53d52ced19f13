import { describeMarketUrgency } from '../../env/analytics/ac-inputs.js';
import { compileEnv, type CompiledEnv } from '../../env/compile-env.js';
import { UserError } from '../../env/errors.js';
import type { EpisodeRecord } from '../../env/evaluate-policy.js';
import type { Policy } from '../../env/policy.js';
import { resolveSpec } from '../../env/registry.js';
import { isPathIndependent } from '../../baselines/baseline-policy.js';
import { resolvePolicies, resolvePolicy } from '../../baselines/registry.js';
import { evaluatePolicies, realisedHoldings, type Evaluation, type ProgressEvent } from './evaluate-policies.js';
import { dpExact, exactOptimum, hasExactStaticCosts, staticScheduleExact, type ExactValues } from './exact-values.js';
import { summarizePolicy, column, type Control } from './summarize.js';
import { writeBenchmark } from './write-benchmark.js';
import type { BenchmarkSummary } from './benchmark-summary.js';

export interface BenchmarkOptions {
  /** A registered id, a path to a JSON spec, or a compiled env. */
  readonly env: string | CompiledEnv;
  /** Policy names (`twap`, `pov:0.2`, `all`, or a registered prefix like `run:...`) or policies. Default `all`. */
  readonly policies?: readonly (string | Policy)[];
  readonly episodes: number;
  /** Episode i of every policy runs on market seed seed + i. */
  readonly seed: number;
  /** Writes episodes.csv, trajectories.csv, summary.json and summary.md here when given. */
  readonly outDir?: string;
  /** Per-step trajectories recorded for the first this many episodes (default 5). */
  readonly trajectories?: number;
  /** Use `ac` as a control variate for the mean costs where its expectation is exact (default true). */
  readonly controlVariate?: boolean;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Where notes go (the AC urgency line, policies added as references). Default: nowhere. */
  readonly log?: (line: string) => void;
}

/** @throws UserError naming the option, the value and what is allowed */
function checkOptions(o: BenchmarkOptions): void {
  if (!Number.isInteger(o.episodes) || o.episodes < 3) throw new UserError(`episodes must be an integer >= 3, got ${o.episodes}`);
  if (!Number.isSafeInteger(o.seed) || o.seed < 0 || !Number.isSafeInteger(o.seed + o.episodes)) throw new UserError(`seed must be a non-negative integer, got ${o.seed}`);
  const t = o.trajectories ?? 5;
  if (!Number.isInteger(t) || t < 0) throw new UserError(`trajectories must be a non-negative integer, got ${t}`);
}

/** Compiles `env` when it is an id or a spec path. */
export function compileEnvArg(env: string | CompiledEnv): CompiledEnv {
  return typeof env === 'string' ? compileEnv(resolveSpec(env)) : env;
}

/** The policies to run: those asked for, plus `ac` and the exact optimum as references when missing. */
async function policiesFor(env: CompiledEnv, asked: readonly (string | Policy)[], log: (line: string) => void): Promise<Policy[]> {
  // In the order asked; a name may expand (`all`), a policy object is taken as it is.
  const policies: Policy[] = [];
  for (const item of asked) policies.push(...(typeof item === 'string' ? await resolvePolicies([item], env) : [item]));
  const optimum = exactOptimum(env.params);
  for (const reference of optimum === 'dp-optimal' ? ['ac', 'dp-optimal'] : ['ac']) {
    if (!policies.some((p) => p.name === reference)) {
      policies.push(await resolvePolicy(reference, env));
      log(`note: added ${reference} as a reference (paired differences${reference === optimum ? ' and regret' : ''})`);
    }
  }
  const names = new Set<string>();
  for (const p of policies) {
    if (names.has(p.name)) throw new UserError(`policy ${JSON.stringify(p.name)} is listed twice`);
    names.add(p.name);
  }
  return policies;
}

/** Exact costs of each policy where the analytics give them (static schedules, the DP). */
function exactFor(env: CompiledEnv, policy: Policy, seed: number): ExactValues | null {
  if (policy.name === 'dp-optimal' && env.params.K > 1) return dpExact(env);
  return isPathIndependent(policy) ? staticScheduleExact(env, realisedHoldings(env, policy, seed)) : null;
}

/**
 * Runs the benchmark: every policy on the same `episodes` seeded market paths, then per policy the
 * cost distribution, paired differences against `ac`, regret against the exact optimum where one
 * exists, exact expectations where known, and control-variate means on linear markets. Writes the
 * result files when `outDir` is given.
 * @returns the summary (as written to summary.json)
 * @throws UserError for bad options or policy names
 */
export async function runBenchmark(options: BenchmarkOptions): Promise<BenchmarkSummary> {
  checkOptions(options);
  const log = options.log ?? (() => {});
  const env = compileEnvArg(options.env);
  log(describeMarketUrgency(env.params));
  const policies = await policiesFor(env, options.policies ?? ['all'], log);
  const evaluations = await evaluatePolicies(env, policies, {
    episodes: options.episodes,
    seed: options.seed,
    trajectories: Math.min(options.trajectories ?? 5, options.episodes),
    onProgress: options.onProgress,
  });
  const summary = summarizeBenchmark(env, evaluations, options);
  if (options.outDir) writeBenchmark(options.outDir, summary, evaluations);
  return summary;
}

/** The summary of evaluated policies (pure given the records; see {@link runBenchmark}). */
export function summarizeBenchmark(env: CompiledEnv, evaluations: readonly Evaluation[], options: Pick<BenchmarkOptions, 'episodes' | 'seed' | 'controlVariate'>): BenchmarkSummary {
  const p = env.params;
  const byName = new Map(evaluations.map((e) => [e.policy.name, e]));
  const ac = byName.get('ac');
  const optimumName = exactOptimum(p);
  const optimum = optimumName ? byName.get(optimumName) : undefined;
  const exact = new Map(evaluations.map((e) => [e.policy.name, exactFor(env, e.policy, options.seed)]));
  const control = controlFrom(ac?.episodes, exact.get('ac') ?? null, options.controlVariate !== false && hasExactStaticCosts(p));
  const policies = evaluations.map((e) =>
    summarizePolicy(e.policy.name, {
      records: e.episodes,
      usesHiddenState: e.policy.usesHiddenState,
      pathIndependent: isPathIndependent(e.policy),
      ac: ac?.episodes ?? null,
      optimum: optimum?.episodes ?? null,
      exact: exact.get(e.policy.name) ?? null,
      control,
    }),
  );
  const oracle = optimum?.policy.usesHiddenState ?? false;
  return {
    env: env.spec.id,
    spec: env.spec,
    episodes: options.episodes,
    seed: options.seed,
    design: `common random numbers: episode i of every policy runs on market seed ${options.seed} + i (same prices, volumes and regimes), so differences are paired; 95% intervals are mean +- 1.96 sd / sqrt(n)`,
    urgency: describeMarketUrgency(p),
    baseline: 'ac',
    optimum: optimum
      ? {
          policy: optimum.policy.name,
          oracle,
          note: optimumName === 'ac'
            ? 'AC is the exact optimum of E[IS] + lambda Var[IS] on a one-regime linear market'
            : `the regime DP is the exact optimum of E[IS + risk penalty] given the current regime${oracle ? '; it reads the hidden regime, so it is an oracle bound, not an achievable policy' : ''}`,
        }
      : null,
    controlVariate: {
      used: control !== null,
      estimator: control
        ? "control variate: the same episode's cost of the static `ac` schedule, whose expectation is exact on a linear arithmetic market; mean(y) - beta (mean(c) - E[c]), beta = cov(y, c) / var(c) fitted on the same episodes (bias O(1/n)); se from the residuals. For `ac` itself this returns its exact expectation (se 0); the narrowing for other policies is 1 - corr(y, c)^2 of the variance"
        : 'plain sample means (no control variate: the expected cost of static AC is only exact on linear-impact arithmetic markets)',
    },
    policies,
  };
}

function controlFrom(ac: readonly EpisodeRecord[] | undefined, exact: ExactValues | null, allowed: boolean): Control | null {
  if (!allowed || !ac || !exact || exact.expectedIsBps === null) return null;
  return { isBps: column(ac, 'isBps'), objectiveBps: column(ac, 'objectiveBps'), expectedIsBps: exact.expectedIsBps, expectedObjectiveBps: exact.expectedObjectiveBps };
}
