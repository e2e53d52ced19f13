import { ROUNDING_BPS } from '../stats/paired.js';
import { describeMarketUrgency } from '../../env/analytics/ac-inputs.js';
import { compileEnv, type CompiledEnv } from '../../env/core/compile-env.js';
import { UserError } from '../../env/errors/errors.js';
import type { EpisodeRecord } from '../../env/policy/evaluate-policy.js';
import type { Policy } from '../../env/policy/policy.js';
import { resolveSpec } from '../../env/registry.js';
import { isPathIndependent } from '../../baselines/baseline-policy.js';
import { resolvePolicies, resolvePolicy } from '../../baselines/registry.js';
import { evaluatePolicies, realisedHoldings, type Evaluation, type ProgressEvent } from './evaluate-policies.js';
import { adaptiveOptimalExact, beliefOptimalExact, dpExact, hasExactStaticCosts, staticScheduleExact, type ExactValues } from './exact-values.js';
import type { BeliefOptimalPolicy } from '../../baselines/belief-optimal.js';
import type { OptimalPolicy } from '../../baselines/optimal.js';
import { continuousTwin, optimumPolicy } from './continuous-twin.js';
import { scheduleExpectation } from '../../env/analytics/schedule-objective.js';
import { acBaselineSchedule } from '../../baselines/ac.js';
import { summarizePolicy, column, type Control } from './summarize.js';
import { replayClusters, repeatedWindowsWarning } from './replay-sample.js';
import { checkDirPath } from '../../env/io/ensure-dir.js';
import { openResultDir } from '../io/result-dir.js';
import { writeBenchmark } from './write-benchmark.js';
import type { BenchmarkSummary, OptimumInfo } from './benchmark-summary.js';
import { boundFlags } from './bound-flags.js';
import { optimumLabel } from '../../env/analytics/optimum-label.js';

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
  /** Where notes go (policies added as references). Default: nowhere. Warnings go here too, or to stderr. */
  readonly log?: (line: string) => void;
}

/** Episodes per policy at most: 1e7 episodes of every baseline is hours of work and gigabytes of records. */
export const MAX_EPISODES = 10_000_000;

/** @throws UserError naming the option, the value and what is allowed */
function checkOptions(o: BenchmarkOptions): void {
  if (!Number.isInteger(o.episodes) || o.episodes < 3 || o.episodes > MAX_EPISODES) throw new UserError(`episodes must be an integer in [3, ${MAX_EPISODES}], got ${o.episodes}`);
  if (!Number.isSafeInteger(o.seed) || o.seed < 0) throw new UserError(`seed must be an integer in [0, ${Number.MAX_SAFE_INTEGER}], got ${o.seed}`);
  if (!Number.isSafeInteger(o.seed + o.episodes)) throw new UserError(`seed + episodes must stay <= ${Number.MAX_SAFE_INTEGER} (episode i runs on seed + i), got seed ${o.seed} with ${o.episodes} episodes`);
  if (o.outDir !== undefined) checkDirPath(o.outDir, '--out');
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
  for (const reference of optimumPolicy(env) ? ['ac', 'optimal'] : ['ac']) {
    if (!policies.some((p) => p.name === reference)) {
      policies.push(await resolvePolicy(reference, env));
      log(`note: added ${reference} as a reference (paired differences${reference === 'optimal' ? ' and regret' : ''})`);
    }
  }
  const names = new Set<string>();
  for (const p of policies) {
    if (names.has(p.name)) throw new UserError(`policy ${JSON.stringify(p.name)} is listed twice`);
    names.add(p.name);
  }
  return policies;
}

/** Exact costs of each policy where the analytics give them (static schedules, the DPs). */
function exactFor(env: CompiledEnv, policy: Policy, seed: number): ExactValues | null {
  if (policy.name === 'dp-optimal' && env.params.K > 1) return dpExact(env);
  if (policy.name === 'optimal' && (policy as OptimalPolicy).solution?.adaptive) return adaptiveOptimalExact(env, (policy as OptimalPolicy).solution);
  if (policy.name === 'belief-optimal' && env.params.K > 1 && (policy as BeliefOptimalPolicy).solution) return beliefOptimalExact(env, (policy as BeliefOptimalPolicy).solution);
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
  const notes: string[] = [];
  const policies = await policiesFor(env, options.policies ?? ['all'], (line) => notes.push(line));
  // Taken before the work, so that a second writer on the same directory is refused at once.
  const out = options.outDir === undefined ? null : openResultDir(options.outDir, 'benchmark');
  // The AC urgency line is in the summary (summary.md, the printed table): logging it too printed it twice.
  for (const line of notes) log(line);
  const repeats = repeatedWindowsWarning(env, options.seed, options.episodes);
  if (repeats) (options.log ?? ((line: string) => console.error(line)))(repeats);
  try {
    const evaluations = await evaluatePolicies(env, policies, {
      episodes: options.episodes,
      seed: options.seed,
      trajectories: Math.min(options.trajectories ?? 5, options.episodes),
      onProgress: options.onProgress,
    });
    const twin = continuousTwin(env);
    const twinOptimal = twin ? optimumPolicy(twin) : null;
    const reference = twin && twinOptimal ? (await evaluatePolicies(twin, [twinOptimal], { episodes: options.episodes, seed: options.seed }))[0] : undefined;
    const summary = summarizeBenchmark(env, evaluations, options, reference);
    if (out) writeBenchmark(out.staging, summary, evaluations);
    out?.commit();
    return summary;
  } catch (error) {
    out?.abandon();
    throw error;
  }
}

/** The summary of evaluated policies (pure given the records; see {@link runBenchmark}). */
export function summarizeBenchmark(
  env: CompiledEnv,
  evaluations: readonly Evaluation[],
  options: Pick<BenchmarkOptions, 'episodes' | 'seed' | 'controlVariate'>,
  continuousOptimum?: Evaluation,
): BenchmarkSummary {
  const p = env.params;
  const byName = new Map(evaluations.map((e) => [e.policy.name, e]));
  const ac = byName.get('ac');
  // On a passive env `optimal` is the best taker policy, no bound for policies that post limit orders.
  const optimum = p.execution ? undefined : (continuousOptimum ?? byName.get('optimal'));
  const discrete = env.spec.action.type === 'discrete';
  const exact = new Map(evaluations.map((e) => [e.policy.name, exactFor(env, e.policy, options.seed)]));
  const control = controlFrom(ac?.episodes, exact.get('ac') ?? null, options.controlVariate !== false && hasExactStaticCosts(p));
  const replay = p.replay ? replayClusters(p.replay, options.seed, options.episodes) : null;
  const policies = evaluations.map((e) =>
    summarizePolicy(e.policy.name, {
      records: e.episodes,
      usesHiddenState: e.policy.usesHiddenState,
      pathIndependent: isPathIndependent(e.policy),
      // A baseline decides in shares and rounds to the nearest level; an agent acts in the levels natively.
      rounded: discrete && (e.policy as Partial<{ pathIndependent: boolean }>).pathIndependent !== undefined,
      ac: ac?.episodes ?? null,
      optimum: optimum?.episodes ?? null,
      exact: exact.get(e.policy.name) ?? null,
      control,
      twap: byName.get('twap')?.episodes ?? null,
      ...(replay ? { clusters: replay.labels } : {}),
    }),
  );
  const info = optimum ? optimumInfo(env, optimum, continuousOptimum !== undefined) : null;
  const bugSignals = info?.label?.isBound
    ? policies.filter((q) => q.regretBps !== null && q.regretBps.high < -(ROUNDING_BPS + (info.label?.toleranceBps ?? 0))).map((q) => `${q.policy} beats ${info.exactOptimum ? 'the exact optimum' : 'the optimum (a lower bound)'} by ${(-q.regretBps!.mean).toFixed(2)} bps (95% CI of the regret entirely below 0): impossible, so a bug signal (or a 2.5% false alarm)`)
    : [];
  return {
    env: env.spec.id,
    spec: env.spec,
    episodes: options.episodes,
    seed: options.seed,
    design: `common random numbers: episode i of every policy runs on market seed ${options.seed} + i (same prices, volumes and regimes), so differences are paired; ${
      replay
        ? `the episodes replay ${replay.sample.windows} distinct recorded windows in ${replay.sample.clusters} clusters (${replay.sample.clusterBy === 'symbol-day' ? "a symbol's day: its windows share the day's volatility and volume" : 'each window: the data hold one symbol-day'}); se and 95% intervals are cluster-robust (CR1, Student t with clusters - 1 df)`
        : '95% intervals are mean +- 1.96 sd / sqrt(n)'
    }`,
    ...(replay ? { replay: replay.sample } : {}),
    urgency: describeMarketUrgency(p),
    baseline: 'ac',
    optimum: info,
    bugSignals,
    boundFlags: boundFlags(env, evaluations, policies),
    controlVariate: {
      used: control !== null,
      estimator: control
        ? "control variate: the same episode's cost of the static `ac` schedule, whose expectation is exact (the env's expected costs of a static schedule); mean(y) - beta (mean(c) - E[c]), beta = cov(y, c) / var(c) fitted on the same episodes (bias O(1/n)); se from the residuals. For `ac` itself this returns its exact expectation (se 0); the narrowing for other policies is 1 - corr(y, c)^2 of the variance"
        : 'plain sample means (no control variate: disabled, or `ac` not evaluated)',
    },
    policies,
  };
}

/** What the regret's reference is: exact optimum, oracle bound, continuous relaxation or numerical. */
function optimumInfo(env: CompiledEnv, reference: Evaluation, relaxation: boolean): OptimumInfo {
  const solution = (reference.policy as OptimalPolicy).solution;
  const p = env.params;
  const acValue = scheduleExpectation(p, acBaselineSchedule(env).x).objective * p.bpsPerDollar;
  const label = optimumLabel(p, solution, relaxation);
  const kind = label.sentence;
  const simulated = reference.episodes.reduce((a, e) => a + e.objectiveBps, 0) / reference.episodes.length;
  return {
    policy: 'optimal',
    exactOptimum: solution.exact && !solution.oracle && !relaxation,
    oracle: solution.oracle,
    continuousRelaxation: relaxation,
    method: solution.method,
    exact: solution.exact,
    valueBps: solution.objectiveBps,
    simulatedBps: simulated,
    acMarginBps: acValue - solution.objectiveBps,
    label: { kind: label.kind, short: label.short, isBound: label.isBound, toleranceBps: label.toleranceBps },
    note: `${kind}: E[objective] ${solution.objectiveBps.toFixed(2)} bps, ${(acValue - solution.objectiveBps).toFixed(2)} bps below the exact ${acValue.toFixed(2)} of static ac${label.isBound ? ', so no policy can beat ac by more than that on average' : ''}`,
  };
}

function controlFrom(ac: readonly EpisodeRecord[] | undefined, exact: ExactValues | null, allowed: boolean): Control | null {
  if (!allowed || !ac || !exact || exact.expectedIsBps === null) return null;
  return { isBps: column(ac, 'isBps'), objectiveBps: column(ac, 'objectiveBps'), expectedIsBps: exact.expectedIsBps, expectedObjectiveBps: exact.expectedObjectiveBps };
}
