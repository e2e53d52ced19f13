import { resolvePolicy } from '../../baselines/registry.js';
import { compileEnv } from '../../env/core/compile-env.js';
import { UserError } from '../../env/errors/errors.js';
import { evaluatePolicy } from '../../env/policy/evaluate-policy.js';
import { resolveSpec } from '../../env/registry.js';
import { meanInterval, pairedDifference, type Interval } from '../stats/paired.js';

/** The capacity scales issue 19 asks every passive conclusion to be read at. */
export const CAPACITY_SCALES = [0.25, 0.5, 1, 2] as const;
/** The passive baselines, each paired against the taker `twap` on the same paths and fills. */
export const CAPACITY_POLICIES = ['passive-twap', 'ac-passive', 'twap'] as const;

export interface CapacityRow {
  readonly scale: number;
  /** The scaled clip (shares each hit takes). */
  readonly clip: number;
  /** Objective (bps of X·S0) of each policy, mean and 95% interval. */
  readonly objectiveBps: Record<string, Interval>;
  /** Paired objective − taker twap's (bps; negative: cheaper than twap), per policy. */
  readonly vsTwapBps: Record<string, Interval>;
}

/**
 * The sensitivity of the passive conclusions to the fill capacity (issue 19, finding 10): the
 * passive env with its clip scaled by each of `scales`, so the mean capacity clip·A·exp(−k·delta)
 * scales with it (clip rather than A: the calibrated clip assumes the front of the queue, and an
 * order behind a queue gets a share of each market order; the hit count, whose noise is small at
 * hundreds of hits a step, is the data's), and `policies` benchmarked on the same market seeds at every scale, each paired
 * against the taker `twap` (common random numbers: one path and one fill stream per seed, whatever
 * the policy, so the paired interval holds the capacity's effect, not the paths' luck).
 * @throws UserError when `env` is not a passive env with intensity fills
 */
export async function capacitySensitivity(env: string, options: { episodes: number; seed: number; scales?: readonly number[]; policies?: readonly string[] }): Promise<CapacityRow[]> {
  const base = resolveSpec(env);
  const fills = base.execution?.fills;
  if (!fills || fills.model !== 'intensity') throw new UserError(`capacity: ${JSON.stringify(env)} is not a passive env with intensity fills`);
  const rows: CapacityRow[] = [];
  for (const scale of options.scales ?? CAPACITY_SCALES) {
    const clip = fills.clip * scale;
    const compiled = compileEnv(resolveSpec(env, { execution: { fills: { clip } } }));
    const objectives: Record<string, Float64Array> = {};
    for (const name of options.policies ?? CAPACITY_POLICIES) {
      const policy = await resolvePolicy(name, compiled);
      objectives[name] = Float64Array.from(evaluatePolicy(policy, compiled, { episodes: options.episodes, seed: options.seed }).episodes, (e) => e.objectiveBps);
    }
    const twap = objectives.twap ?? Float64Array.from(evaluatePolicy(await resolvePolicy('twap', compiled), compiled, { episodes: options.episodes, seed: options.seed }).episodes, (e) => e.objectiveBps);
    const entries = Object.entries(objectives);
    rows.push({
      scale,
      clip,
      objectiveBps: Object.fromEntries(entries.map(([name, o]) => [name, meanInterval(o)])),
      vsTwapBps: Object.fromEntries(entries.filter(([name]) => name !== 'twap').map(([name, o]) => [name, pairedDifference(o, twap)])),
    });
  }
  return rows;
}

/** The sensitivity as a markdown table: objective and paired difference to twap per scale. */
export function capacityTable(env: string, rows: readonly CapacityRow[], episodes: number): string {
  const names = Object.keys(rows[0].vsTwapBps);
  const f = (i: Interval) => `${i.mean.toFixed(2)} [${i.low.toFixed(2)}, ${i.high.toFixed(2)}]`;
  return [
    `Capacity sensitivity on ${env}: ${episodes} episodes per scale, the same seeds at every scale; bps of X·S0, 95% normal intervals, differences paired against the taker twap.`,
    '',
    `| capacity | clip (shares) | twap objective | ${names.map((n) => `${n} objective | ${n} − twap`).join(' | ')} |`,
    `| --- | --- | --- | ${names.map(() => '--- | ---').join(' | ')} |`,
    ...rows.map((r) => `| ×${r.scale} | ${r.clip.toPrecision(4)} | ${f(r.objectiveBps.twap)} | ${names.map((n) => `${f(r.objectiveBps[n])} | ${f(r.vsTwapBps[n])}`).join(' | ')} |`),
    '',
  ].join('\n');
}

/** `node dist/experiments/calibrate/capacity-sensitivity.js [ENV] [EPISODES]`: prints the table. */
async function main(argv: readonly string[]): Promise<void> {
  const env = argv[0] ?? 'passive-ac-linear-v1';
  const episodes = Number(argv[1] ?? 2000);
  if (!Number.isInteger(episodes) || episodes < 2) throw new UserError(`capacity: EPISODES must be an integer >= 2, got ${JSON.stringify(argv[1])}`);
  console.log(capacityTable(env, await capacitySensitivity(env, { episodes, seed: 0 }), episodes));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof UserError ? error.message : error);
    process.exit(1);
  });
}
