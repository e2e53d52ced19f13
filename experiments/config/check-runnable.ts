import type { CompiledEnv } from '../../env/compile-env.js';
import { agentRunnableProblem } from '../../agents/registry.js';
import { UserError } from '../../env/errors.js';
import { resolveRunEnv } from './resolve-env.js';
import type { RunConfig } from './run-config.js';

/**
 * The checks of a config that need its env (action space, episode length), done before a run
 * directory is created: a config that fails one must not leave a half-made run behind.
 * @returns the run's env
 * @throws UserError naming the config field, its value and what is allowed
 */
export function checkRunnable(config: RunConfig): CompiledEnv {
  const env = resolveRunEnv(config.env);
  // Each algorithm says what it needs of the env (agents/registry.ts).
  const problem = agentRunnableProblem(config.agent, env);
  if (problem !== null) throw new UserError(problem);
  return env;
}
