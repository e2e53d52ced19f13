import type { PortfolioBenchmarkFile } from '../io/portfolio-benchmark-dir.js';
import type { Interval } from '../stats/paired.js';
import type { PendingSection } from './benchmark-section.js';

const f2 = (v: number) => v.toFixed(2);
const ci = (i: Interval) => `${f2(i.mean)} [${f2(i.low)}, ${f2(i.high)}]`;

/**
 * A portfolio run's final benchmark (issue 24) as a table: every policy's objective, IS and risk
 * penalty on the test seeds, paired against the exact joint optimum, and the agent against
 * per-asset AC. Tables only: the per-episode charts of a single-asset benchmark need its episodes.csv.
 */
export function portfolioBenchmarkSection(b: PortfolioBenchmarkFile, title: string): PendingSection {
  const notes = [`${b.episodes} common-random-number episodes (market seeds ${b.seed}..); costs in bps of the total arrival notional; "${b.reference}" is the exact joint optimum (a static schedule is optimal without a signal), so no policy beats it beyond noise.`];
  if (b.agent) notes.push(`${b.agent.policy} minus per-asset AC, paired: ${ci(b.agent.vsAcObjectiveBps)} bps; minus the joint optimum: ${ci(b.agent.regretBps)} bps.`);
  return {
    title,
    notes,
    charts: [],
    tables: [
      {
        caption: `Portfolio benchmark on ${b.env}`,
        header: ['policy', 'E[IS + risk] bps [95% CI]', 'E[IS] bps', 'risk penalty bps', `minus ${b.reference}, paired [95% CI]`],
        rows: b.rows.map((r) => [r.policy, ci(r.objectiveBps), f2(r.shortfallBps.mean), f2(r.riskPenaltyBps.mean), r.vsReferenceBps ? ci(r.vsReferenceBps) : 'reference']),
      },
    ],
  };
}
