import type { Argv } from 'yargs';
import { describeConstraints } from '../../../env/market/constraints.js';
import { observationFeatures } from '../../../env/market/observation.js';
import { resolveMarket } from '../../../env/market/params.js';
import { registeredIds, resolveSpec } from '../../../env/registry.js';
import { runCommand } from '../errors.js';

/** `execgym envs`: the registered envs with their resolved specs. */
export function envsCommand(yargs: Argv) {
  return yargs.command(
    'envs',
    'list the registered envs (with --json: their full resolved specs)',
    (y) => y.option('json', { type: 'boolean', default: false, describe: 'print the resolved specs as JSON' }),
    (argv) =>
      runCommand(() => {
        const specs = registeredIds().map((id) => resolveSpec(id));
        if (argv.json) {
          console.log(JSON.stringify(specs, null, 2));
          return;
        }
        for (const spec of specs) {
          const p = resolveMarket(spec);
          const hidden = observationFeatures(p).filter((f) => f.hiddenState).length;
          const leak = hidden > 0 ? `  [observation has ${hidden} hidden-state columns: oracle]` : '';
          console.log(`${spec.id.padEnd(20)} ${spec.impact.model.padEnd(12)} K=${p.K} N=${p.N} T=${p.T}d  action ${spec.action.type}${leak}`);
          if (spec.description) console.log(`${' '.repeat(21)}${spec.description}`);
          const constraints = describeConstraints(spec.constraints);
          if (constraints) console.log(`${' '.repeat(21)}constraints: ${constraints}`);
        }
      }),
  );
}
