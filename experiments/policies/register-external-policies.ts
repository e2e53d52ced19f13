import { registerPolicyResolver } from '../../baselines/registry.js';
import { UserError } from '../../env/errors/errors.js';
import { actionsFilePolicy } from './actions-file-policy.js';
import { procPolicy } from './proc-policy.js';

/**
 * Registers the policies that come from outside execgym, for `benchmark` and `frontier`:
 * `proc:CMD` (a process answering observation batches, e.g. a policy trained in Python) and
 * `actions:FILE.csv` (actions per market seed and step). Called once by the CLI.
 */
export function registerExternalPolicies(): void {
  registerPolicyResolver(
    'proc',
    (arg, env) => {
      if (arg === undefined || arg.trim() === '') throw new UserError('proc needs a command: proc:<command line> (e.g. proc:python3 my_policy.py)');
      return procPolicy(arg, env);
    },
    'proc:<command>',
  );
  registerPolicyResolver(
    'actions',
    (arg, env) => {
      if (arg === undefined || arg === '') throw new UserError('actions needs a file: actions:<file.csv> with columns seed, step, action');
      return actionsFilePolicy(arg, env);
    },
    'actions:<file.csv>',
  );
}
