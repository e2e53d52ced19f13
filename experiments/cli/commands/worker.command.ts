import { existsSync, statSync } from 'node:fs';
import type { Argv } from 'yargs';
import { UserError } from '../../../env/errors/errors.js';
import { runCommand } from '../errors.js';
import { integerFlag, stringFlag } from '../flags.js';
import { backendFlag } from '../backend-flag.js';
import { redisFlag, redisOption } from '../redis-flag.js';
import { artefactsFlag, artefactsOption } from '../artefacts-flag.js';

/** `--data-root DIR`: an existing directory. @throws UserError naming the flag and the value */
function dataRootFlag(raw: unknown): string {
  const dir = stringFlag('data-root', raw);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`--data-root must be an existing directory, got ${JSON.stringify(dir)}`);
  return dir;
}

/** `execgym worker --redis URL [--artefacts s3://BUCKET/PREFIX] [--concurrency N] [--backend B]`: trains queued runs until stopped. */
export function workerCommand(yargs: Argv) {
  return yargs.command(
    'worker',
    'take training runs from a Redis queue (sweep/suite --redis) until stopped; Ctrl-C checkpoints and returns the active runs',
    (y) =>
      y
        .option('redis', redisOption)
        .option('artefacts', artefactsOption)
        .option('concurrency', { type: 'string', default: '1', describe: 'runs trained at once (one process each; about one per core)' })
        .option('backend', { type: 'string', default: 'auto', describe: 'TensorFlow.js backend; must match the submitter\'s' })
        .option('lock-seconds', { type: 'string', default: '30', describe: 'a dead worker\'s runs go to another worker after about twice this' })
        .option('work', { type: 'string', describe: 'scratch directory for the runs being trained (default: a temporary one)' })
        .option('data-root', { type: 'string', describe: 'the folder whose files a queued config may name (relative paths); without it, only registered envs and samples/ files (docs/security.md)' })
        .option('run-timeout', { type: 'string', default: '86400', describe: 'seconds a run may take on this worker before it is failed (default: a day, far above a full-budget run)' })
        .example('EXECGYM_REDIS_URL=rediss://:PASSWORD@queue.example.org:6380 execgym worker --concurrency 2', 'a worker on a 2-core machine')
        .example('AWS_ENDPOINT_URL_S3=http://minio:9000 execgym worker --redis --artefacts s3://runs/sweeps', 'checkpoints and results in a MinIO bucket'),
    (argv) =>
      runCommand(async () => {
        const { runWorker } = await import('../../sweep/queue/queue-worker.js');
        await runWorker({
          redis: redisFlag(argv.redis),
          artefacts: artefactsFlag(argv.artefacts),
          concurrency: integerFlag('concurrency', argv.concurrency, 1),
          backend: backendFlag(argv.backend),
          lockSeconds: integerFlag('lock-seconds', argv['lock-seconds'], 1),
          workDir: argv.work === undefined ? undefined : stringFlag('work', argv.work),
          dataRoot: argv['data-root'] === undefined ? null : dataRootFlag(argv['data-root']),
          runTimeoutSeconds: integerFlag('run-timeout', argv['run-timeout'], 1, 2_000_000),
          log: (line) => console.error(`${new Date().toISOString()} ${line}`),
        });
      }),
  );
}
