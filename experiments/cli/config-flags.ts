import type { Argv } from 'yargs';
import { parseSetFlag, type SetOverride } from '../run-config/set-overrides.js';
import { integerFlag } from './flags.js';

/** `--set key=value` (repeatable) and `--test-episodes N`: changes to a run config, for `train` and `start`. */
export function withConfigFlags<T>(y: Argv<T>) {
  return y
    .option('set', { type: 'string', array: true, describe: 'replaces one field of the config: a dotted path and a JSON value (text otherwise), e.g. --set train.steps=51200 --set agent.learningRate=1e-3; repeatable, checked by the config schema' })
    .option('test-episodes', { type: 'string', describe: 'episodes of the final benchmark on the test seeds (replaces evaluation.test.episodes)' });
}

/**
 * The overrides the flags ask for, in order: each --set, then --test-episodes.
 * @throws UserError for a --set without key=value or a bad --test-episodes
 */
export function configOverrides(argv: { set?: unknown; 'test-episodes'?: unknown }): SetOverride[] {
  const sets = argv.set === undefined ? [] : (Array.isArray(argv.set) ? argv.set : [argv.set]).map((s) => parseSetFlag(String(s)));
  if (argv['test-episodes'] !== undefined) sets.push({ path: ['evaluation', 'test', 'episodes'], value: integerFlag('test-episodes', argv['test-episodes'], 3) });
  return sets;
}
