import { UserError } from '../../env/errors/errors.js';
import type { PortfolioParams } from '../../env/portfolio/params.js';
import type { PortfolioPolicy } from '../../env/portfolio/policy.js';
import { PortfolioVectorEnv } from '../../env/portfolio/portfolio-vector-env.js';
import { meanInterval, pairedDifference, type Interval } from '../stats/paired.js';

/** One policy's episodes, in bps of the total arrival notional: episode i ran on market seed seed + i. */
export interface PortfolioEpisodes {
  readonly policy: string;
  readonly shortfallBps: Float64Array;
  readonly riskPenaltyBps: Float64Array;
  readonly objectiveBps: Float64Array;
}

/** Lanes per batch: enough to amortise the loop, small enough to keep memory flat. */
const BATCH = 256;

/**
 * Plays `policy` for `episodes` episodes on market seeds seed, seed + 1, ... through the vector
 * env (the same path for every policy on a seed: common random numbers).
 * @throws UserError for fewer than 3 episodes or a negative seed
 */
export function runPortfolioEpisodes(p: PortfolioParams, policy: PortfolioPolicy, episodes: number, seed: number): PortfolioEpisodes {
  if (!Number.isInteger(episodes) || episodes < 3) throw new UserError(`episodes must be an integer >= 3, got ${episodes}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UserError(`seed must be a non-negative integer, got ${seed}`);
  const out = { policy: policy.name, shortfallBps: new Float64Array(episodes), riskPenaltyBps: new Float64Array(episodes), objectiveBps: new Float64Array(episodes) };
  for (let start = 0; start < episodes; start += BATCH) {
    const lanes = Math.min(BATCH, episodes - start);
    const vec = new PortfolioVectorEnv(p, lanes);
    vec.reset({ seed: seed + start });
    const actions = new Float64Array(lanes * p.m);
    for (let k = 0; k < p.N; k++) {
      policy.act(vec.policyInput, actions);
      const { info } = vec.step(actions);
      if (k === p.N - 1) {
        out.shortfallBps.set(info.episode.shortfallBps, start);
        out.riskPenaltyBps.set(info.episode.riskPenaltyBps, start);
        out.objectiveBps.set(info.episode.objectiveBps, start);
      }
    }
    vec.close();
  }
  return out;
}

/** A policy's summary row, and its paired difference against the reference policy. */
export interface PortfolioBenchmarkRow {
  readonly policy: string;
  readonly objectiveBps: Interval;
  readonly shortfallBps: Interval;
  readonly riskPenaltyBps: Interval;
  /** objective(policy) - objective(reference), episode by episode on the same paths. */
  readonly vsReferenceBps: Interval | undefined;
}

/** Summary rows of every policy, each paired against `reference` (one of them). */
export function summarizePortfolio(runs: readonly PortfolioEpisodes[], reference: string): PortfolioBenchmarkRow[] {
  const ref = runs.find((r) => r.policy === reference);
  return runs.map((r) => ({
    policy: r.policy,
    objectiveBps: meanInterval(r.objectiveBps),
    shortfallBps: meanInterval(r.shortfallBps),
    riskPenaltyBps: meanInterval(r.riskPenaltyBps),
    vsReferenceBps: ref && ref !== r ? pairedDifference(r.objectiveBps, ref.objectiveBps) : undefined,
  }));
}
