import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { selectBackend } from '../../agents/common/backend.js';
import { agentPolicy } from '../../agents/common/agent-policy.js';
import { fileHandler, loadAgentModel } from '../../agents/common/checkpoint.js';
import type { CompiledEnv } from '../../env/compile-env.js';
import { UserError } from '../../env/errors.js';
import type { Policy } from '../../env/policy.js';
import { runPaths } from './run-dir.js';

/**
 * The model directory for a run directory (its final `policy/`, or else its latest checkpoint) or
 * a directory holding a saved model itself (a checkpoint, `best/`, `policy/`).
 * @throws UserError when there is no saved model there
 */
export function modelDirFor(path: string): string {
  if (existsSync(join(path, 'model.json'))) return path;
  const paths = runPaths(path);
  if (existsSync(join(paths.policy, 'model.json'))) return paths.policy;
  if (existsSync(paths.latest)) return join(paths.checkpoints, (JSON.parse(readFileSync(paths.latest, 'utf8')) as { dir: string }).dir);
  throw new UserError(`${JSON.stringify(path)} is neither a run directory nor a saved model (no model.json, policy/ or checkpoints/)`);
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
