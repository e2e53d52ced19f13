import type { Argv } from 'yargs';
import { acSchedule, describeUrgency, type AcInputs } from '../../../env/analytics/almgren-chriss.js';
import { acInputsFor } from '../../../env/analytics/ac-inputs.js';
import { resolveMarket } from '../../../env/market/params.js';
import { resolveSpec } from '../../../env/registry.js';
import { UserError } from '../../../env/errors.js';
import { runCommand } from '../errors.js';

const FIELDS = ['X', 'T', 'N', 'sigma', 'eta', 'gamma', 'epsilon', 'lambda'] as const;

/** `execgym ac`: the exact discrete Almgren–Chriss schedule, E, Var and the objective. */
export function acCommand(yargs: Argv) {
  return yargs.command(
    'ac',
    'exact discrete Almgren–Chriss schedule: kappa, holdings, trades, E, Var, E + lambda Var',
    (y) =>
      y
        .option('env', { type: 'string', describe: 'take the inputs from an env id or spec file (flags override)' })
        .option('X', { type: 'number', describe: 'order size (shares)' })
        .option('T', { type: 'number', describe: 'horizon (days)' })
        .option('N', { type: 'number', describe: 'number of steps' })
        .option('sigma', { type: 'number', describe: 'volatility ($/share/day^0.5)' })
        .option('eta', { type: 'number', describe: 'temporary impact' })
        .option('gamma', { type: 'number', describe: 'permanent impact' })
        .option('epsilon', { type: 'number', describe: 'fixed cost ($/share)' })
        .option('lambda', { type: 'number', describe: 'risk aversion (1/$)' })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
        .example('execgym ac --X 1e6 --T 5 --N 5 --sigma 0.95 --eta 2.5e-6 --gamma 2.5e-7 --epsilon 0.0625 --lambda 1e-6', 'the AC paper example')
        .example('execgym ac --env ac-linear-v0 --json', 'the schedule of a registered env'),
    (argv) =>
      runCommand(() => {
        const base: Partial<AcInputs> = argv.env ? acInputsFor(resolveMarket(resolveSpec(argv.env))) : {};
        const inputs = { ...base } as Record<string, number>;
        for (const field of FIELDS) {
          const value = argv[field];
          if (value !== undefined) inputs[field] = value;
          if (inputs[field] === undefined || Number.isNaN(inputs[field])) {
            throw new UserError(`--${field} must be a number, got ${argv[field] ?? "nothing"}${argv.env ? "" : " (or give --env)"}`);
          }
        }
        const s = acSchedule(inputs as unknown as AcInputs);
        if (argv.json) {
          console.log(JSON.stringify({ inputs, kappa: s.kappa, x: Array.from(s.x), n: Array.from(s.n), expectedCost: s.expectedCost, variance: s.variance, objective: s.objective }, null, 2));
          return;
        }
        console.log(describeUrgency(s, inputs.T));
        console.log(`holdings x: ${Array.from(s.x, (v) => v.toFixed(2)).join(', ')}`);
        console.log(`trades n:   ${Array.from(s.n, (v) => v.toFixed(2)).join(', ')}`);
        console.log(`E = ${s.expectedCost.toFixed(2)} $   Var = ${s.variance.toExponential(6)} $^2   E + lambda Var = ${s.objective.toFixed(2)} $`);
      }),
  );
}
