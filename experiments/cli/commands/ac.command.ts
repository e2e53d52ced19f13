import type { Argv } from 'yargs';
import { acSchedule, describeUrgency, type AcInputs } from '../../../env/analytics/almgren-chriss.js';
import { acInputsFor, acIsExact } from '../../../env/analytics/ac-inputs.js';
import { scheduleExpectation } from '../../../env/analytics/schedule-objective.js';
import { resolveMarket, type MarketParams } from '../../../env/market/params.js';
import type { EnvSpec } from '../../../env/spec/schema.js';
import { resolveSpec } from '../../../env/registry.js';
import { UserError } from '../../../env/errors/errors.js';
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
        .option('S0', { type: 'string', describe: 'arrival price ($/share), for costs in bps of X S0 as everywhere else (taken from --env when given)' })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
        .example('execgym ac --X 1e6 --T 5 --N 5 --sigma 0.95 --eta 2.5e-6 --gamma 2.5e-7 --epsilon 0.0625 --lambda 1e-6 --S0 50', 'the AC paper example')
        .example('execgym ac --env ac-linear-v0 --json', 'the schedule of a registered env'),
    (argv) =>
      runCommand(() => {
        const spec = argv.env ? resolveSpec(stringFlag('env', argv.env)) : undefined;
        const market = spec ? resolveMarket(spec) : undefined;
        const base: Partial<AcInputs> = market ? acInputsFor(market) : {};
        const inputs = { ...base } as Record<string, number>;
        for (const field of FIELDS) {
          if (argv[field] !== undefined) inputs[field] = field === 'N' ? integerFlag('N', argv[field], 1, MAX_STEPS) : numberFlag(field, argv[field], (v) => RANGES[field].ok(v), RANGES[field].allowed);
          else if (inputs[field] === undefined) throw new UserError(`--${field} is required: ${RANGES[field].allowed} (or give --env)`);
        }
        checkAcInputs(inputs as unknown as AcInputs);
        const s = acSchedule(inputs as unknown as AcInputs);
        const onEnv = market && market.N === s.x.length - 1 ? envCost(spec!, market, s.x) : undefined;
        if (argv.json) {
          console.log(JSON.stringify({ inputs, kappa: s.kappa, x: Array.from(s.x), n: Array.from(s.n), expectedCost: s.expectedCost, variance: s.variance, objective: s.objective, ...(onEnv ? { env: onEnv } : {}) }, null, 2));
          return;
        }
        if (onEnv && !onEnv.exact) console.log(`note: ${onEnv.why}; the AC figures below are its prediction under those inputs, not the env's cost`);
        console.log(describeUrgency(s, inputs.T));
        console.log(`holdings x: ${Array.from(s.x, (v) => v.toFixed(2)).join(', ')}`);
        console.log(`trades n:   ${Array.from(s.n, (v) => v.toFixed(2)).join(', ')}`);
        console.log(`E = ${s.expectedCost.toFixed(2)} $   Var = ${s.variance.toExponential(6)} $^2   E + lambda Var = ${s.objective.toFixed(2)} $`);
        // bps of the arrival value X S0, as every other command reports; the paper's $ figures stay above.
        const S0 = argv.S0 === undefined ? undefined : numberFlag('S0', argv.S0, (v) => v > 0, 'a finite number > 0');
        const bpsPerDollar = S0 !== undefined ? 1e4 / (inputs.X * S0) : market?.bpsPerDollar;
        if (bpsPerDollar !== undefined) console.log(`in bps of X S0: E = ${(s.expectedCost * bpsPerDollar).toFixed(2)}   sd = ${(Math.sqrt(s.variance) * bpsPerDollar).toFixed(2)}   E + lambda Var = ${(s.objective * bpsPerDollar).toFixed(2)}`);
        else console.log('(give --S0, the arrival price, or --env for these costs in bps of X S0)');
        if (onEnv && onEnv.objectiveBps !== null) {
          const bps = market!.bpsPerDollar;
          console.log(`in bps of X S0: AC prediction ${(s.objective * bps).toFixed(2)}; the env's exact expected objective of this schedule ${onEnv.objectiveBps.toFixed(2)} (E[IS] ${onEnv.expectedCostBps!.toFixed(2)} + risk penalty ${onEnv.riskPenaltyBps!.toFixed(2)})`);
        }
      }),
  );
}

/**
 * The env's own exact expected objective of the schedule `x` (schedule-objective), and whether the
 * AC inputs were the market's own (then the prediction is exact) or a linearisation / average.
 */
function envCost(spec: EnvSpec, p: MarketParams, x: ArrayLike<number>) {
  const exact = acIsExact(p);
  const why = p.replay
    ? `${spec.id} replays recorded prices: this is the AC schedule of the spec's model, whose prediction the recorded paths need not follow (not exact)`
    : p.K > 1
    ? `${spec.id} has ${p.K} regimes: this is the AC schedule of the stationary-average inputs`
    : `${spec.id} has ${spec.impact.model} impact: this is the linearised AC schedule (eta~ matched at the TWAP rate${spec.impact.model === 'transient' ? ', the standing displacement left out' : ''})`;
  // A replay's expected cost over its recorded windows has no closed form: measure it with benchmark.
  if (p.replay) return { exact, why, objectiveBps: null, expectedCostBps: null, riskPenaltyBps: null };
  const e = scheduleExpectation(p, x);
  return { exact, why: exact ? 'the market is linear with one regime: AC is exact' : why, objectiveBps: e.objective * p.bpsPerDollar, expectedCostBps: e.expectedCost * p.bpsPerDollar, riskPenaltyBps: e.riskPenalty * p.bpsPerDollar };
}
