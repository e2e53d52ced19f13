import { join } from 'node:path';
import type { CompiledEnv } from '../../env/core/compile-env.js';
import { writeResultDir } from '../io/result-dir.js';
import type { RunConfig } from '../run-config/run-config.js';
import { tuneBaseline, type SeedRange, type TuneResult } from '../tune/tune.js';
import { writeTune } from '../tune/write-tune.js';

/** The families tuned against the learned rows of an env: taker schedules, or limit orders on a passive env. */
export function tunedFamilies(env: CompiledEnv): readonly string[] {
  return env.params.execution ? ['peg-cross'] : ['const', 'ac-lambda'];
}

/** The search of every family in the suite: as `execgym tune`'s defaults (a 40-point grid and compass search, 1,000 training episodes, 5 finalists). */
export const SUITE_TUNE = { budget: 40, trainEpisodes: 1000, finalists: 5 } as const;

/** An env's tuned families and the best of them on the validation seeds. */
export interface EnvTuning {
  readonly env: string;
  readonly results: readonly TuneResult[];
  /** The selected policy of the family with the lowest validation objective (all scored on the same validation seeds). */
  readonly best: TuneResult['selected'] & { readonly family: string };
}

/**
 * Tunes the applicable families on `env` with the same protocol and seeds as the agents trained on
 * it (issue 19, "tuned baselines, as hard as the agent"): searched on the training seeds of the
 * config's run seed, selected on its validation seeds, never touching the test seeds. Each
 * family's search is recorded under `dir/<family>/` (tune.json, candidates.csv, tune.md).
 */
export async function tuneEnv(env: CompiledEnv, config: Pick<RunConfig, 'seed' | 'evaluation'>, dir: string): Promise<EnvTuning> {
  const validation: SeedRange = config.evaluation.validation;
  const results: TuneResult[] = [];
  for (const family of tunedFamilies(env)) {
    results.push(
      await writeResultDir(join(dir, family), 'tune', (staging) => {
        const r = tuneBaseline(env, { family, ...SUITE_TUNE, seed: config.seed, validation });
        writeTune(staging, r);
        return r;
      }),
    );
  }
  return { env: env.spec.id, results, best: bestTuned(results) };
}

/** The family whose selected policy has the lowest validation objective. */
export function bestTuned(results: readonly TuneResult[]): EnvTuning['best'] {
  const best = results.reduce((a, b) => (b.selected.validationMeanBps < a.selected.validationMeanBps ? b : a));
  return { ...best.selected, family: best.family };
}
