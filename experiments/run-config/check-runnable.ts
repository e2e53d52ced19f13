import type { CompiledEnv } from '../../env/core/compile-env.js';
import type { ResolvedPortfolio } from '../../env/portfolio/registry.js';
import { agentPortfolioProblem, agentRunnableProblem } from '../../agents/registry.js';
import { UserError } from '../../env/errors/errors.js';
import { resolveRunMarket } from './resolve-env.js';
import type { RunConfig } from './run-config.js';

/**
 * The checks of a config that need its env (action space, episode length), done before a run
 * directory is created: a config that fails one must not leave a half-made run behind.
 * @returns the run's env (a single-asset env or a portfolio's market)
 * @throws UserError naming the config field, its value and what is allowed
 */
export function checkRunnable(config: RunConfig): CompiledEnv | ResolvedPortfolio {
  const env = resolveRunMarket(config.env);
  // Each algorithm says what it needs of the env (agents/registry.ts).
  const problem = 'kind' in env ? agentPortfolioProblem(config.agent, env) : agentRunnableProblem(config.agent, env);
  if (problem !== null) throw new UserError(problem);
  return env;
}
