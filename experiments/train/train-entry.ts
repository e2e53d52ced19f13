import type { BackendRequest } from '../../agents/common/backend-names.js';
import { parseOrThrow, UserError } from '../../env/errors/errors.js';
import { runConfigSchema } from '../run-config/run-config.js';
import type { TrainRunOptions, TrainRunResult } from './train-run.js';

/** A training to run: its config (as written or validated), run directory, backend and whether it resumes. */
export interface TrainRequest {
  readonly config: unknown;
  readonly runDir: string;
  readonly backend: BackendRequest;
  readonly resume: boolean;
}

/** What the process that runs a training watches: logs, progress, and when to stop at a checkpoint. */
export type TrainHooks = Pick<TrainRunOptions, 'log' | 'onProgress' | 'onBenchmarkProgress' | 'shouldStop'>;

/**
 * The one entry of a training, whoever starts it: `execgym train` (and so every run of a local
 * sweep, whose worker processes run that command) and a queue worker's training process. It
 * validates the config and trains; TensorFlow.js is loaded only here, not by the caller's imports.
 * @throws UserError for a config that cannot run, an occupied run directory or a bad resume
 */
export async function runTraining(request: TrainRequest, hooks: TrainHooks = {}): Promise<TrainRunResult> {
  const config = parseOrThrow(runConfigSchema, request.config, 'config');
  // trainRun checks the config against its env (the registered algorithm's runnable check) before it writes anything.
  const { trainRun } = await import('./train-run.js');
  return trainRun({ config, runDir: request.runDir, backend: request.backend, resume: request.resume, ...hooks });
}

/**
 * The exit code of a training process: 0 complete, 130 stopped at a checkpoint (resume it), 2 a
 * config or directory that cannot run (a UserError), 1 anything else.
 */
export function trainingExitCode(outcome: { completed: boolean } | Error): number {
  if (outcome instanceof UserError) return 2;
  if (outcome instanceof Error) return 1;
  return outcome.completed ? 0 : 130;
}
