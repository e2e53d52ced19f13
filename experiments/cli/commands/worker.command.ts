import type { Argv } from 'yargs';
import { UserError } from '../../../env/errors.js';
import { runCommand } from '../errors.js';
import { integerFlag, stringFlag } from '../flags.js';
import { backendFlag } from '../backend-flag.js';
import { redisFlag, redisOption } from '../redis-flag.js';
import { artefactsFlag, artefactsOption } from '../artefacts-flag.js';

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
          log: (line) => console.error(`${new Date().toISOString()} ${line}`),
        });
      }),
  );
}
