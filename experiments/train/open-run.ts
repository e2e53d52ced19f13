import type { BackendRequest } from '../../agents/common/backend-names.js';
import { UserError } from '../../env/errors/errors.js';
import { readJsonObject } from '../../env/io/read-json.js';
import { hasRun, latestCheckpoint, readManifest, trainerStatePath, type RunManifest } from '../io/run-dir.js';
import { freshTrainerState, type TrainerState } from './trainer-state.js';

/** A run to train: from the start, or from its last checkpoint with the manifest it was started with. */
export type OpenedRun =
  | { readonly resume: false; readonly trainer: TrainerState; readonly backend: BackendRequest }
  | { readonly resume: true; readonly trainer: TrainerState; readonly backend: BackendRequest; readonly checkpointDir: string; readonly manifest: RunManifest };

/**
 * Why a recorded run cannot be continued with this config hash and backend request, or null
 * when it can. Another backend would not continue the same learning curve bit for bit.
 */
export function resumeRefusal(runDir: string, manifest: Pick<RunManifest, 'configHash' | 'backend'>, hash: string, backend: BackendRequest): string | null {
  if (manifest.configHash !== hash) return `--resume: the config differs from the one ${runDir} was started with (hash ${manifest.configHash.slice(0, 12)}, now ${hash.slice(0, 12)})`;
  if (backend !== 'auto' && backend !== manifest.backend) return `--resume: the run used backend ${manifest.backend}; resuming on ${backend} would not continue the same learning curve`;
  return null;
}

/**
 * Opens `runDir` for training: a new run needs a directory without one; a resumed run needs a
 * run started with the same config (hash `hash`) and a checkpoint, whose trainer state it returns.
 * @throws UserError for an occupied directory, or a run that cannot be resumed
 */
export function openRun(runDir: string, resume: boolean, hash: string, backend: BackendRequest): OpenedRun {
  if (!resume) {
    if (hasRun(runDir)) throw new UserError(`${runDir} already holds a run: pass --resume to continue it, or choose another --out`);
    return { resume: false, trainer: freshTrainerState(), backend };
  }
  if (!hasRun(runDir)) throw new UserError(`--resume: ${runDir} holds no run`);
  const manifest = readManifest(runDir);
  const refusal = resumeRefusal(runDir, manifest, hash, backend);
  if (refusal !== null) throw new UserError(refusal);
  const checkpointDir = latestCheckpoint(runDir);
  // Stopped before its first checkpoint: nothing but its own start files, so it starts again
  // (refusing would leave a directory that no command can move forward).
  if (checkpointDir === null) return { resume: false, trainer: freshTrainerState(), backend };
  const trainer = readJsonObject(trainerStatePath(checkpointDir), 'checkpoint state') as unknown as TrainerState;
  return { resume: true, trainer, backend: manifest.backend, checkpointDir, manifest };
}
