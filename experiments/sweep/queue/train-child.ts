/**
 * The training process of a queue worker: trains one job's run (fresh or from a restored
 * checkpoint) and sends every new checkpoint to the worker as a bundle. A process of its own,
 * so the worker's event loop stays free to renew the job's lock while TensorFlow.js computes.
 * Exit codes: 0 complete, 130 stopped at a checkpoint, 2 a config that cannot run, other a failure.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../../../env/errors.js';
import type { BackendName } from '../../../agents/common/backend-names.js';
import { runConfigSchema } from '../../config/run-config.js';
import { trainRun } from '../../train/train-run.js';
import { checkpointBundle, jobPaths, latestCheckpointRef } from './job-dir.js';

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

const jobDir = process.argv[2];
const spec = JSON.parse(readFileSync(jobPaths(jobDir).spec, 'utf8')) as ChildSpec;

// The worker died (kill -9, lost machine): stop at once; its lock lapses and another worker
// resumes the run from the last checkpoint stored in Redis.
process.on('disconnect', () => process.exit(1));
let stopRequested = false;
process.on('message', (message) => {
  if (message === 'stop') stopRequested = true;
});
// Ctrl-C in a terminal reaches this process too: the worker decides, this process only checkpoints.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => (stopRequested = true));

let sentSteps = latestCheckpointRef(jobDir)?.envSteps ?? -1;
/** Sends the newest checkpoint if it is new; called while training is paused at a boundary. */
function sendNewCheckpoint(): void {
  const latest = latestCheckpointRef(jobDir);
  if (latest === null || latest.envSteps === sentSteps) return;
  const snapshot = checkpointBundle(jobDir);
  if (snapshot === null) return;
  sentSteps = snapshot.envSteps;
  const message: CheckpointMessage = { type: 'checkpoint', envSteps: snapshot.envSteps, bundle: snapshot.bundle };
  process.send?.(message);
}

try {
  const result = await trainRun({
    config: runConfigSchema.parse(spec.config),
    runDir: jobPaths(jobDir).runDir,
    backend: spec.backend,
    resume: spec.resume,
    log: (line) => console.error(line),
    shouldStop: () => {
      sendNewCheckpoint();
      return stopRequested;
    },
  });
  // The worker packs the final state itself once this process has exited.
  process.exitCode = result.completed ? 0 : 130;
} catch (error) {
  console.error(error instanceof UserError ? `execgym: ${error.message}` : (error as Error).stack);
  process.exitCode = error instanceof UserError ? 2 : 1;
}
// Closing the channel ourselves is not the worker dying.
process.removeAllListeners('disconnect');
process.disconnect?.();
