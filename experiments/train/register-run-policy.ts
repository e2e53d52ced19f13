import { basename, resolve } from 'node:path';
import { registerPolicyResolver } from '../../baselines/registry.js';
import { UserError } from '../../env/errors/errors.js';

let registered = false;

/**
 * Registers `run:<dir>` with the policy registry, so that `execgym benchmark --policies
 * ac,twap,run:runs/ppo-ac-linear-seed0` (or a checkpoint directory) evaluates a trained agent.
 * Called by the CLI at start-up, and by a library user who wants to name agents that way;
 * explicit rather than a side effect of an import, so that importing execgym changes no global
 * registry. Idempotent. TensorFlow.js is imported only when such a policy is asked for.
 */
export function registerRunPolicy(): void {
  if (registered) return;
  registered = true;
  registerPolicyResolver(
    'run',
    async (arg, env) => {
      if (arg === undefined || arg === '') throw new UserError('run needs a path: run:<run directory or checkpoint directory>');
      const { loadRunPolicy } = await import('./run-policy.js');
      return loadRunPolicy(arg, env, `run:${basename(resolve(arg))}`);
    },
    'run:<run dir or checkpoint dir>',
  );
}
