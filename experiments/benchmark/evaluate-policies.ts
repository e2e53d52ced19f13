import type { CompiledEnv } from '../../env/core/compile-env.js';
import { evaluatePolicy, type EpisodeRecord, type TrajectoryRow } from '../../env/policy/evaluate-policy.js';
import type { Policy } from '../../env/policy/policy.js';

/** Progress of a multi-policy evaluation, in episodes over all policies. */
export interface ProgressEvent {
  readonly policy: string;
  readonly done: number;
  readonly total: number;
}

export interface EvaluateManyOptions {
  readonly episodes: number;
  readonly seed: number;
  /** Record per-step trajectories of the first this many episodes of every policy. */
  readonly trajectories?: number;
  /** Episodes evaluated between progress reports (and lanes stepped together). */
  readonly chunk?: number;
  readonly onProgress?: (event: ProgressEvent) => void;
}

/** Per policy, in the order given: its episode records and recorded trajectories. */
export interface Evaluation {
  readonly policy: Policy;
  readonly episodes: EpisodeRecord[];
  readonly trajectories: TrajectoryRow[];
}

/** Yields to the event loop, so that a progress bar can redraw between chunks. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Evaluates every policy on the same `episodes` market paths (episode i on market seed seed + i, for
 * every policy: common random numbers), in chunks so that long runs report progress. Chunking does
 * not change any result: episode i is seeded seed + i whatever the chunk.
 */
export async function evaluatePolicies(env: CompiledEnv, policies: readonly Policy[], options: EvaluateManyOptions): Promise<Evaluation[]> {
  const chunk = options.chunk ?? 2048;
  const recorded = options.trajectories ?? 0;
  const total = options.episodes * policies.length;
  const out: Evaluation[] = [];
  let done = 0;
  for (const policy of policies) {
    const episodes: EpisodeRecord[] = [];
    const trajectories: TrajectoryRow[] = [];
    for (let start = 0; start < options.episodes; start += chunk) {
      const count = Math.min(chunk, options.episodes - start);
      const run = evaluatePolicy(policy, env, { episodes: count, seed: options.seed + start, trajectories: Math.max(0, Math.min(count, recorded - start)) });
      for (const record of run.episodes) episodes.push({ ...record, episode: record.episode + start });
      for (const row of run.trajectories) trajectories.push({ ...row, episode: row.episode + start });
      done += count;
      options.onProgress?.({ policy: policy.name, done, total });
      await tick();
    }
    out.push({ policy, episodes, trajectories });
  }
  return out;
}

/** The holdings x_0..x_N a policy actually held in one episode (for static schedules: always). */
export function realisedHoldings(env: CompiledEnv, policy: Policy, seed: number): Float64Array {
  const { trajectories } = evaluatePolicy(policy, env, { episodes: 1, seed, trajectories: 1 });
  const holdings = new Float64Array(env.params.N + 1);
  for (const row of trajectories) holdings[row.step] = row.inventory;
  const last = trajectories[trajectories.length - 1];
  holdings[env.params.N] = last.inventory - last.trade;
  return holdings;
}
