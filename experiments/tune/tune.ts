import type { CompiledEnv } from '../../env/core/compile-env.js';
import { UserError } from '../../env/errors/errors.js';
import { evaluatePolicy } from '../../env/policy/evaluate-policy.js';
import { TRAIN_SEED_SPACE, trainingSeed, VALIDATION_SEED_SPACE } from '../../env/random/seeds.js';
import { pairedDifference, type Interval } from '../stats/paired.js';
import { sampleStats } from '../stats/sample-stats.js';
import type { Policy } from '../../env/policy/policy.js';
import { tuneFamily, type TuneDimension } from './families.js';
import { gridSearch } from './grid-search.js';

/** The seeds a tuning run may touch: training seeds for the search, validation seeds for the selection. */
export interface SeedRange {
  readonly seed: number;
  readonly episodes: number;
}

export interface TuneOptions {
  readonly family: string;
  /** Candidates scored on the training seeds, at most. */
  readonly budget: number;
  /** The run seed: the training episodes run on market seeds trainingSeed(seed, 0, 1) + i, as a training run's first round. */
  readonly seed: number;
  readonly trainEpisodes: number;
  /** Default: the run config's validation seeds (1e6, 1000 episodes). */
  readonly validation?: SeedRange;
  /** Best candidates on the training seeds that are scored on the validation seeds. */
  readonly finalists: number;
}

export interface TuneCandidate {
  readonly name: string;
  readonly values: number[];
  readonly stage: string;
  readonly trainMeanBps: number;
  readonly trainSeBps: number;
}

export interface TuneFinalist {
  readonly name: string;
  readonly trainMeanBps: number;
  readonly validationMeanBps: number;
  readonly validationSeBps: number;
  /** Paired on the validation seeds: this finalist minus the selected one (bps). */
  readonly vsSelectedBps: Interval;
}

/** What a tuning run did and chose: what tune.json holds. */
export interface TuneResult {
  readonly env: string;
  readonly family: string;
  readonly describe: string;
  readonly method: string;
  readonly dimensions: TuneDimension[];
  readonly budget: number;
  readonly seeds: { readonly training: SeedRange; readonly validation: SeedRange; readonly test: 'never evaluated' };
  readonly candidates: TuneCandidate[];
  readonly finalists: TuneFinalist[];
  readonly selected: { readonly name: string; readonly values: number[]; readonly trainMeanBps: number; readonly validationMeanBps: number; readonly rule: string };
}

/** The run config's default validation seeds (experiments/run-config/run-config.ts). */
export const DEFAULT_VALIDATION: SeedRange = { seed: VALIDATION_SEED_SPACE, episodes: 1000 };

/** @throws UserError unless every seed of `range` is a validation seed (never a test seed) */
function checkValidationSeeds(range: SeedRange): void {
  const last = range.seed + range.episodes - 1;
  if (range.seed < VALIDATION_SEED_SPACE || last >= TRAIN_SEED_SPACE) {
    throw new UserError(`tune: validation seeds must lie in [${VALIDATION_SEED_SPACE}, ${TRAIN_SEED_SPACE}) (below are the test seeds), got ${range.seed}..${last}`);
  }
}

/** Every episode's objective (bps) of `policy` on `range`. */
function objectives(env: CompiledEnv, policy: Policy, range: SeedRange): Float64Array {
  return Float64Array.from(evaluatePolicy(policy, env, range).episodes, (e) => e.objectiveBps);
}

/**
 * Tunes a baseline family as an agent is trained and selected (issue 19, "tuned baselines, as hard
 * as the agent"): the search scores candidates on training seeds only (market seeds
 * trainingSeed(seed, 0, 1) + i: training windows on a replay market), every candidate on the same
 * seeds; the best `finalists` are then scored on the validation seeds, and the one with the lowest
 * validation objective is selected, as a run selects its best checkpoint. Test seeds (below
 * 1e6: test windows on a replay market) are never evaluated here.
 * @throws UserError for an unknown family, one the env does not support, or bad seeds
 */
export function tuneBaseline(env: CompiledEnv, options: TuneOptions): TuneResult {
  const family = tuneFamily(options.family, env);
  const validation = options.validation ?? DEFAULT_VALIDATION;
  checkValidationSeeds(validation);
  const training: SeedRange = { seed: trainingSeed(options.seed, 0, 1), episodes: options.trainEpisodes };
  const dims = family.dimensions(env);

  // Search on the training seeds.
  const trainSe = new Map<string, number>();
  const points = gridSearch(dims, options.budget, (values) => {
    const policy = family.policy(env, values);
    const stats = sampleStats(objectives(env, policy, training));
    trainSe.set(policy.name, stats.se);
    return stats.mean;
  });
  const candidates = points.map((pt) => {
    const name = family.policy(env, pt.values).name;
    return { name, values: pt.values, stage: pt.stage, trainMeanBps: pt.score, trainSeBps: trainSe.get(name)! };
  });

  // Selection on the validation seeds among the best on the training seeds.
  const ranked = [...candidates].sort((a, b) => a.trainMeanBps - b.trainMeanBps).slice(0, options.finalists);
  const scored = [];
  for (const c of ranked) scored.push({ c, o: objectives(env, family.policy(env, c.values), validation) });
  const best = scored.reduce((a, b) => (sampleStats(b.o).mean < sampleStats(a.o).mean ? b : a));
  const finalists = scored.map(({ c, o }) => ({ name: c.name, trainMeanBps: c.trainMeanBps, validationMeanBps: sampleStats(o).mean, validationSeBps: sampleStats(o).se, vsSelectedBps: pairedDifference(o, best.o) }));
  return {
    env: env.spec.id,
    family: family.id,
    describe: family.describe,
    method: `grid + compass search on the training seeds (common random numbers), then the ${ranked.length} best scored on the validation seeds, lowest validation objective selected`,
    dimensions: dims,
    budget: options.budget,
    seeds: { training, validation, test: 'never evaluated' },
    candidates,
    finalists,
    selected: { name: best.c.name, values: best.c.values, trainMeanBps: best.c.trainMeanBps, validationMeanBps: sampleStats(best.o).mean, rule: 'lowest mean objective on the validation seeds among the finalists' },
  };
}
