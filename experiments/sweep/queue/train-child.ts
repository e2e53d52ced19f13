/**
 * The training process of a queue worker: trains one job's run (fresh or from a restored
 * checkpoint) and sends every new checkpoint to the worker as a bundle. A process of its own,
 * so the worker's event loop stays free to renew the job's lock while TensorFlow.js computes.
 * Exit codes: 0 complete, 130 stopped at a checkpoint, 2 a config that cannot run, other a failure.
 * With `--toolchain BACKEND` it only reports the toolchain BACKEND resolves to here.
 */
import { readFileSync } from 'node:fs';
import type { BackendName, BackendRequest } from '../../../agents/common/backend-names.js';
import { UserError } from '../../../env/errors/errors.js';
import { runTraining, trainingExitCode } from '../../train/train-entry.js';
import { checkpointBundle, jobPaths, latestCheckpointRef } from './job-dir.js';
import { localToolchain } from './toolchain.js';

/** What the worker writes to job.json for this process. */
export interface ChildSpec {
  readonly config: unknown;
  readonly backend: BackendName;
  readonly resume: boolean;
}

/** A message from this process to the worker. */
export interface CheckpointMessage {
  readonly type: 'checkpoint';
  readonly envSteps: number;
  readonly bundle: Buffer;
}

let stopRequested = false;

/** Sends the newest checkpoint if it is new; called while training is paused at a boundary. */
function checkpointSender(jobDir: string): () => void {
  let sentSteps = latestCheckpointRef(jobDir)?.envSteps ?? -1;
  return () => {
    const latest = latestCheckpointRef(jobDir);
    if (latest === null || latest.envSteps === sentSteps) return;
    const snapshot = checkpointBundle(jobDir);
    if (snapshot === null) return;
    sentSteps = snapshot.envSteps;
    const message: CheckpointMessage = { type: 'checkpoint', envSteps: snapshot.envSteps, bundle: snapshot.bundle };
    process.send?.(message);
  };
}

async function trainJob(jobDir: string): Promise<number> {
  // The worker died (kill -9, lost machine): stop at once; its lock lapses and another worker
  // resumes the run from the last checkpoint stored in Redis.
  process.on('disconnect', () => process.exit(1));
  process.on('message', (message) => {
    if (message === 'stop') stopRequested = true;
  });
  // Ctrl-C in a terminal reaches this process too: the worker decides, this process only checkpoints.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => (stopRequested = true));
  const spec = JSON.parse(readFileSync(jobPaths(jobDir).spec, 'utf8')) as ChildSpec;
  const sendNewCheckpoint = checkpointSender(jobDir);
  try {
    // The same entry as `execgym train` (and so as a local sweep's runs).
    const result = await runTraining(
      { config: spec.config, runDir: jobPaths(jobDir).runDir, backend: spec.backend, resume: spec.resume },
      {
        log: (line) => console.error(line),
        shouldStop: () => {
          sendNewCheckpoint();
          return stopRequested;
        },
      },
    );
    // The worker packs the final state itself once this process has exited.
    return trainingExitCode(result);
  } catch (error) {
    console.error(error instanceof UserError ? `execgym: ${error.message}` : (error as Error).stack);
    return trainingExitCode(error as Error);
  } finally {
    // Closing the channel ourselves is not the worker dying.
    process.removeAllListeners('disconnect');
  }
}

async function reportToolchain(backend: BackendRequest): Promise<number> {
  try {
    process.send?.(await localToolchain(backend));
    return 0;
  } catch (error) {
    console.error(`execgym: ${(error as Error).message}`);
    return 2;
  }
}

process.exitCode = process.argv[2] === '--toolchain' ? await reportToolchain(process.argv[3] as BackendRequest) : await trainJob(process.argv[2]);
process.disconnect?.();
