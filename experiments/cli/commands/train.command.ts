import { join } from 'node:path';
import type { Argv } from 'yargs';
import { BACKENDS } from '../../../agents/common/backend-names.js';
import { formatSummaryMarkdown } from '../../benchmark/format-summary.js';
import { checkRunnable } from '../../run-config/check-runnable.js';
import { loadConfig } from '../../run-config/load-config.js';
import { backendFlag } from '../backend-flag.js';
import { configOverrides, withConfigFlags } from '../config-flags.js';
import { runCommand } from '../errors.js';
import { integerFlag, pathFlag, stringFlag } from '../flags.js';
import { portfolioBenchmarkMarkdown } from '../../portfolio/portfolio-run-evaluation.js';
import { trainWithProgress } from '../train-with-progress.js';

/** `execgym train <config>`: trains a DQN or PPO agent into a run directory, then benchmarks it. */
export function trainCommand(yargs: Argv) {
  return yargs.command(
    'train <config>',
    'train a DQN or PPO agent from a JSON config: learning curve, checkpoints, final benchmark on the test seeds',
    (y) =>
      withConfigFlags(y)
        .positional('config', { type: 'string', describe: 'run config: a JSON file (schema: experiments/run-config/config.schema.json) or the name of a shipped config (experiments/configs/: ppo-ac-linear, dqn-ac-linear, ...)' })
        .option('seed', { type: 'string', describe: 'replaces the config seed' })
        .option('out', { type: 'string', describe: 'run directory (default <output.dir>/<name>-seed<seed>)' })
        .option('backend', { type: 'string', default: 'auto', describe: `TensorFlow.js backend: auto, ${BACKENDS.join(', ')}` })
        .option('resume', { type: 'boolean', default: false, describe: 'continue the run in --out from its last checkpoint' })
        .example('execgym train ppo-ac-linear', 'PPO on the Almgren–Chriss market (a shipped config)')
        .example('execgym train ppo-ac-linear --set train.steps=51200 --test-episodes 1000', 'a smaller budget and final benchmark')
        .example('execgym train my-config.json --out runs/mine', 'a config of your own')
        .example('execgym train experiments/configs/dqn-ac-linear.json --seed 1 --resume', 'continue a stopped run'),
    (argv) =>
      runCommand(async () => {
        const seed = argv.seed === undefined ? undefined : integerFlag('seed', argv.seed, 0);
        const backend = backendFlag(argv.backend);
        const config = loadConfig(pathFlag('config', argv.config), seed, configOverrides(argv));
        const runDir = argv.out === undefined ? join(config.output.dir, `${config.name}-seed${config.seed}`) : pathFlag('out', argv.out);
        // Every check that needs the env, before the run directory exists (a failed check leaves nothing).
        checkRunnable(config);
        const result = await trainWithProgress({ config, runDir, backend, resume: argv.resume });
        if (!result.completed) {
          process.exitCode = 130;
          return;
        }
        if (result.summary) console.log(formatSummaryMarkdown(result.summary));
        if (result.portfolio) console.log(portfolioBenchmarkMarkdown(result.portfolio));
        if (result.transfer) console.log(`\n## Sim-to-real: the same policy on ${result.transfer.env}\n\n${formatSummaryMarkdown(result.transfer)}`);
        console.error(`wrote ${runDir}: config.json, manifest.json, learning_curve.csv (also as .jsonl and a TensorBoard event file: tensorboard --logdir ${runDir}), checkpoints/, policy/, benchmark/${result.transfer ? ', transfer/' : ''}`);
      }),
  );
}
