import { join } from 'node:path';
import type { Argv } from 'yargs';
import { compileEnvArg } from '../../benchmark/run-benchmark.js';
import { writeResultDir } from '../../io/result-dir.js';
import { TUNE_FAMILIES, tuneFamily } from '../../tune/families.js';
import { DEFAULT_VALIDATION, tuneBaseline } from '../../tune/tune.js';
import { formatTuneMarkdown, TUNE_FILES, writeTune } from '../../tune/write-tune.js';
import { runCommand } from '../errors.js';
import { integerFlag, pathFlag, stringFlag } from '../flags.js';

/** `execgym tune`: a baseline family tuned on the training seeds and selected on the validation seeds; prints the selected policy's name. */
export function tuneCommand(yargs: Argv) {
  return yargs.command(
    'tune',
    'tune a parametric baseline (const, ac-lambda, peg-cross) on the training seeds, select on the validation seeds; prints its name for benchmark --policies',
    (y) =>
      y
        .option('env', { type: 'string', demandOption: true, describe: 'a registered env id or a JSON spec file' })
        .option('family', { type: 'string', demandOption: true, describe: [...TUNE_FAMILIES.values()].map((f) => `${f.id}: ${f.describe}`).join('; ') })
        .option('budget', { type: 'string', default: '40', describe: 'candidates scored on the training seeds, at most (a grid, then a compass search)' })
        .option('seed', { type: 'string', default: '0', describe: 'run seed: training episodes on market seeds 1e9 (seed + 1) + i, as a training run' })
        .option('train-episodes', { type: 'string', default: '1000', describe: 'training episodes per candidate (the same seeds for every candidate)' })
        .option('validation-episodes', { type: 'string', default: '1000', describe: 'validation episodes per finalist (market seeds 1e6 + i, as a run config)' })
        .option('finalists', { type: 'string', default: '5', describe: 'best candidates on the training seeds scored on the validation seeds' })
        .option('out', { type: 'string', describe: 'output directory (default runs/tune/<env>-<family>-seed<seed>)' })
        .option('json', { type: 'boolean', default: false, describe: 'print tune.json instead of the name' })
        .example('execgym tune --env ac-linear-v0 --family const', 'the best constant multiplier; then benchmark --policies <printed name>,ac'),
    (argv) =>
      runCommand(async () => {
        const budget = integerFlag('budget', argv.budget, 1, 10_000);
        const seed = integerFlag('seed', argv.seed, 0, 1_000_000);
        const trainEpisodes = integerFlag('train-episodes', argv['train-episodes'], 3, 1_000_000);
        const validationEpisodes = integerFlag('validation-episodes', argv['validation-episodes'], 3, 1_000_000);
        const finalists = integerFlag('finalists', argv.finalists, 1, 10_000);
        const family = stringFlag('family', argv.family);
        const env = compileEnvArg(stringFlag('env', argv.env));
        tuneFamily(family, env);
        const outDir = argv.out === undefined ? join('runs', 'tune', `${env.spec.id}-${family}-seed${seed}`) : pathFlag('out', argv.out);
        const result = await writeResultDir(outDir, 'tune', (staging) => {
          const r = tuneBaseline(env, { family, budget, seed, trainEpisodes, validation: { seed: DEFAULT_VALIDATION.seed, episodes: validationEpisodes }, finalists });
          writeTune(staging, r);
          return r;
        });
        console.error(formatTuneMarkdown(result));
        console.error(`wrote ${Object.values(TUNE_FILES).map((f) => join(outDir, f)).join(', ')}`);
        console.log(argv.json ? JSON.stringify(result, null, 2) : result.selected.name);
      }),
  );
}
