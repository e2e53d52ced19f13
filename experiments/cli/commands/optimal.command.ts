import type { Argv } from 'yargs';
import { ac } from '../../../baselines/ac.js';
import { optimumLabel } from '../../../env/analytics/optimum-label.js';
import { realisedHoldings } from '../../benchmark/evaluate-policies.js';
import { beliefDpUnsupported, solveBeliefDp } from '../../../env/analytics/belief-dp.js';
import { solveOptimal, type OptimalSolution } from '../../../env/analytics/optimal.js';
import type { MarketParams } from '../../../env/market/params.js';
import { scheduleExpectation } from '../../../env/analytics/schedule-objective.js';
import { compileEnv } from '../../../env/core/compile-env.js';
import { resolveSpec } from '../../../env/registry.js';
import { f2 } from '../../benchmark/format-summary.js';
import { runCommand } from '../errors.js';
import { isPortfolioEnv } from '../../../env/portfolio/registry.js';
import { printPortfolioOptimal } from '../../portfolio/portfolio-cli.js';

/** `execgym optimal`: the optimum of E[IS + risk penalty] on an env, how it was found, and what it is. */
export function optimalCommand(yargs: Argv) {
  return yargs.command(
    'optimal',
    'the optimum of E[IS + risk penalty] on an env: value, schedule (or expected path), method, whether adaptive or an oracle',
    (y) =>
      y
        .option('env', { type: 'string', demandOption: true, describe: 'a registered env id or a JSON spec file' })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
        .example('execgym optimal --env transient-v0', 'the optimal schedule under the Obizhaeva–Wang propagator'),
    (argv) =>
      runCommand(() => {
        // A portfolio env (issue 24) has a spec and an optimum of its own.
        if (isPortfolioEnv(argv.env)) return printPortfolioOptimal(argv.env, argv.json);
        const env = compileEnv(resolveSpec(argv.env));
        const p = env.params;
        const s = solveOptimal(p, env.spec.action);
        // The static AC schedule a desk would run, as the env executes it (the action cap may clip
        // its first trades), costed exactly by the env's own expectation.
        const acBps = scheduleExpectation(p, realisedHoldings(env, ac(env), 0)).objective * p.bpsPerDollar;
        const label = optimumLabel(p, s);
        const { regimeDp: _dp, gridDp: _grid, ...rest } = s;
        const nonOracle = nonOracleOptimum(p, s);
        // Next to an oracle bound, say why the non-oracle value is missing (e.g. N above the belief DP's limit).
        const nonOracleUnavailable = s.oracle && !nonOracle ? beliefDpUnsupported(p) : undefined;
        const out = { env: env.spec.id, label: { kind: label.kind, isBound: label.isBound, toleranceBps: label.toleranceBps, sentence: label.sentence }, ...rest, holdings: Array.from(s.holdings), trades: Array.from(s.trades), acObjectiveBps: acBps, ...(nonOracle ? { nonOracle } : {}), ...(nonOracleUnavailable ? { nonOracleUnavailable } : {}) };
        if (argv.json) {
          console.log(JSON.stringify(out, null, 2));
          return;
        }
        console.log(`${env.spec.id}: ${label.short} by ${s.method}${s.adaptive ? ` (adaptive: reacts to ${s.riccati ? 'the observed alpha' : 'the regime'})` : ' (a static schedule)'}${s.oracle ? ', an ORACLE: reads the hidden regime' : ''}`);
        console.log(`E[IS + risk penalty] = ${f2(s.objectiveBps)} bps = E[IS] ${f2(s.expectedCostBps)} + risk penalty ${f2(s.riskPenaltyBps)}   (static ac as executed: ${f2(acBps)} bps, exact)`);
        console.log(`what it is: ${label.sentence}`);
        console.log(`${s.holdingsAre === 'the schedule' ? 'holdings x' : 'E[x_k]'}: ${Array.from(s.holdings, (v) => v.toFixed(0)).join(', ')}`);
        console.log(`action limits (aMax ${s.aMax}): ${s.constraints.unconstrainedFeasible ? 'the unconstrained optimum respects them' : s.riccati ? `the feedback can leave ${s.constraints.violated.join('; ')}: the policy clips there (see the notes)` : `the unconstrained optimum violates ${s.constraints.violated.join('; ')}; solved with the limits (active: ${s.constraints.active.join('; ')})`}`);
        const ec = s.executionConstraints;
        if (ec) {
          const cap = ec.capBindingSteps.length > 0 ? `; the participation cap binds at steps ${ec.capBindingSteps.join(', ')}${s.adaptive ? ' (on some paths)' : ''}` : ec.respected.some((r) => r.startsWith('the participation cap')) ? '; the participation cap does not bind' : '';
          console.log(`execution constraints: respected: ${ec.respected.length > 0 ? ec.respected.join('; ') : 'none'}${cap}; dropped: ${ec.dropped.length > 0 ? `${ec.dropped.join('; ')} (the value is a relaxation: a lower bound)` : 'none'}`);
        }
        if (nonOracle) console.log(`the best policy that does not read the regime (belief-optimal): E[IS + risk penalty] = ${f2(nonOracle.objectiveBps)} bps, ${nonOracle.note}`);
        if (nonOracleUnavailable) console.log(`the best policy that does not read the regime (belief-optimal) is not computed: ${nonOracleUnavailable}`);
        for (const note of s.notes) console.log(`note: ${note}`);
      }),
  );
}

/**
 * Next to an oracle bound, the best policy that does not read the regime where the belief DP
 * applies (linear impact, the same epsilon and gamma in every regime), so that "x% of the
 * achievable gap" can be said; undefined elsewhere.
 */
function nonOracleOptimum(p: MarketParams, s: OptimalSolution) {
  if (!s.oracle || beliefDpUnsupported(p) !== undefined) return undefined;
  const belief = solveBeliefDp(p, s.aMax);
  return {
    policy: 'belief-optimal',
    method: 'belief-dp',
    exact: false,
    objectiveBps: belief.objectiveBps,
    gridResolution: belief.grid.m,
    quadratureStep: belief.quadratureStep,
    note: `by the belief DP over the Hamilton filter's belief (simplex grid m = ${belief.grid.m}, trapezoid step ${belief.quadratureStep}): numerical, a lower bound on the best non-oracle value up to the quadrature error that rises to it as m grows${p.constraints ? "; it ignores the spec's execution constraints (it solves a relaxation, still a lower bound)" : ''}`,
  };
}
