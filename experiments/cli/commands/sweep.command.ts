import { cpus } from 'node:os';
import type { Argv } from 'yargs';
import { existingConfigPath } from '../../run-config/load-config.js';
import { runSweep } from '../../sweep/sweep.js';
import { parseAxis, parseSeeds } from '../../sweep/sweep-plan.js';
import { runCommand } from '../errors.js';
import { integerFlag, pathFlag, stringFlag } from '../flags.js';
import { backendFlag } from '../backend-flag.js';
import { redisUrlFlag } from '../redis-flag.js';
import { queueArtefactsFlag } from '../artefacts-flag.js';

/** `execgym sweep <config> --seeds 0-9 [--set path=v1,v2 ...] --workers N --out DIR`. */
export function sweepCommand(yargs: Argv) {
  return yargs.command(
    'sweep <config>',
    'train every (setting, seed) in parallel worker processes; resumable; aggregate across seeds',
    (y) =>
      y
        .positional('config', { type: 'string', describe: 'run config: a JSON file or the name of a shipped config (ppo-ac-linear, ...)' })
        .option('seeds', { type: 'string', default: '0-4', describe: 'seeds: 0-9 or 0,3,7' })
        .option('set', { type: 'string', array: true, default: [], describe: 'a swept field and its values: agent.learningRate=1e-3,3e-4 (repeatable)' })
        .option('workers', { type: 'string', default: String(cpus().length), describe: 'parallel worker processes' })
        .option('redis', { type: 'string', describe: 'train on the `execgym worker`s of this Redis queue instead of local processes (redis:// or rediss://; bare --redis: $EXECGYM_REDIS_URL)' })
        .option('artefacts', { type: 'string', describe: 'with --redis: where checkpoints and results travel, redis (default) or s3://BUCKET[/PREFIX] (AWS_ENDPOINT_URL_S3 for MinIO, R2, GCS; default $EXECGYM_ARTEFACTS); the workers must name the same' })
        .option('backend', { type: 'string', default: 'auto', describe: 'TensorFlow.js backend for every run' })
        .option('out', { type: 'string', demandOption: true, describe: 'sweep directory (one run directory per setting and seed)' })
        .example('execgym sweep ppo-ac-linear --seeds 0-4 --set agent.learningRate=1e-3,3e-4 --out runs/sweep-ppo', 'two learning rates, five seeds'),
    (argv) =>
      runCommand(async () => {
        const aggregate = await runSweep({
          configPath: existingConfigPath(pathFlag('config', argv.config)),
          seeds: parseSeeds(stringFlag('seeds', argv.seeds)),
          axes: (argv.set as unknown[]).map((s) => parseAxis(String(s))),
          outDir: pathFlag('out', argv.out),
          workers: integerFlag('workers', argv.workers, 1),
          backend: backendFlag(argv.backend),
          redis: argv.redis === undefined ? undefined : redisUrlFlag(argv.redis),
          artefacts: queueArtefactsFlag(argv.artefacts, argv.redis),
          log: (line) => console.error(line),
        });
        console.log(`wrote ${argv.out}/aggregate.json and aggregate.md (${aggregate.settings.length} settings)`);
      }),
  );
}
