import type { RunConfig } from '../run-config/run-config.js';

/** A run still to train, as data (what a queue job carries); `tasks` holds the same runs as CLI calls. */
export interface PendingRun {
  readonly label: string;
  readonly runDir: string;
  /** The setting's validated config (as config.json holds it) with the run's seed, as `train --seed` sets it. */
  readonly config: RunConfig;
  /** The run directory holds a checkpoint to continue from. */
  readonly resume: boolean;
}
