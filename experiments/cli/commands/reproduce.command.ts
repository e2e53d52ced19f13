import type { Argv } from 'yargs';
import { BACKENDS } from '../../../agents/common/backend-names.js';
import { backendFlag } from '../backend-flag.js';
import { runCommand } from '../errors.js';
import { numberFlag, pathFlag } from '../flags.js';

/** `execgym reproduce <run-dir>`: re-runs a recorded training run and compares the results. */
export function reproduceCommand(yargs: Argv) {
  return yargs.command(
    'reproduce <run>',
    're-run a training run from its recorded config and compare learning curve, weights and summary (exit 1 when they differ)',
    (y) =>
      y
        .positional('run', { type: 'string', describe: 'run directory written by execgym train' })
        .option('out', { type: 'string', describe: 'directory for the reproduction (default: a new temporary directory)' })
        .option('backend', { type: 'string', default: 'auto', describe: `TensorFlow.js backend: auto (the default) reruns on the backend the run recorded; another (${BACKENDS.join(', ')}) is compared within --tolerance` })
        .option('tolerance', { type: 'string', default: '0.02', describe: 'relative tolerance on the final objectives when the backend differs' }),
    (argv) =>
      runCommand(async () => {
        const tolerance = numberFlag('tolerance', argv.tolerance, (v) => v >= 0, 'a finite number >= 0');
        const { reproduceRun } = await import('../../train/reproduce.js');
        const report = await reproduceRun(pathFlag('run', argv.run), {
          out: argv.out === undefined ? undefined : pathFlag('out', argv.out),
          backend: backendFlag(argv.backend),
          tolerance,
          log: (line) => console.error(line),
        });
        const same = report.backend === report.recordedBackend;
        console.log(`reproduced ${report.original} ${report.reproduction === null ? 'in a temporary directory (removed; keep it with --out)' : `into ${report.reproduction}`} on ${report.backend} (recorded on ${report.recordedBackend}); ${report.notes.length === 0 ? "the recorded policy files on disk match the manifest's hashes" : 'compared with the hashes manifest.json records'}`);
        for (const line of report.notes) console.log(`  note: ${line}`);
        for (const line of report.differences) console.log(`  differs: ${line}`);
        if (same) console.log(report.identical ? 'identical: learning curve, policy files (weights, model.json) and summary match bit for bit' : 'NOT identical on the same backend');
        else console.log(`${report.withinTolerance ? 'within' : 'OUTSIDE'} the tolerance of ${report.tolerance * 100}% on the final validation and test objectives (other backend: bit-for-bit identity is not expected)`);
        if (!report.ok) process.exitCode = 1;
      }),
  );
}
