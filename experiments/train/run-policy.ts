import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { selectBackend } from '../../agents/common/backend.js';
import { agentPolicy } from '../../agents/common/agent-policy.js';
import { fileHandler } from '../../agents/common/checkpoint.js';
import { MODEL_FILE } from '../../agents/common/model-files.js';
import { loadAgentModel } from '../../agents/load-agent-model.js';
import type { CompiledEnv } from '../../env/core/compile-env.js';
import { UserError } from '../../env/errors/errors.js';
import type { Policy } from '../../env/policy/policy.js';
import { portfolioAgentPolicy } from '../../agents/common/portfolio-agent-policy.js';
import type { PortfolioParams } from '../../env/portfolio/params.js';
import type { PortfolioPolicy } from '../../env/portfolio/policy.js';
import { hasRun, latestCheckpoint, policyFileProblems, readManifest, runPaths, type RunResult } from '../io/run-dir.js';

/**
 * The model directory for a run directory (its final `policy/`, checked against the manifest, or
 * else its latest checkpoint) or a directory holding a saved model itself (a checkpoint, `best/`,
 * `policy/`).
 * @throws UserError when there is no saved model there, or a policy file is missing or not the one the run wrote
 */
export function modelDirFor(path: string, warn: (line: string) => void = (line) => console.error(line)): string {
  if (existsSync(join(path, MODEL_FILE))) return path;
  if (hasRun(path)) {
    const manifest = readManifest(path);
    if (manifest.result !== undefined) {
      checkRecordedPolicy(path, manifest.result);
      return runPaths(path).policy;
    }
    const latest = latestCheckpoint(path);
    if (latest === null) throw new UserError(`${JSON.stringify(path)} is an incomplete run (no result in manifest.json) without a checkpoint yet: nothing to load`);
    warn(`warning: ${path} is an incomplete run (no result in manifest.json): using its latest checkpoint ${latest}`);
    return latest;
  }
  const latest = latestCheckpoint(path);
  if (latest !== null) return latest;
  throw new UserError(`${JSON.stringify(path)} is neither a run directory nor a saved model (no model.json, policy/ or checkpoints/)`);
}

/**
 * Every file of the final policy that the manifest hashes (weights, model.json with the
 * observation statistics), against the files on disk, and model.json's presence for a manifest
 * that hashed the weights only.
 * @throws UserError naming the first file that is missing or not the one the run wrote
 */
export function checkRecordedPolicy(runDir: string, result: RunResult): void {
  const problem = policyFileProblems(runDir, result)[0];
  if (problem) throw new UserError(problem.message);
  const model = join(runPaths(runDir).policy, MODEL_FILE);
  if (!existsSync(model)) throw new UserError(`${JSON.stringify(model)} is missing`);
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

/**
 * A trained portfolio agent (issue 24) as a policy on the portfolio market `p`, from a run
 * directory or a checkpoint, as {@link loadRunPolicy} does for a single-asset env.
 * @throws UserError when there is no saved model there, or it was not trained on a portfolio with these names and action
 */
export async function loadRunPortfolioPolicy(path: string, p: PortfolioParams, name = `run:${path}`): Promise<PortfolioPolicy> {
  const dir = modelDirFor(resolve(path));
  await selectBackend('auto');
  return portfolioAgentPolicy(await loadAgentModel(fileHandler(dir)), name, p);
}
