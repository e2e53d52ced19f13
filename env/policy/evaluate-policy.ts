import type { CompiledEnv } from '../core/compile-env.js';
import { ExecutionVectorEnv } from '../core/execution-vector-env.js';
import type { PassiveEpisodeInfo } from '../core/execution-vector-env.js';
import type { PassiveSummary } from '../episode/passive-summary.js';
import { BENCHMARK_KEYS, type EpisodeBenchmarks } from '../episode/episode-paths.js';
import type { Policy, PolicyInput } from './policy.js';

/** One evaluated episode. Episode `i` of a call with seed `s` runs on market seed `s + i`. */
export interface EpisodeRecord {
  readonly episode: number;
  readonly seed: number;
  readonly policy: string;
  readonly isBps: number;
  readonly riskPenaltyBps: number;
  readonly return: number;
  /** IS + risk penalty (bps): minus the return. */
  readonly objectiveBps: number;
  readonly vwapSlippageBps: number;
  /** Fraction of the order executed by the horizon (1 by forced liquidation). */
  readonly completion: number;
  /** Passive envs only: the episode's limit-order numbers (see {@link PassiveSummary}). */
  readonly passive?: PassiveSummary;
  /** Slippage against TWAP, close and PWP, and mark-outs of every fill (see {@link EpisodeBenchmarks}). */
  readonly benchmarks?: EpisodeBenchmarks;
}

/** One step of one recorded episode, for trajectory plots. */
export interface TrajectoryRow {
  readonly episode: number;
  readonly policy: string;
  readonly step: number;
  readonly inventory: number;
  readonly trade: number;
  readonly execPrice: number;
  readonly marketVolume: number;
  readonly regime: number;
}

export interface EvaluateOptions {
  readonly episodes: number;
  readonly seed: number;
  /** Record per-step trajectories of the first this many episodes. */
  readonly trajectories?: number;
  /** Lanes stepped together (memory bound); results do not depend on it. */
  readonly batch?: number;
  /** Called after each batch with the number of episodes done. */
  readonly onProgress?: (done: number) => void;
}

/**
 * Runs `policy` for `episodes` episodes on market seeds seed, seed + 1, ...: the same paths for
 * every policy evaluated with the same seed (common random numbers), so differences are paired.
 * All episodes last N steps, so a batch of lanes starts and ends together.
 */
export function evaluatePolicy(policy: Policy, env: CompiledEnv, options: EvaluateOptions): { episodes: EpisodeRecord[]; trajectories: TrajectoryRow[] } {
  const { N } = env.params;
  const batch = Math.min(options.batch ?? 2048, options.episodes);
  const episodes: EpisodeRecord[] = [];
  const trajectories: TrajectoryRow[] = [];
  const recorded = options.trajectories ?? 0;
  const vec = new ExecutionVectorEnv(env, batch, { benchmarks: true });
  const actions = new Float64Array(batch * (policy.actionSize ?? 1));
  // Every episode lasts N steps, so all lanes of a batch start together.
  const allStart = new Uint8Array(batch).fill(1);
  for (let start = 0; start < options.episodes; start += batch) {
    const lanes = Math.min(batch, options.episodes - start);
    vec.reset({ seed: options.seed + start });
    policy.episodeStart?.(allStart, lanes);
    const input: PolicyInput = { ...vec.policyInput, lanes };
    for (let k = 0; k < N; k++) {
      // Holdings before the step, for the lanes whose trajectories are recorded.
      const inventoryBefore = recorded > start ? input.inventory.slice(0, Math.min(lanes, recorded - start)) : undefined;
      policy.act(input, actions);
      const { info, terminated } = vec.step(actions);
      if (inventoryBefore) {
        for (let i = 0; i < inventoryBefore.length; i++) {
          trajectories.push({
            episode: start + i,
            policy: policy.name,
            step: k,
            inventory: inventoryBefore[i],
            trade: info.shares[i],
            execPrice: info.price[i],
            marketVolume: info.volume[i],
            regime: info.regime[i],
          });
        }
      }
      if (k === N - 1) {
        for (let i = 0; i < lanes; i++) {
          if (!terminated[i]) throw new Error(`lane ${i} did not terminate after N steps`);
          episodes.push({
            episode: start + i,
            seed: options.seed + start + i,
            policy: policy.name,
            isBps: info.episode.shortfallBps[i],
            riskPenaltyBps: info.episode.riskPenaltyBps[i],
            return: info.episode.return[i],
            objectiveBps: info.episode.objectiveBps[i],
            vwapSlippageBps: info.episode.vwapSlippageBps[i],
            // Column 1 of the final observation is inventory_left.
            completion: 1 - info.finalObservations[i * vec.obsDim + 1],
            ...(info.episode.passive ? { passive: passiveRow(info.episode.passive, i) } : {}),
            benchmarks: Object.fromEntries(BENCHMARK_KEYS.map((key) => [key, info.episode.benchmarks![key][i]])) as unknown as EpisodeBenchmarks,
          });
        }
      }
    }
    options.onProgress?.(start + lanes);
  }
  vec.close();
  return { episodes, trajectories };
}

/** Lane i's passive numbers as one record. */
function passiveRow(passive: PassiveEpisodeInfo, i: number): PassiveSummary {
  return Object.fromEntries(Object.entries(passive).map(([key, values]) => [key, values[i]])) as unknown as PassiveSummary;
}
