import type { CompiledEnv } from '../../env/compile-env.js';
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
  const agent = config.agent;
  if (agent.type === 'dqn' && env.spec.action.type !== 'discrete') {
    throw new UserError(`config.agent: dqn needs a Discrete action space; env ${env.spec.id} has a ${env.spec.action.type} one (set env.overrides.action to {"type": "discrete", "levels": [...]})`);
  }
  if (agent.type === 'ppo') {
    const batchSize = agent.numEnvs * agent.episodesPerRollout * env.params.N;
    if (agent.numMinibatches > batchSize) {
      throw new UserError(`config.agent.numMinibatches must be <= the batch numEnvs x episodesPerRollout x N = ${agent.numEnvs} x ${agent.episodesPerRollout} x ${env.params.N} = ${batchSize}, got ${agent.numMinibatches}`);
    }
  }
  return env;
}
