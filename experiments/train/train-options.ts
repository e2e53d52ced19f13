import type { BackendRequest } from '../../agents/common/backend.js';
import type { ProgressEvent } from '../benchmark/evaluate-policies.js';
import type { RunConfig } from '../run-config/run-config.js';

/** Progress of a training run, for a progress bar. */
export interface TrainProgressEvent {
  readonly envSteps: number;
  readonly totalSteps: number;
  readonly stepsPerSecond: number;
  /** Mean return on the validation seeds at the last evaluation. */
  readonly evalReturn: number | null;
}

export interface TrainRunOptions {
  readonly config: RunConfig;
  readonly runDir: string;
  readonly backend?: BackendRequest;
  /** Continue the run in `runDir` from its last checkpoint. */
  readonly resume?: boolean;
  readonly log?: (line: string) => void;
  readonly onProgress?: (event: TrainProgressEvent) => void;
  readonly onBenchmarkProgress?: (event: ProgressEvent) => void;
  /** Polled at every episode boundary: true checkpoints and stops (Ctrl-C). */
  readonly shouldStop?: () => boolean;
  /** Stop (as if interrupted) at the first boundary at or after this many env steps: for tests. */
  readonly stopAfterSteps?: number;
  /** Leave out the final benchmark (tests). */
  readonly skipBenchmark?: boolean;
}
