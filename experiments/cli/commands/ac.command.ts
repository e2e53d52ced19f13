import type { Argv } from 'yargs';
import { acSchedule, describeUrgency, type AcInputs } from '../../../env/analytics/almgren-chriss.js';
import { acInputsFor } from '../../../env/analytics/ac-inputs.js';
import { resolveMarket } from '../../../env/market/params.js';
import { resolveSpec } from '../../../env/registry.js';
import { UserError } from '../../../env/errors.js';
import { checkAcInputs, MAX_STEPS } from '../../../env/spec/bounds.js';
import { runCommand } from '../errors.js';
import { integerFlag, numberFlag, stringFlag } from '../flags.js';

const FIELDS = ['X', 'T', 'N', 'sigma', 'eta', 'gamma', 'epsilon', 'lambda'] as const;

const positive = { ok: (v: number) => v > 0, allowed: 'a finite number > 0' };
const nonNegative = { ok: (v: number) => v >= 0, allowed: 'a finite number >= 0' };
const RANGES: Record<(typeof FIELDS)[number], { ok: (v: number) => boolean; allowed: string }> = {
  X: positive,
  T: positive,
  N: { ok: (v) => Number.isInteger(v) && v >= 1 && v <= MAX_STEPS, allowed: `an integer in [1, ${MAX_STEPS}]` },
  sigma: positive,
  eta: positive,
  gamma: nonNegative,
  epsilon: nonNegative,
  lambda: nonNegative,
};

/** `execgym ac`: the exact discrete Almgren–Chriss schedule, E, Var and the objective. */
export function acCommand(yargs: Argv) {
  return yargs.command(
    'ac',
    'exact discrete Almgren–Chriss schedule: kappa, holdings, trades, E, Var, E + lambda Var',
    (y) =>
      y
        .option('env', { type: 'string', describe: 'take the inputs from an env id or spec file (flags override)' })
        .option('X', { type: 'string', describe: 'order size (shares)' })
        .option('T', { type: 'string', describe: 'horizon (days)' })
        .option('N', { type: 'string', describe: 'number of steps' })
        .option('sigma', { type: 'string', describe: 'volatility ($/share/day^0.5)' })
        .option('eta', { type: 'string', describe: 'temporary impact' })
        .option('gamma', { type: 'string', describe: 'permanent impact' })
        .option('epsilon', { type: 'string', describe: 'fixed cost ($/share)' })
        .option('lambda', { type: 'string', describe: 'risk aversion (1/$)' })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
        .example('execgym ac --X 1e6 --T 5 --N 5 --sigma 0.95 --eta 2.5e-6 --gamma 2.5e-7 --epsilon 0.0625 --lambda 1e-6', 'the AC paper example')
        .example('execgym ac --env ac-linear-v0 --json', 'the schedule of a registered env'),
    (argv) =>
      runCommand(() => {
        const base: Partial<AcInputs> = argv.env ? acInputsFor(resolveMarket(resolveSpec(stringFlag('env', argv.env)))) : {};
        const inputs = { ...base } as Record<string, number>;
        for (const field of FIELDS) {
          if (argv[field] !== undefined) inputs[field] = field === 'N' ? integerFlag('N', argv[field], 1, MAX_STEPS) : numberFlag(field, argv[field], (v) => RANGES[field].ok(v), RANGES[field].allowed);
          else if (inputs[field] === undefined) throw new UserError(`--${field} is required: ${RANGES[field].allowed} (or give --env)`);
        }
        checkAcInputs(inputs as unknown as AcInputs);
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
