import { optimal, type OptimalPolicy } from '../../baselines/optimal.js';
import { actionMultiplierCap } from '../../env/analytics/schedule-constraints.js';
import { compileEnv, type CompiledEnv } from '../../env/core/compile-env.js';

/**
 * The `optimal` policy of this env as a regret reference, or null where no solver covers it
 * (transient impact with regimes) or where it is no bound: on a passive env the solvers' optimum
 * is the best market-order policy, which limit orders can beat.
 */
export function optimumPolicy(env: CompiledEnv): OptimalPolicy | null {
  if (env.params.execution) return null;
  try {
    return optimal(env);
  } catch {
    return null;
  }
}

/**
 * The env on which a regret's reference runs: null for a Box env (the reference is `optimal` on the
 * env itself), or for a Discrete env the same market with a Box action up to the largest level,
 * whose market paths are the same seed for seed (every draw is taken whatever the action), so a
 * regret against the continuous optimum is still paired.
 */
export function continuousTwin(env: CompiledEnv): CompiledEnv | null {
  const action = env.spec.action;
  if (action.type !== 'discrete') return null;
  return compileEnv({ ...env.spec, action: { type: 'box', aMax: actionMultiplierCap(action), mode: 'clip' } });
}

/** `optimal` where the regret's reference runs: on the env, or on its continuous twin. */
export function regretReference(env: CompiledEnv): { env: CompiledEnv; policy: OptimalPolicy } | null {
  const twin = continuousTwin(env) ?? env;
  const policy = optimumPolicy(twin);
  return policy ? { env: twin, policy } : null;
}
