import cliProgress from 'cli-progress';
import type { BackendRequest } from '../../agents/common/backend-names.js';
import type { RunConfig } from '../run-config/run-config.js';
import { lockRunDir } from '../train/run-dir-lock.js';
import type { TrainProgressEvent, TrainRunResult } from '../train/train-run.js';
import { etaText, progressBar } from './progress.js';

/** A training progress bar on stderr (nothing when stderr is not a terminal). */
function trainBar(): { update: (e: TrainProgressEvent) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: 'train [{bar}] {percentage}% | {value}/{total} steps | {speed} steps/s | eval return {evalReturn} | eta {eta}', stream: process.stderr, hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let stopped = false;
  return {
    update(e) {
      // cli-progress prints "NFs" for its eta before it has a rate: say nothing until there is one.
      const eta = e.stepsPerSecond > 0 ? etaText(e.envSteps, e.totalSteps, e.envSteps / e.stepsPerSecond) : '-';
      const payload = { speed: e.stepsPerSecond.toFixed(0), evalReturn: e.evalReturn === null ? '-' : e.evalReturn.toFixed(2), eta };
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

/**
 * Trains `config` into `runDir` the way the CLI does (`train`, `start`): the run directory locked,
 * a progress bar for the training and one for the final benchmark on stderr, logs on stderr, and
 * Ctrl-C stopping at the next episode boundary with a checkpoint (a second Ctrl-C aborts).
 * @throws UserError for a config that cannot run or an occupied run directory
 */
export async function trainWithProgress(request: { config: RunConfig; runDir: string; backend: BackendRequest; resume: boolean }): Promise<TrainRunResult> {
  const lock = lockRunDir(request.runDir);
  // The one training entry (a queue worker's training process goes through it too).
  const { runTraining } = await import('../train/train-entry.js');
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
    return await runTraining(request, {
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
  } finally {
    bar.stop();
    benchBar.stop();
    process.removeListener('SIGINT', onSigint);
    lock.release();
  }
}
