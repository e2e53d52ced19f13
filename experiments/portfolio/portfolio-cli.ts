import { PORTFOLIO_BASELINES, portfolioBaseline, type PortfolioBaselineName } from '../../baselines/portfolio-baselines.js';
import { UserError } from '../../env/errors/errors.js';
import { portfolioClosedForm } from '../../env/portfolio/analytics/closed-form.js';
import { solvePortfolioOptimum } from '../../env/portfolio/analytics/portfolio-optimum.js';
import { portfolioScheduleCost } from '../../env/portfolio/analytics/schedule-cost.js';
import type { PortfolioParams } from '../../env/portfolio/params.js';
import type { PortfolioPolicy } from '../../env/portfolio/policy.js';
import { basename, resolve } from 'node:path';
import { portfolioParams, resolvePortfolioSpec } from '../../env/portfolio/registry.js';
import { runPortfolioEpisodes, summarizePortfolio, type PortfolioBenchmarkRow } from './portfolio-benchmark.js';

const f2 = (v: number) => v.toFixed(2);
const f3 = (v: number) => v.toFixed(3);

/** Why the optimum is exact, in one sentence the output carries. */
const EXACT_NOTE =
  'exact over every policy the env can play: with no signal a static schedule is optimal (the timing cost has mean zero for any adapted policy); ' +
  "the fixed cost epsilon'|n| is the constant epsilon'|X| on monotone schedules (each name only toward zero), which are exactly the schedules the action space reaches, so the QP without it is the problem";

/** The m x (N + 1) holdings as one array per name. */
function perName(p: PortfolioParams, x: ArrayLike<number>): number[][] {
  return p.symbols.map((_, j) => Array.from(x).slice(j * (p.N + 1), (j + 1) * (p.N + 1)));
}

/** What `execgym optimal --env <portfolio env>` prints: the exact optimum and the static baselines' exact values. */
export function portfolioOptimalReport(idOrPath: string) {
  const spec = resolvePortfolioSpec(idOrPath);
  const p = portfolioParams(idOrPath);
  const o = solvePortfolioOptimum(p);
  const bps = p.bpsPerDollar;
  const baselines = Object.fromEntries(
    (Object.keys(PORTFOLIO_BASELINES) as PortfolioBaselineName[])
      .filter((name) => name !== 'optimal')
      .map((name) => {
        const c = portfolioScheduleCost(p, PORTFOLIO_BASELINES[name](p));
        return [name, { objectiveBps: c.objective * bps, expectedCostBps: c.expectedCost * bps, riskPenaltyBps: c.riskPenalty * bps }];
      }),
  );
  let closedForm: { maxHoldingsDifferenceShares: number; kappa: number[] } | string;
  try {
    const cf = portfolioClosedForm(p);
    closedForm = { maxHoldingsDifferenceShares: Math.max(...Array.from(cf.holdings, (v, i) => Math.abs(v - o.holdings[i]))), kappa: Array.from(cf.kappa) };
  } catch (error) {
    closedForm = (error as Error).message;
  }
  return {
    env: spec.id,
    kind: 'portfolio',
    exact: o.exact,
    method: o.method,
    note: EXACT_NOTE,
    symbols: p.symbols,
    sides: spec.assets.map((a) => a.side),
    holdings: perName(p, o.holdings),
    objectiveBps: o.objectiveBps,
    expectedCostBps: o.expectedCostBps,
    riskPenaltyBps: o.riskPenaltyBps,
    expectedCostBpsByName: Object.fromEntries(p.symbols.map((s, j) => [s, o.cost.expectedCostByName[j] * bps])),
    constraints: o.constraints,
    baselines,
    closedForm,
  };
}

/** Prints {@link portfolioOptimalReport} as JSON or as a few lines. */
export function printPortfolioOptimal(idOrPath: string, json: boolean): void {
  const r = portfolioOptimalReport(idOrPath);
  if (json) {
    console.log(JSON.stringify(r, null, 2));
    return;
  }
  console.log(`${r.env}: exact optimum by ${r.method === 'kkt' ? 'the KKT solve of the equality-constrained QP' : 'the active-set QP within the action limits'} (a static schedule)`);
  console.log(`E[IS + risk penalty] = ${f3(r.objectiveBps)} bps = E[IS] ${f3(r.expectedCostBps)} + risk penalty ${f3(r.riskPenaltyBps)}   (exact: ${Object.entries(r.baselines).map(([n, b]) => `${n} ${f3(b.objectiveBps)}`).join(', ')})`);
  r.symbols.forEach((s, j) => console.log(`${s} (${r.sides[j]}): x = ${r.holdings[j].map((v) => v.toFixed(0)).join(', ')}`));
  const c = r.constraints;
  console.log(`action limits (aMax ${c.aMax}): ${c.unconstrainedFeasible ? 'the unconstrained optimum respects them' : `the unconstrained optimum violates ${c.violated.length} (${c.violated.slice(0, 3).join('; ')}${c.violated.length > 3 ? '; ...' : ''}); binding at the optimum: ${c.active.join('; ')}`}`);
  if (typeof r.closedForm !== 'string') console.log(`closed form (generalised eigenproblem): kappa = ${r.closedForm.kappa.map((k) => k.toPrecision(4)).join(', ')} /day; agrees with the KKT solve to ${r.closedForm.maxHoldingsDifferenceShares.toExponential(1)} shares`);
  console.log(`note: ${r.note}`);
}

/**
 * `execgym benchmark --env <portfolio env>`: the portfolio baselines and trained agents
 * (`run:<run dir or checkpoint>`) on common random numbers, each paired against the joint optimum.
 * @throws UserError for an unknown policy name, or a run whose policy does not fit this portfolio
 */
export async function runPortfolioBenchmarkCli(idOrPath: string, names: readonly string[], episodes: number, seed: number, json: boolean): Promise<PortfolioBenchmarkRow[]> {
  const p = portfolioParams(idOrPath);
  const known = Object.keys(PORTFOLIO_BASELINES);
  const expanded = names.flatMap((n) => (n === 'all' ? known : [n]));
  for (const n of expanded) if (!known.includes(n) && !n.startsWith('run:')) throw new UserError(`--policies: unknown portfolio policy ${JSON.stringify(n)}; known: ${known.join(', ')}, run:<run dir or checkpoint dir>, or all`);
  const policies = [portfolioBaseline('optimal', p)];
  for (const n of expanded.filter((name) => name !== 'optimal')) policies.push(n.startsWith('run:') ? await runPolicy(n.slice(4), p) : portfolioBaseline(n as PortfolioBaselineName, p));
  const runs = policies.map((policy) => runPortfolioEpisodes(p, policy, episodes, seed));
  const shown = new Set(policies.filter((policy, i) => i > 0 || expanded.includes('optimal')).map((policy) => policy.name));
  const rows = summarizePortfolio(runs, 'optimal').filter((r) => shown.has(r.policy));
  if (json) console.log(JSON.stringify({ env: resolvePortfolioSpec(idOrPath).id, episodes, seed, reference: 'optimal', rows }, null, 2));
  else {
    console.log(`| policy | E[IS + risk] bps (95% CI) | E[IS] bps | risk penalty bps | minus optimal, paired (95% CI) |`);
    console.log(`| --- | --- | --- | --- | --- |`);
    for (const r of rows) {
      const d = r.vsReferenceBps;
      console.log(`| ${r.policy} | ${f2(r.objectiveBps.mean)} [${f2(r.objectiveBps.low)}, ${f2(r.objectiveBps.high)}] | ${f2(r.shortfallBps.mean)} | ${f3(r.riskPenaltyBps.mean)} | ${d ? `${f3(d.mean)} [${f3(d.low)}, ${f3(d.high)}]` : 'reference'} |`);
    }
  }
  return rows;
}

/** `run:<dir>` on a portfolio env: the trained agent of a run or checkpoint directory, named run:<basename>. */
async function runPolicy(path: string, p: PortfolioParams): Promise<PortfolioPolicy> {
  if (path === '') throw new UserError('run needs a path: run:<run directory or checkpoint directory>');
  const { loadRunPortfolioPolicy } = await import('../train/run-policy.js');
  return loadRunPortfolioPolicy(path, p, `run:${basename(resolve(path))}`);
}
