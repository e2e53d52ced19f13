import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { UserError } from '../../../env/errors/errors.js';
import { formatVersusAc } from '../../benchmark/format-versus-ac.js';
import { checkRunnable } from '../../run-config/check-runnable.js';
import { configHash, loadConfig } from '../../run-config/load-config.js';
import type { RunConfig } from '../../run-config/run-config.js';
import { hasRun, isCompleteRun, readCompleteManifest, readCurve, readRunBenchmark } from '../../io/run-dir.js';
import { buildReport } from '../../report/build-report.js';
import { learnedVerdict } from '../../train/learned-verdict.js';
import { backendFlag } from '../backend-flag.js';
import { configOverrides, withConfigFlags } from '../config-flags.js';
import { runCommand } from '../errors.js';
import { pathFlag } from '../flags.js';
import { trainWithProgress } from '../train-with-progress.js';

/** The shipped config `execgym start` trains (experiments/configs/quickstart.json). */
export const QUICKSTART_CONFIG = 'quickstart';
/** The baselines the first run is compared with: `ac` is the exact optimum on ac-linear-v0. */
const COMPARED = ['ac', 'twap', 'vwap'] as const;

/**
 * Trains the quickstart run into `runDir`, or reuses it when a complete run of the same config is
 * there (detected through its manifest's completion marker and config hash); an incomplete one resumes.
 * @throws UserError when `runDir` holds a complete run of another config
 */
async function trainOrReuse(config: RunConfig, runDir: string, backend: ReturnType<typeof backendFlag>): Promise<boolean> {
  if (isCompleteRun(runDir)) {
    const manifest = readCompleteManifest(runDir);
    if (manifest.configHash !== configHash(config)) throw new UserError(`${runDir} holds a run of another config (config hash ${manifest.configHash.slice(0, 12)}, this one's is ${configHash(config).slice(0, 12)}): pass --fresh to train again, or --out elsewhere`);
    console.error(`reusing the trained run in ${runDir} (trained in ${manifest.result.wallSeconds.toFixed(0)} s; --fresh trains again)`);
    return true;
  }
  const resume = hasRun(runDir);
  console.error(resume ? `resuming the stopped run in ${runDir}` : `training a small PPO on ${config.env.id} (${config.train.steps} env steps): the learned policy is then benchmarked against ac, the exact optimum there`);
  const result = await trainWithProgress({ config, runDir, backend, resume });
  return result.completed;
}

/** `execgym start` (`npm start`): the first run: train a small PPO on ac-linear-v0, compare it with AC, write a report. */
export function startCommand(yargs: Argv) {
  return yargs.command(
    'start',
    'the first run: trains a small PPO on ac-linear-v0 (about a minute), benchmarks it against ac (the exact optimum), twap and vwap on the test seeds, and writes a report; run again, it reuses the trained run',
    (y) =>
      withConfigFlags(y)
        .option('out', { type: 'string', describe: 'run directory (default runs/quickstart-seed0)' })
        .option('report', { type: 'string', describe: 'the HTML report (default <run directory>-report.html)' })
        .option('fresh', { type: 'boolean', default: false, describe: 'delete the run directory and train again' })
        .option('backend', { type: 'string', default: 'auto', describe: 'TensorFlow.js backend (see execgym train --help)' })
        .example('npm start', 'the same, from a clone'),
    (argv) =>
      runCommand(async () => {
        const backend = backendFlag(argv.backend);
        const config = loadConfig(QUICKSTART_CONFIG, undefined, configOverrides(argv));
        const runDir = argv.out === undefined ? join(config.output.dir, `${config.name}-seed${config.seed}`) : pathFlag('out', argv.out);
        const reportPath = argv.report === undefined ? `${runDir}-report.html` : pathFlag('report', argv.report);
        checkRunnable(config);
        if (argv.fresh && hasRun(runDir)) rmSync(runDir, { recursive: true, force: true });
        if (!(await trainOrReuse(config, runDir, backend))) {
          process.exitCode = 130;
          return;
        }
        const summary = readRunBenchmark(runDir);
        if (summary === null) throw new UserError(`${runDir} has no final benchmark (benchmark/summary.json): pass --fresh to train again`);
        const manifest = readCompleteManifest(runDir);
        const verdict = learnedVerdict(readCurve(runDir), manifest.result);
        console.log(`# ${config.name}: PPO on ${summary.env}, ${summary.episodes} test episodes (seeds ${summary.seed}..), bps of the arrival value\n`);
        console.log(formatVersusAc(summary, [config.name, ...COMPARED]));
        console.log(`\nThe objective (IS + risk penalty) is what policies are ranked on; lower is better. Pairs share a market seed, so the CI is of the per-episode difference.`);
        console.log(verdict ? `${config.name} ${verdict.sentence}.` : `${config.name}: the learning curve has no untrained (step 0) row, so whether it learned is not known.`);
        const report = await buildReport([runDir], reportPath);
        console.log(`\nreport: ${report.html}; every policy of the benchmark: ${join(runDir, 'benchmark', 'summary.md')}`);
        console.log(`next: execgym train ppo-ac-linear (the full budget), execgym --help`);
      }),
  );
}
