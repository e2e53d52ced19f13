import { makeRng, restoreRng, type Rng, type RngState } from '../../env/random/rng.js';
import { RunningNorm } from '../../env/wrappers/running-norm.js';
import type { Adam } from './adam.js';
import type { AgentModel } from './agent-model.js';
import { restoreTrainingSnapshot, saveTrainingSnapshot } from './checkpoint.js';
import type { AgentHandle, TrainProgress } from './train-context.js';

/** The names of a PPO-family run's child streams of its seed (e.g. PPO_STREAMS, RPPO_STREAMS). */
export interface PpoStreamNames {
  /** Weight initialisation. */
  readonly init: string;
  /** Action sampling in the rollout. */
  readonly action: string;
  /** Minibatch order in the update. */
  readonly minibatch: string;
}

/** What a PPO-family checkpoint's state.json holds besides the weights. */
export interface PpoCheckpointState {
  readonly progress: TrainProgress;
  readonly rngs: { readonly action: RngState; readonly minibatch: RngState };
}

/**
 * What a PPO-family run (agents/ppo.ts, agents/recurrent-ppo.ts) carries from one round to the next
 * besides its weights and Adam's moments: the counters, the seed's named streams and the observation
 * statistics; restored from a checkpoint, saved into one, and applied to the observations.
 * The networks, the rollout and the update stay in the agent's file.
 */
export class PpoRunState {
  /** Draws the initial weights; not checkpointed, since a resumed run overwrites them. */
  readonly initRng: Rng;
  actionRng: Rng;
  minibatchRng: Rng;
  progress: TrainProgress = { envSteps: 0, episodes: 0, updates: 0, rounds: 0 };
  /** Running statistics of the observations (config normObs), else null. */
  obsNorm: RunningNorm | null;

  /**
   * @param seed the run's seed, from which the three streams named in `streams` are derived
   * @param obsDim the observation's columns
   * @param normObs whether observations are standardised with running statistics
   */
  constructor(
    seed: number,
    streams: PpoStreamNames,
    readonly obsDim: number,
    normObs: boolean,
  ) {
    this.initRng = makeRng(seed, streams.init);
    this.actionRng = makeRng(seed, streams.action);
    this.minibatchRng = makeRng(seed, streams.minibatch);
    this.obsNorm = normObs ? new RunningNorm(obsDim) : null;
  }

  /**
   * Continues from the checkpoint in `dir`: its weights and moments into `model` and `optimizer`,
   * then the counters, the action and minibatch streams and the observation statistics.
   */
  async restore(dir: string, model: AgentModel, optimizer: Adam): Promise<void> {
    const restored = await restoreTrainingSnapshot<PpoCheckpointState>(dir, { model, optimizer });
    this.progress = restored.state.progress;
    this.actionRng = restoreRng(restored.state.rngs.action);
    this.minibatchRng = restoreRng(restored.state.rngs.minibatch);
    this.obsNorm = restored.obsNorm ? RunningNorm.fromState(restored.obsNorm) : null;
  }

  /** Counts a finished training round: its env steps, the episodes that ended in it and its gradient updates. */
  advance(envSteps: number, episodes: number, updates: number): void {
    const p = this.progress;
    this.progress = { envSteps: p.envSteps + envSteps, episodes: p.episodes + episodes, updates: p.updates + updates, rounds: p.rounds + 1 };
  }

  /** The agent as the harness sees it at a boundary: the current `model()`, and checkpoints of it with this state. */
  handle(model: () => AgentModel, optimizer: Adam): AgentHandle {
    return {
      get model() {
        return model();
      },
      saveCheckpoint: (dir) =>
        saveTrainingSnapshot<PpoCheckpointState>(dir, {
          model: model(),
          optimizer,
          state: { progress: this.progress, rngs: { action: this.actionRng.state(), minibatch: this.minibatchRng.state() } },
        }),
    };
  }

  /** Writes the first `rows` observations of `obs` into `out` as the networks see them: standardised with the current statistics. */
  normalized(obs: Float32Array, rows: number, out: Float32Array): Float32Array {
    if (this.obsNorm) return this.obsNorm.normalize(obs, rows, out);
    out.set(obs.subarray(0, rows * this.obsDim));
    return out;
  }
}
