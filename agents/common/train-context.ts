import type { CompiledEnv } from '../../env/core/compile-env.js';
import type { AgentModel } from './agent-model.js';

/** Where a run is: counters at an episode boundary. */
export interface TrainProgress {
  readonly envSteps: number;
  readonly episodes: number;
  /** Gradient updates so far. */
  readonly updates: number;
  /** Training rounds started so far: round r resets the lanes on market seeds trainSeed(r) + i. */
  readonly rounds: number;
}

/** Scalars an update reports (losses, entropy, KL, ...), averaged by the harness between rows. */
export type Diagnostics = Readonly<Record<string, number>>;

/** What the harness may do with the agent at a boundary. */
export interface AgentHandle {
  /** The current policy (live variables: evaluate it now, do not keep it). */
  readonly model: AgentModel;
  /** Writes everything needed to resume into `dir` (see agents/common/checkpoint.ts). */
  saveCheckpoint(dir: string): Promise<void>;
}

/**
 * What a training function needs from the experiment harness (experiments/train), so that the
 * algorithm files hold only the algorithm: the env, the seed, the budget, where the training
 * episodes come from, and callbacks for logging, evaluation and checkpoints.
 */
export interface TrainContext<E = CompiledEnv> {
  /** The env to train on: a single-asset env, or (for an algorithm that registers `portfolio`) a portfolio's resolved market. */
  readonly env: E;
  readonly seed: number;
  readonly totalSteps: number;
  /** Market seed of lane 0 in training round r; lane i uses trainSeed(r) + i. */
  trainSeed(round: number): number;
  /** A checkpoint directory to continue from. */
  readonly resumeDir?: string;
  recordUpdate(diagnostics: Diagnostics): void;
  /** Returns (bps) of training episodes that just finished. */
  recordEpisodes(returns: ArrayLike<number>, count: number): void;
  /**
   * Called at every episode boundary (all lanes start a new episode together, since every episode
   * lasts exactly N steps), including once before training and once at the end. The harness
   * evaluates, logs and checkpoints here; it resolves to false to stop the run early.
   */
  atBoundary(progress: TrainProgress, agent: AgentHandle): Promise<boolean>;
}
