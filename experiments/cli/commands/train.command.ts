import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Argv } from 'yargs';
import { BACKENDS } from '../../../agents/common/backend-names.js';
import { formatSummaryMarkdown } from '../../benchmark/format-summary.js';
import { checkRunnable } from '../../config/check-runnable.js';
import { loadConfig } from '../../config/load-config.js';
import { lockRunDir } from '../../train/run-dir-lock.js';
import type { TrainProgressEvent } from '../../train/train-run.js';
import { backendFlag } from '../backend-flag.js';
import { runCommand } from '../errors.js';
import { integerFlag, pathFlag, stringFlag } from '../flags.js';
import { progressBar } from '../progress.js';
import { portfolioBenchmarkMarkdown } from '../../portfolio/portfolio-run-evaluation.js';

/** A training progress bar on stderr (nothing when stderr is not a terminal). */
function trainBar(): { update: (e: TrainProgressEvent) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: 'train [{bar}] {percentage}% | {value}/{total} steps | {speed} steps/s | eval return {evalReturn} | eta {eta_formatted}', stream: process.stderr, hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let stopped = false;
  return {
    update(e) {
      const payload = { speed: e.stepsPerSecond.toFixed(0), evalReturn: e.evalReturn === null ? '-' : e.evalReturn.toFixed(2) };
      if (stopped) return;
      if (!started) {
        bar.start(e.totalSteps, e.envSteps, payload);
        started = true;
      }
      bar.update(Math.min(e.envSteps, e.totalSteps), payload);
    },
    stop: () => {
      if (started && !stopped) bar.stop();
      stopped = started;
    },
  };
}

/** `execgym train <config>`: trains a DQN or PPO agent into a run directory, then benchmarks it. */
export function trainCommand(yargs: Argv) {
  return yargs.command(
    'train <config>',
    'train a DQN or PPO agent from a JSON config: learning curve, checkpoints, final benchmark on the test seeds',
    (y) =>
      y
        .positional('config', { type: 'string', describe: 'run config: a JSON file (schema: experiments/config/config.schema.json) or the name of a shipped config (experiments/configs/: ppo-ac-linear, dqn-ac-linear, ...)' })
        .option('seed', { type: 'string', describe: 'replaces the config seed' })
        .option('out', { type: 'string', describe: 'run directory (default <output.dir>/<name>-seed<seed>)' })
        .option('backend', { type: 'string', default: 'auto', describe: `TensorFlow.js backend: auto, ${BACKENDS.join(', ')}` })
        .option('resume', { type: 'boolean', default: false, describe: 'continue the run in --out from its last checkpoint' })
        .example('execgym train ppo-ac-linear', 'PPO on the Almgren–Chriss market (a shipped config)')
        .example('execgym train my-config.json --out runs/mine', 'a config of your own')
        .example('execgym train experiments/configs/dqn-ac-linear.json --seed 1 --resume', 'continue a stopped run'),
    (argv) =>
      runCommand(async () => {
        const seed = argv.seed === undefined ? undefined : integerFlag('seed', argv.seed, 0);
        const backend = backendFlag(argv.backend);
        const config = loadConfig(pathFlag('config', argv.config), seed);
        const runDir = argv.out === undefined ? join(config.output.dir, `${config.name}-seed${config.seed}`) : pathFlag('out', argv.out);
        // Every check that needs the env, before the run directory exists (a failed check leaves nothing).
        checkRunnable(config);
        const lock = lockRunDir(runDir);
        // The one training entry (a queue worker's training process goes through it too).
        const { runTraining } = await import('../../train/train-entry.js');
        let stopRequested = false;
        const onSigint = () => {
          stopRequested = true;
          console.error('\nexecgym: stopping at the next episode boundary to save a checkpoint (Ctrl-C again to abort)');
          process.once('SIGINT', () => process.exit(130));
        };
        process.once('SIGINT', onSigint);
        const bar = trainBar();
        const benchBar = progressBar('benchmark');
        try {
          const result = await runTraining({ config, runDir, backend, resume: argv.resume }, {
            // Logs come before training, at an early stop and before the benchmark: end the bar first.
            log: (line) => {
              bar.stop();
              console.error(line);
            },
            onProgress: bar.update,
            onBenchmarkProgress: (e) => {
              bar.stop();
              benchBar.update(e);
            },
            shouldStop: () => stopRequested,
          });
          if (!result.completed) {
            process.exitCode = 130;
            return;
          }
          if (result.summary) console.log(formatSummaryMarkdown(result.summary));
          if (result.portfolio) console.log(portfolioBenchmarkMarkdown(result.portfolio));
          if (result.transfer) console.log(`\n## Sim-to-real: the same policy on ${result.transfer.env}\n\n${formatSummaryMarkdown(result.transfer)}`);
          console.error(`wrote ${runDir}: config.json, manifest.json, learning_curve.csv (also as .jsonl and a TensorBoard event file: tensorboard --logdir ${runDir}), checkpoints/, policy/, benchmark/${result.transfer ? ', transfer/' : ''}`);
        } finally {
          bar.stop();
          benchBar.stop();
          process.removeListener('SIGINT', onSigint);
          lock.release();
        }
      }),
  );
}
