import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { selectBackend } from '../../agents/common/backend.js';
import { agentPolicy } from '../../agents/common/agent-policy.js';
import { fileHandler, loadAgentModel, weightsHash } from '../../agents/common/checkpoint.js';
import type { CompiledEnv } from '../../env/compile-env.js';
import { UserError } from '../../env/errors.js';
import type { Policy } from '../../env/policy.js';
import { readJsonObject } from '../../env/io/read-json.js';
import { isCompleteRun, latestCheckpoint, runPaths } from './run-dir.js';

/**
 * The model directory for a run directory (its final `policy/`, or else its latest checkpoint) or
 * a directory holding a saved model itself (a checkpoint, `best/`, `policy/`).
 * @throws UserError when there is no saved model there
 */
export function modelDirFor(path: string, warn: (line: string) => void = (line) => console.error(line)): string {
  if (existsSync(join(path, 'model.json'))) return path;
  const paths = runPaths(path);
  if (existsSync(paths.manifest) && !isCompleteRun(path)) {
    const latest = latestCheckpoint(path);
    if (latest === null) throw new UserError(`${JSON.stringify(path)} is an incomplete run (no result in manifest.json) without a checkpoint yet: nothing to load`);
    warn(`warning: ${path} is an incomplete run (no result in manifest.json): using its latest checkpoint ${latest}`);
    return latest;
  }
  if (existsSync(join(paths.policy, 'model.json'))) {
    checkRecordedWeights(path);
    return paths.policy;
  }
  const latest = latestCheckpoint(path);
  if (latest !== null) return latest;
  throw new UserError(`${JSON.stringify(path)} is neither a run directory nor a saved model (no model.json, policy/ or checkpoints/)`);
}

/**
 * The final policy's weights against the hash its manifest recorded.
 * @throws UserError when the weights file on disk is not the one the run wrote
 */
export function checkRecordedWeights(runDir: string): void {
  const manifest = readJsonObject(runPaths(runDir).manifest, 'run manifest') as { result?: { weightsHash?: unknown } };
  const recorded = manifest.result?.weightsHash;
  if (typeof recorded !== 'string') return;
  const policy = runPaths(runDir).policy;
  const onDisk = existsSync(join(policy, 'model.weights.bin')) ? weightsHash(policy) : 'missing';
  if (onDisk !== recorded) {
    throw new UserError(`${JSON.stringify(join(policy, 'model.weights.bin'))} is not the file the run wrote (sha256 ${onDisk.slice(0, 16)}.., manifest.json records ${recorded.slice(0, 16)}..): the run directory was modified`);
  }
}

/**
 * A trained agent as a policy on `env`, from a run directory or a checkpoint; named `run:<path>`
 * unless `name` is given. Chooses the TensorFlow.js backend if none is active.
 */
export async function loadRunPolicy(path: string, env: CompiledEnv, name = `run:${path}`): Promise<Policy> {
  const dir = modelDirFor(resolve(path));
  await selectBackend('auto');
  const model = await loadAgentModel(fileHandler(dir));
  return agentPolicy(model, name, env);
}
