import { join } from 'node:path';
import { acInputsFor, acIsExact } from '../../env/analytics/ac-inputs.js';
import { scheduleCost } from '../../env/analytics/almgren-chriss.js';
import type { CompiledEnv } from '../../env/core/compile-env.js';
import { UserError } from '../../env/errors/errors.js';
import type { Policy } from '../../env/policy/policy.js';
import type { EnvSpec } from '../../env/spec/schema.js';
import { ac, acBaselineSchedule } from '../../baselines/ac.js';
import { isPathIndependent } from '../../baselines/baseline-policy.js';
import { resolvePolicy } from '../../baselines/registry.js';
import { writeJsonAtomic } from '../../env/io/atomic-write.js';
import { checkDirPath } from '../../env/io/ensure-dir.js';
import { openResultDir } from '../io/result-dir.js';
import { writeCsvAtomic, type CsvColumn } from '../io/csv.js';
import { sampleStats } from '../stats/sample-stats.js';
import { evaluatePolicies, realisedHoldings, type ProgressEvent } from './evaluate-policies.js';
import { column } from './summarize.js';
import { compileEnvArg, MAX_EPISODES } from './run-benchmark.js';

/** Participation rates of the POV points when none are given. */
export const DEFAULT_RHOS: readonly number[] = [0.02, 0.05, 0.1, 0.2, 0.3, 0.5];

export interface FrontierOptions {
  readonly env: string | CompiledEnv;
  /** Risk aversions of the AC curve; default {@link defaultLambdas}. */
  readonly lambdas?: readonly number[];
  /** Participation rates of the POV points; default {@link DEFAULT_RHOS}. */
  readonly rhos?: readonly number[];
  /** More policies to place on the plane (names or policies), besides twap, vwap and pov. */
  readonly policies?: readonly (string | Policy)[];
  /** Episodes per simulated point (common random numbers across points). */
  readonly episodes: number;
  readonly seed: number;
  /** Writes frontier.csv and frontier.json here when given. */
  readonly outDir?: string;
  readonly onProgress?: (event: ProgressEvent) => void;
}

/** One point of the (E[IS], sd[IS]) plane, in bps. */
export interface FrontierPoint {
  readonly curve: 'ac' | 'policy';
  readonly policy: string;
  readonly lambda: number | null;
  readonly rho: number | null;
  readonly expectedIsBps: number;
  readonly sdIsBps: number;
  /** Standard error of a simulated mean (null when exact). */
  readonly seMeanBps: number | null;
  readonly method: 'exact' | 'simulated';
  /** AC points: false when the action space could not follow the AC schedule (aMax binds). */
  readonly followsSchedule: boolean | null;
}

export interface FrontierResult {
  readonly env: string;
  readonly spec: EnvSpec;
  readonly lambdaEnv: number;
  readonly exact: boolean;
  readonly episodes: number;
  readonly seed: number;
  readonly points: readonly FrontierPoint[];
}

/** lambda = 0 and the env's lambda times 10^-3 .. 10^1.5 in quarter decades (or 1e-9 .. 1e-4 when it is 0). */
export function defaultLambdas(lambdaEnv: number): number[] {
  const center = lambdaEnv > 0 ? lambdaEnv : 1e-6;
  const out = [0];
  for (let e = -3; e <= 1.5 + 1e-9; e += 0.25) out.push(Number((center * 10 ** e).toPrecision(6)));
  return out;
}

function checkGrid(name: string, values: readonly number[], ok: (v: number) => boolean, allowed: string): void {
  for (const v of values) if (!ok(v)) throw new UserError(`${name} must be ${allowed}, got ${v}`);
}

/**
 * The AC efficient frontier (E[IS], sd[IS]) over a lambda grid, with TWAP, VWAP, POV over a grid
 * of rho and any other policies placed on the same plane. Exact (the AC closed forms of the
 * schedule each policy executes) for static policies on a one-regime linear market; simulated on
 * common random numbers otherwise.
 */
export async function runFrontier(options: FrontierOptions): Promise<FrontierResult> {
  if (options.outDir !== undefined) checkDirPath(options.outDir, '--out');
  const env = compileEnvArg(options.env);
  const p = env.params;
  const lambdas = options.lambdas ?? defaultLambdas(p.lambda);
  const rhos = options.rhos ?? DEFAULT_RHOS;
  checkGrid('lambdas', lambdas, (v) => v >= 0 && Number.isFinite(v), 'finite numbers >= 0');
  checkGrid('rhos', rhos, (v) => v > 0 && v <= 1, 'participation rates in (0, 1]');
  if (!Number.isInteger(options.episodes) || options.episodes < 3 || options.episodes > MAX_EPISODES) throw new UserError(`episodes must be an integer in [3, ${MAX_EPISODES}], got ${options.episodes}`);
  if (!Number.isSafeInteger(options.seed) || options.seed < 0 || !Number.isSafeInteger(options.seed + options.episodes)) throw new UserError(`seed must be an integer in [0, ${Number.MAX_SAFE_INTEGER} - episodes], got ${options.seed}`);
  const acPolicies = lambdas.map((lambda) => ({ policy: ac(env, lambda), lambda, rho: null as number | null }));
  // Placed points: twap, vwap, the POV grid, then the caller's; a name given twice is placed once.
  const placed: Policy[] = [];
  const names = ['twap', 'vwap', ...rhos.map((rho) => `pov:${rho}`)];
  for (const asked of [...names, ...(options.policies ?? [])]) {
    const policy = typeof asked === 'string' ? await resolvePolicy(asked, env) : asked;
    if (!placed.some((q) => q.name === policy.name)) placed.push(policy);
  }
  const others = placed.map((policy) => ({ policy, lambda: null as number | null, rho: policy.name.startsWith('pov:') ? Number(policy.name.slice(4)) : null }));
  const all = [...acPolicies, ...others];
  const exact = acIsExact(p);
  const simulated = all.filter((entry) => !(exact && isPathIndependent(entry.policy)));
  const out = options.outDir === undefined ? null : openResultDir(options.outDir, 'frontier');
  try {
    const result = await frontierPoints(env, all, simulated, options);
    if (out) writeFrontier(out.staging, result);
    out?.commit();
    return result;
  } catch (error) {
    out?.abandon();
    throw error;
  }
}

type Entry = { policy: Policy; lambda: number | null; rho: number | null };

async function frontierPoints(env: CompiledEnv, all: readonly Entry[], simulated: readonly Entry[], options: FrontierOptions): Promise<FrontierResult> {
  const p = env.params;
  const exact = acIsExact(p);
  const evaluations = await evaluatePolicies(env, simulated.map((e) => e.policy), { episodes: options.episodes, seed: options.seed, onProgress: options.onProgress });
  const bySimulation = new Map(evaluations.map((e) => [e.policy, sampleStats(column(e.episodes, 'isBps'))]));
  const inputs = acInputsFor(p);
  const points = all.map(({ policy, lambda, rho }): FrontierPoint => {
    const curve = lambda === null ? 'policy' : 'ac';
    const stats = bySimulation.get(policy);
    const holdings = stats ? null : realisedHoldings(env, policy, options.seed);
    const followsSchedule = lambda === null ? null : followsAc(env, lambda, holdings ?? realisedHoldings(env, policy, options.seed));
    if (stats) return { curve, policy: policy.name, lambda, rho, expectedIsBps: stats.mean, sdIsBps: stats.sd, seMeanBps: stats.se, method: 'simulated', followsSchedule };
    const cost = scheduleCost(inputs, holdings!);
    return { curve, policy: policy.name, lambda, rho, expectedIsBps: cost.expectedCost * p.bpsPerDollar, sdIsBps: Math.sqrt(cost.variance) * p.bpsPerDollar, seMeanBps: null, method: 'exact', followsSchedule };
  });
  return { env: env.spec.id, spec: env.spec, lambdaEnv: p.lambda, exact, episodes: options.episodes, seed: options.seed, points };
}

/** Whether the env executed the AC schedule for `lambda` (within 1e-9 of the order). */
function followsAc(env: CompiledEnv, lambda: number, holdings: Float64Array): boolean {
  const planned = acBaselineSchedule(env, lambda).x;
  return holdings.every((x, j) => Math.abs(x - planned[j]) <= 1e-9 * env.params.X);
}

const frontierColumns: CsvColumn<FrontierPoint>[] = [
  { id: 'curve', title: 'curve' },
  { id: 'policy', title: 'policy' },
  { id: 'lambda', title: 'lambda' },
  { id: 'rho', title: 'rho' },
  { id: 'expectedIsBps', title: 'expected_is_bps' },
  { id: 'sdIsBps', title: 'sd_is_bps' },
  { id: 'seMeanBps', title: 'se_mean_bps' },
  { id: 'method', title: 'method' },
  { id: 'followsSchedule', title: 'follows_schedule' },
];

/** frontier.csv and frontier.json, each written atomically. */
export function writeFrontier(dir: string, result: FrontierResult): void {
  writeCsvAtomic(join(dir, 'frontier.csv'), frontierColumns, result.points);
  writeJsonAtomic(join(dir, 'frontier.json'), result);
}
