import { cpus } from 'node:os';
import type { Argv } from 'yargs';
import { buildReport } from '../../report/build-report.js';
import { screenshotReport } from '../../report/screenshot.js';
import { runSuite } from '../../suite/run-suite.js';
import { runCommand } from '../errors.js';
import { integerFlag, pathFlag, stringFlag } from '../flags.js';
import { backendFlag } from '../backend-flag.js';
import { redisUrlFlag } from '../redis-flag.js';
import { queueArtefactsFlag } from '../artefacts-flag.js';

/** `execgym suite [quick|full]`: the shipped experiment suite, its report and results/README.md. */
export function suiteCommand(yargs: Argv) {
  return yargs.command(
    'suite [name]',
    'run the shipped experiment suite (benchmarks, trainings, report) and write results/',
    (y) =>
      y
        .positional('name', { type: 'string', default: 'quick', describe: 'quick (3 seeds per learned row at reduced budgets) or full (5 seeds, shipped budgets)' })
        .option('work', { type: 'string', default: 'runs/suite', describe: 'working directory for the full outputs (not committed)' })
        .option('results', { type: 'string', default: 'results', describe: 'where the summaries, report and README.md go' })
        .option('workers', { type: 'string', default: String(cpus().length), describe: 'parallel training processes' })
        .option('redis', { type: 'string', describe: 'train on the `execgym worker`s of this Redis queue instead of local processes (redis:// or rediss://; bare --redis: $EXECGYM_REDIS_URL)' })
        .option('artefacts', { type: 'string', describe: 'with --redis: where checkpoints and results travel, redis (default) or s3://BUCKET[/PREFIX] (AWS_ENDPOINT_URL_S3 for MinIO, R2, GCS; default $EXECGYM_ARTEFACTS); the workers must name the same' })
        .option('backend', { type: 'string', default: 'auto', describe: 'TensorFlow.js backend for every run' }),
    (argv) =>
      runCommand(async () => {
        const name = stringFlag('name', argv.name);
        await runSuite({
          suite: name,
          workDir: `${pathFlag('work', argv.work)}-${name}`,
          resultsDir: pathFlag('results', argv.results),
          workers: integerFlag('workers', argv.workers, 1),
          backend: backendFlag(argv.backend),
          redis: argv.redis === undefined ? undefined : redisUrlFlag(argv.redis),
          artefacts: queueArtefactsFlag(argv.artefacts, argv.redis),
          log: (line) => console.error(line),
          // The suite computes; the report renders. The command joins them.
          renderReport: buildReport,
          screenshot: screenshotReport,
        });
      }),
  );
}
